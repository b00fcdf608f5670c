// Type test: App.Locals is declared the Astro way and types context.locals in endpoints.
// `npm test` type-checks this file (tsc); the @ts-expect-error lines fail the build if typing regresses.
import type { APIContext, APIRoute } from '../../lib/types';

declare global {
  namespace App {
    interface Locals {
      typeTestUser?: { name: string };
    }
  }
}

const endpoint: APIRoute = (context) => {
  const name: string | undefined = context.locals.typeTestUser?.name;
  // @ts-expect-error -- typeTestUser.name is a string, not a number
  const wrong: number | undefined = context.locals.typeTestUser?.name;
  // @ts-expect-error -- locals is App.Locals, not a number
  context.locals = 1;
  // @ts-expect-error -- a redirect status must be a redirect status
  context.redirect('/x', 200);
  void wrong;
  return new Response(name ?? 'anonymous');
};

const paramsTyped: APIRoute<Record<string, unknown>, { id: string }> = ({ params }) => new Response(params.id.toUpperCase());

describe('types', () => {
  it('compiles endpoints typed with App.Locals and typed params', () => {
    const ctx = { locals: { typeTestUser: { name: 'Ada' } }, redirect: () => new Response(null) } as unknown as APIContext;
    expect(endpoint).toBeInstanceOf(Function);
    expect(paramsTyped).toBeInstanceOf(Function);
    return Promise.resolve(endpoint(ctx)).then(async (res) => expect(await res.text()).toBe('Ada'));
  });
});
