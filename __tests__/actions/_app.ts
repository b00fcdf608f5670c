// The actions every host test serves: zod 4 and valibot inputs, JSON and form actions, nested
// names, and a page that shows a form action's result.
import * as z from 'zod';
import * as v from 'valibot';
import { ActionError, defineAction, isInputError } from '../../lib/index';
import type { ActionErrorCode } from '../../lib/index';
import type { APIContext, RendererOptions } from '../../lib/types';

/** How many times any handler ran: a refused request must leave it unchanged. */
export const calls = { count: 0 };

export const server = {
  echo: defineAction({
    input: z.object({ name: z.string().min(2), age: z.number().optional() }),
    handler: (input) => {
      calls.count++;
      return { hello: input.name, age: input.age, when: new Date(0), link: new URL('https://example.org/a') };
    },
  }),
  nothing: defineAction({ handler: () => void calls.count++ }),
  raw: defineAction({ handler: (input) => ({ got: input as unknown }) }),
  fail: defineAction({
    input: z.object({ code: z.string() }),
    handler: ({ code }) => {
      throw new ActionError({ code: code as ActionErrorCode, message: `failed with ${code}` });
    },
  }),
  crash: defineAction({
    handler: () => {
      throw new Error('secret database password');
    },
  }),
  invalid: defineAction({ handler: () => ({ fn: () => 1 }) }),
  signup: defineAction({
    accept: 'form',
    input: z.object({
      email: z.email(),
      age: z.number(),
      newsletter: z.boolean(),
      tags: z.array(z.string()),
      nick: z.string().optional(),
      plan: z.string().default('free'),
    }),
    handler: (input) => {
      calls.count++;
      return input;
    },
  }),
  loose: defineAction({
    input: z.looseObject({ a: z.string().optional() }),
    handler: (input) => ({
      ownProto: Object.getPrototypeOf(input) === Object.prototype,
      keys: Object.keys(input),
      polluted: ({} as Record<string, unknown>).polluted ?? null,
    }),
  }),
  upload: defineAction({
    accept: 'form',
    // Not z.instanceof(File): undici's File is another realm's class under jest.
    input: z.object({ title: z.string(), doc: z.custom<File>((value) => typeof (value as File | null)?.arrayBuffer === 'function') }),
    handler: async ({ title, doc }) => ({ title, name: doc.name, size: doc.size, text: await doc.text() }),
  }),
  valibot: {
    echo: defineAction({ input: v.object({ name: v.pipe(v.string(), v.minLength(2)) }), handler: (input) => input }),
    signup: defineAction({
      accept: 'form',
      input: v.object({ email: v.pipe(v.string(), v.email()), age: v.pipe(v.string(), v.toNumber()) }),
      handler: (input) => input,
    }),
  },
  blog: {
    like: defineAction({
      input: z.object({ postId: z.string() }),
      handler: ({ postId }, context) => ({ postId, likes: 1, user: (context.locals as { user?: string }).user ?? null }),
    }),
  },
};

const html = (body: string) => `<!doctype html><body>${body}</body>`;

/** A page showing the result of the `signup` form action, and an endpoint reporting `echo`'s. */
export const routes: RendererOptions['routes'] = {
  '/signup': {
    default: (context: APIContext) => {
      const result = context.getActionResult(server.signup);
      if (result === undefined) return html('<form method="POST" action="?_action=signup"></form>');
      if (result.error) {
        const fields = isInputError(result.error) ? Object.keys(result.error.fields).join(',') : '';
        return html(`error ${result.error.code} fields=${fields}`);
      }
      return html(`ok ${JSON.stringify(result.data)}`);
    },
  },
  '/report': {
    POST: (context: APIContext) => Response.json({ result: context.getActionResult(server.echo) ?? null, other: context.getActionResult(server.signup) ?? null }),
  },
};
