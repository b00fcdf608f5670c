// Type test: action input and output types flow from defineAction to callAction,
// getActionResult and the typed client. `npm test` type-checks this file (tsc); every
// expected-error line fails the build if inference regresses.
import * as z from 'zod';
import * as v from 'valibot';
import { ActionError, defineAction, isActionError, isInputError } from '../../lib/index';
import { createActions, isInputError as clientIsInputError } from '../../lib/client/index';
import type { APIContext } from '../../lib/types';

const server = {
  like: defineAction({ input: z.object({ postId: z.string(), n: z.number().optional() }), handler: ({ postId }) => ({ postId, likes: 1 }) }),
  subscribe: defineAction({ accept: 'form', input: z.object({ email: z.email() }), handler: async ({ email }) => email.length }),
  nothing: defineAction({ handler: () => undefined }),
  blog: { rate: defineAction({ input: v.object({ stars: v.number() }), handler: ({ stars }) => ({ stars: stars * 2 }) }) },
};

// The handler's input is the validator's output.
defineAction({
  input: z.object({ n: z.string().transform(Number) }),
  handler: (input) => {
    const n: number = input.n;
    // @ts-expect-error -- the transform's output is a number
    const s: string = input.n;
    return [n, s];
  },
});

// A form action without a schema gets the FormData; the handler's context is an endpoint's
// without `rewrite`/`redirect`, with `logger`, `csp`, `session`, `cookies`.
defineAction({
  accept: 'form',
  handler: (form, context) => {
    const entry: FormDataEntryValue | null = form.get('x');
    context.logger.info('called');
    void context.csp?.insertDirective;
    void context.cookies.get('a');
    // @ts-expect-error -- no rewrite in an action (Astro 6+)
    void context.rewrite;
    // @ts-expect-error -- no redirect in an action: redirect where it is called
    void context.redirect;
    return entry === null;
  },
});

// Every Astro code (IANA and the earlier tRPC names) and nothing else.
new ActionError({ code: 'TOO_MANY_REQUESTS' });
new ActionError({ code: 'TIMEOUT', message: 'slow' });
// @ts-expect-error -- not a code
new ActionError({ code: 'NOPE' });

async function server_side(context: APIContext) {
  const { data, error } = await context.callAction(server.like, { postId: 'a' });
  if (data) {
    const likes: number = data.likes;
    // @ts-expect-error -- data has no `title`
    void data.title;
    void likes;
  }
  if (isInputError(error)) {
    const messages: string[] | undefined = error.fields.postId;
    // @ts-expect-error -- `fields` only has the input's keys
    void error.fields.nope;
    void messages;
  }
  // @ts-expect-error -- postId must be a string
  await context.callAction(server.like, { postId: 1 });
  const thrown: { stars: number } = await context.callAction(server.blog.rate.orThrow, { stars: 3 });
  const result = context.getActionResult(server.subscribe);
  const length: number | undefined = result?.data;
  return [thrown, length];
}

async function browser_side() {
  const actions = createActions<typeof server>({ baseUrl: 'http://localhost' });
  const { data } = await actions.like({ postId: 'a', n: 2 });
  const postId: string | undefined = data?.postId;
  // @ts-expect-error -- `n` must be a number
  await actions.like({ postId: 'a', n: 'x' });
  // @ts-expect-error -- a form action takes FormData
  await actions.subscribe({ email: 'a@b.co' });
  await actions.subscribe(new FormData());
  await actions.nothing();
  const { stars }: { stars: number } = await actions.blog.rate.orThrow({ stars: 1 });
  // @ts-expect-error -- there is no such action
  void actions.blog.missing;
  // The result is a union: data and error narrow each other.
  const rated = await actions.blog.rate({ stars: 2 });
  if (rated.error) {
    const none: undefined = rated.data;
    if (clientIsInputError(rated.error)) {
      const stars: string[] | undefined = rated.error.fields.stars;
      void stars;
    } else if (isActionError(rated.error)) {
      const code: string = rated.error.code;
      void code;
    }
    void none;
  } else {
    const doubled: number = rated.data.stars;
    void doubled;
  }
  // @ts-expect-error -- the input is required for an action with a schema
  await actions.like();
  const empty = await actions.nothing();
  const nothing: undefined = empty.data;
  void nothing;
  const action: string = actions.like.queryString;
  return [postId, stars, action];
}

describe('action types', () => {
  it('compiles', () => {
    expect(typeof server_side).toBe('function');
    expect(typeof browser_side).toBe('function');
  });
});
