// An Astro endpoint: signs the user out and removes the stored session.
export function POST({ session, redirect }) {
  session.destroy();
  return redirect('/', 303);
}
