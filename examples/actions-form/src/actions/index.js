// The actions, where Astro keeps them: `src/actions/index`, exporting `server`.
'use strict';
const z = require('zod');
const { ActionError, defineAction } = require('astro-bridge');

/** The guestbook, in memory: a real app would use a database. */
const entries = [];

exports.entries = entries;

exports.server = {
  guestbook: {
    // `accept: 'form'`: the input is the posted form, coerced the way Astro does for zod
    // (the `subscribe` checkbox becomes a boolean).
    sign: defineAction({
      accept: 'form',
      input: z.object({
        // An empty field arrives as null (Astro's coercion): `error` words that case too.
        name: z.string({ error: 'Tell us your name' }).trim().min(1, 'Tell us your name').max(40),
        message: z.string({ error: 'Write a message' }).trim().min(1, 'Write a message').max(280),
        subscribe: z.boolean(),
      }),
      handler: ({ name, message, subscribe }) => {
        if (entries.length >= 100) throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: 'The guestbook is full.' });
        const entry = { name, message, subscribe, at: new Date() };
        entries.unshift(entry);
        return { entry, count: entries.length };
      },
    }),
    // A JSON action: the page's script calls it to refresh the list.
    list: defineAction({ handler: () => entries.slice(0, 20) }),
  },
};
