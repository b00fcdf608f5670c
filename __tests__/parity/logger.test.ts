// Astro 6/7's `context.logger` (info/warn/error; debug and labels added), routed to the
// renderer's `logger` option, which also receives astro-bridge's own messages.
import type http from 'node:http';
import request from 'supertest';
import { describeEachHost, mount, close } from '../helpers/hosts';
import { renderer } from '../../lib/hosts/express/index';
import { defineAction } from '../../lib/index';
import type { APIContext, LoggerDestination, MiddlewareHandler } from '../../lib/types';

function collector(): LoggerDestination & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

const middleware: MiddlewareHandler = (context, next) => {
  context.logger.info(`middleware ${context.url.pathname}`);
  return next();
};

describeEachHost('context.logger on %s', (host) => {
  let server: http.Server;
  const destination = collector();
  beforeAll(() => {
    server = mount(host, {
      logger: destination,
      middleware,
      // Astro 7's ActionAPIContext picks `logger` (and `csp`) from the APIContext.
      actions: { audit: defineAction({ handler: (_input, { logger, csp }) => (logger.fork('actions').info('audited'), `csp ${typeof csp}`) }) },
      routes: {
        '/endpoint': {
          GET: ({ logger }: APIContext) => {
            logger.debug('debugging');
            logger.warn('careful');
            logger.fork('auth').error('denied');
            return new Response(logger.label);
          },
        },
        '/page': { default: ({ logger }: APIContext) => (logger.info('page rendered'), 'page') },
        // A streamed page that sets a cookie after the Set-Cookie headers went out.
        '/late-cookie': {
          default: async function* ({ cookies }: APIContext) {
            yield 'first chunk';
            await new Promise((resolve) => setTimeout(resolve, 0));
            cookies.set('late', '1');
            yield 'second chunk';
          },
        },
      },
    });
  });
  afterAll(() => close(server));
  beforeEach(() => destination.lines.splice(0));

  it('is there in middleware and endpoints, every level with its label', async () => {
    expect((await request(server).get('/endpoint').expect(200)).text).toBe('app');
    expect(destination.lines).toEqual(['info [app] middleware /endpoint', 'debug [app] debugging', 'warn [app] careful', 'error [auth] denied']);
  });

  it('is there in pages', async () => {
    await request(server).get('/page').expect(200);
    expect(destination.lines).toEqual(['info [app] middleware /page', 'info [app] page rendered']);
  });

  it('is there in actions', async () => {
    const res = await request(server).post('/_actions/audit').set('content-type', 'application/json').send('{}').expect(200);
    expect(res.text).toBe('["csp undefined"]');
    expect(destination.lines).toEqual(['info [app] middleware /_actions/audit', 'info [actions] audited']);
  });

  it('receives the library’s own warnings (a cookie set too late), labelled cookies', async () => {
    await request(server).get('/late-cookie').expect(200);
    expect(destination.lines).toEqual(['info [app] middleware /late-cookie', expect.stringMatching(/^warn \[cookies\] cookies\.set\("late"\) was called after/)]);
  });
});

describeEachHost('the logger option on %s', (host) => {
  it('defaults to console', async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => {});
    const server = mount(host, { routes: { '/': { GET: ({ logger }: APIContext) => (logger.info('hello'), new Response('ok')) } } });
    try {
      await request(server).get('/').expect(200);
      expect(info).toHaveBeenCalledWith('[app] hello');
    } finally {
      info.mockRestore();
      await close(server);
    }
  });

  it('works without debug (it is optional)', async () => {
    const { debug: _debug, ...withoutDebug } = collector();
    const server = mount(host, { logger: withoutDebug, routes: { '/': { GET: ({ logger }: APIContext) => (logger.debug('dropped'), new Response('ok')) } } });
    try {
      await request(server).get('/').expect(200);
    } finally {
      await close(server);
    }
  });
});

describe('the logger option', () => {
  it.each([
    ['a string', 'console'],
    ['null', null],
    ['an object without error()', { info() {}, warn() {} }],
    ['a debug that is not a function', { info() {}, warn() {}, error() {}, debug: 1 }],
  ])('refuses %s at renderer() time (InvalidOption)', (_name, logger) => {
    expect(() => renderer({ logger: logger as never })).toThrow(expect.objectContaining({ name: 'InvalidOption', message: expect.stringContaining('logger') }));
  });
});
