// Type test: action input and output types flow from defineAction to callAction,
// getActionResult and the typed client. `npm test` type-checks this file (tsc); every
// expected-error line fails the build if inference regresses.
import * as z from 'zod';
import * as v from 'valibot';
import { defineAction, isInputError } from '../../lib/index';
import { createActions } from '../../lib/client/index';
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
  const action: string = actions.like.queryString;
  return [postId, stars, action];
}

describe('action types', () => {
  it('compiles', () => {
    expect(typeof server_side).toBe('function');
    expect(typeof browser_side).toBe('function');
  });
});
