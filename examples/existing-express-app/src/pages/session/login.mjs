// An Astro endpoint: signs the user in (a new session id on login: a fixed id is worthless).
export async function POST({ request, session, redirect }) {
  const form = await request.formData();
  const name = String(form.get('name') ?? '').trim();
  if (!name) return new Response('A name is required', { status: 400 });
  const next = String(form.get('next') ?? '/');
  await session.regenerate();
  session.set('user', { name, since: new Date() });
  // Only local paths: never redirect to another site from a form field.
  return redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/', 303);
}
