// Astro Actions, discovered here as in an Astro project (src/actions/index.*, exported as
// `server`). The account page's form posts to `?_action=account.saveNote`; src/middleware.mjs
// runs it and redirects back (Post/Redirect/Get).
import { ActionError, defineAction } from 'astro-bridge';

export const server = {
  account: {
    saveNote: defineAction({
      accept: 'form', // without `input`, the handler gets the posted FormData
      handler: async (form, context) => {
        if (!context.locals.user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
        const note = String(form.get('note') ?? '').trim().slice(0, 200);
        if (!note) throw new ActionError({ code: 'BAD_REQUEST', message: 'Write a note first.' });
        context.session.set('note', note);
        return { note };
      },
    }),
  },
};
