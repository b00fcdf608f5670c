// The global `App` namespace, exactly as Astro declares it, so users type their locals the Astro way:
//   declare global { namespace App { interface Locals { user?: User } } }
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace App {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Locals {}
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface SessionData {}
  }
}

export {};
