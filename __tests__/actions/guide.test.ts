// The README's Actions guide and its "Coming from Astro" entries, pinned on every host: gating
// actions in middleware with getActionContext(), a form posted to another page, and the
// deliberate differences from Astro (malformed bodies 400, other methods 405, no input values
// in issues, isActionError for input errors, the tRPC-era codes).
import request from 'supertest';
import * as z from 'zod';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { ActionError, defineAction, defineMiddleware, getActionContext, isActionError, isInputError } from '../../lib/index';
import type { APIContext } from '../../lib/types';

const ran: string[] = [];
const server = {
  newsletter: defineAction({
    accept: 'form',
    input: z.object({ email: z.email() }),
    handler: ({ email }) => {
      ran.push(`newsletter ${email}`);
      return { subscribed: email };
    },
  }),
  admin: { purge: defineAction({ handler: () => void ran.push('purge') }) },
  echo: defineAction({ input: z.object({ secret: z.string().min(20) }), handler: (input) => input }),
};
const routes = {
  '/thanks': {
    default: (context: APIContext) => {
      const result = context.getActionResult(server.newsletter);
      return `<p>${result?.data ? `Thanks, ${(result.data as { subscribed: string }).subscribed}` : 'nothing'}</p>`;
    },
  },
};
// The README's gate: an RPC call to an admin action without a user is refused before the body is read.
const middleware = defineMiddleware(async (context, next) => {
  const { action } = getActionContext(context);
  if (action?.calledFrom === 'rpc' && action.name.startsWith('admin.') && !context.request.headers.has('x-user')) {
    return new Response('Forbidden', { status: 403 });
  }
  return next();
});

describeEachHost('the Actions guide on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, { routes, actions: server, middleware });
  });
  afterAll(() => app.close());
  beforeEach(() => void (ran.length = 0));

  it('gates actions from middleware with getActionContext()', async () => {
    await request(app.base).post('/_actions/admin.purge').set('content-type', 'application/json').expect(403, 'Forbidden');
    expect(ran).toEqual([]);
    await request(app.base).post('/_actions/admin.purge').set('content-type', 'application/json').set('x-user', 'ada').expect(204);
    expect(ran).toEqual(['purge']);
  });

  it('runs a form action posted to another page before that page renders', async () => {
    const res = await request(app.base).post(`/thanks${String(server.newsletter)}`).set('origin', app.base).type('form').send('email=a%40b.co').expect(200);
    expect(res.text).toBe('<p>Thanks, a@b.co</p>');
  });

  it('answers a malformed JSON or multipart body with 400 BAD_REQUEST (Astro: 500 / 415)', async () => {
    const json = await request(app.base).post('/_actions/echo').set('content-type', 'application/json').send('{"secret":').expect(400);
    expect(json.body).toMatchObject({ type: 'AstroActionError', code: 'BAD_REQUEST' });
    const form = await request(app.base)
      .post('/_actions/newsletter')
      .set('origin', app.base)
      .set('content-type', 'multipart/form-data; boundary=abc')
      .send('--abc\r\nContent-Disposition: form-data; name="email"\r\n\r\nx@y.z')
      .expect(400);
    expect(form.body).toMatchObject({ type: 'AstroActionError', code: 'BAD_REQUEST' });
    expect(ran).toEqual([]);
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('answers %s to an action with 405 and Allow: POST (Astro: 404)', async (method) => {
    const res = await request(app.base)[method.toLowerCase() as 'put'](`/_actions/admin.purge`).set('x-user', 'ada').expect(405);
    expect(res.headers.allow).toBe('POST');
    expect(ran).toEqual([]);
  });

  it('sends validation issues without the input value (Astro sends the issues as they are)', async () => {
    const res = await request(app.base).post('/_actions/echo').send({ secret: 'hunter2' }).expect(400);
    expect(res.text).not.toContain('hunter2');
    expect(res.body.fields).toEqual({ secret: [expect.any(String)] });
    expect(res.body.issues[0]).toMatchObject({ path: ['secret'], code: 'too_small' });
  });
});

describe('ActionError differences', () => {
  it('isActionError() is true for input errors too (Astro: false)', () => {
    const error = new (class extends ActionError {})({ code: 'BAD_REQUEST' });
    expect(isActionError(error)).toBe(true);
    const input = { type: 'AstroActionInputError', issues: [], fields: {}, code: 'BAD_REQUEST', status: 400, message: 'x' };
    expect(isInputError(input)).toBe(true);
    expect(isActionError(input)).toBe(true);
  });

  it('keeps the tRPC-era codes: TIMEOUT is 408 (Astro 4 to 5.7.13: 405)', () => {
    expect(new ActionError({ code: 'TIMEOUT' }).status).toBe(408);
    expect(new ActionError({ code: 'PAYLOAD_TOO_LARGE' }).status).toBe(413);
    expect(new ActionError({ code: 'CLIENT_CLOSED_REQUEST' }).status).toBe(499);
    expect(new ActionError({ code: 'METHOD_NOT_SUPPORTED' }).status).toBe(405);
  });
});
