// i18n through the renderer option on every host: negotiation, currentLocale, Astro's routing.
import http from 'node:http';
import request from 'supertest';
import { close, describeEachHost, expressOf, mount } from '../helpers/hosts';
import type { APIContext, RendererOptions } from '../../lib/types';

// Pages (Astro's i18n routing acts on pages, not endpoints) that describe their context as JSON.
const describeLocale = {
  default: ({ currentLocale, preferredLocale, preferredLocaleList, url, response }: APIContext) => {
    response.headers.set('content-type', 'application/json');
    return JSON.stringify({ path: url.pathname, currentLocale, preferredLocale, preferredLocaleList });
  },
};

const routes: RendererOptions['routes'] = {
  '/en/[page]': describeLocale,
  '/es/exists': describeLocale,
  '/portugues/[page]': describeLocale,
  '/unprefixed': describeLocale,
  '/': describeLocale,
};
const locales = ['en', 'es', { path: 'portugues', codes: ['pt', 'pt-BR'] }];

describeEachHost('i18n on %s', (host) => {
  let prefixed: http.Server;
  let manual: http.Server;
  beforeAll(() => {
    prefixed = mount(host, {
      routes,
      i18n: {
        locales,
        defaultLocale: 'en',
        routing: { prefixDefaultLocale: true, redirectToDefaultLocale: true, fallbackType: 'redirect' },
        fallback: { es: 'en' },
      },
    });
    manual = mount(host, { routes, i18n: { locales, defaultLocale: 'en', routing: 'manual' } });
  });
  afterAll(async () => {
    await close(prefixed);
    await close(manual);
  });

  it.each([
    ['pt-BR,es;q=0.8', 'pt-BR', ['pt-BR', 'es']],
    ['es-ES, en;q=0.5', 'en', ['en']],
    ['*', undefined, ['en', 'es', 'pt-BR', 'pt']],
    [';;q=abc', undefined, []],
  ])('Accept-Language %j → preferredLocale %j', async (header, locale, list) => {
    const res = await request(manual).get('/en/x').set('accept-language', header).expect(200);
    expect(res.body.preferredLocale).toBe(locale);
    if (header !== '*') expect(res.body.preferredLocaleList).toEqual(list);
  });

  it('without Accept-Language: every locale, and no preferred one', async () => {
    const res = await request(manual).get('/en/x').expect(200);
    expect(res.body.preferredLocale).toBeUndefined();
    expect(res.body.preferredLocaleList.length).toBeGreaterThan(0);
  });

  it.each([
    ['/en/x', 'en'],
    ['/es/exists', 'es'],
    ['/portugues/x', 'pt'],
  ])('currentLocale of %s is %s', async (path, locale) => {
    expect((await request(prefixed).get(path).expect(200)).body.currentLocale).toBe(locale);
  });

  it('redirects / to the default locale and answers a 404 for an unprefixed page', async () => {
    expect((await request(prefixed).get('/').expect(302)).headers.location).toBe('/en/');
    await request(prefixed).get('/unprefixed').expect(404);
  });

  it('falls back by redirect to the default locale’s page when a locale lacks it', async () => {
    expect((await request(prefixed).get('/es/exists').expect(200)).body.currentLocale).toBe('es');
    const res = await request(prefixed).get('/es/only').expect(302);
    expect(res.headers.location).toBe('/en/only');
  });

  it('does no routing in manual mode', async () => {
    expect((await request(manual).get('/').expect(200)).body.currentLocale).toBe('en');
  });
});

describe('i18n option validation', () => {
  it('fails at renderer() time for a default locale that is not a locale', () => {
    expect(() => mount('express5', { i18n: { locales: ['en'], defaultLocale: 'fr' } })).toThrow(/defaultLocale|locales/);
  });
});

describeEachHost('currentLocale after next() into an Express router mounted at a locale, on %s', (host) => {
  // Express sets req.baseUrl to the router's mount path while routing it and leaves it there
  // once the route has answered: the renderer's mount point must be the one it was called at.
  let server: http.Server;
  beforeAll(() => {
    server = mount(
      host,
      {
        routes: {},
        i18n: { locales: ['en', 'fr'], defaultLocale: 'en', routing: 'manual' },
        middleware: async (context, next) => {
          const before = context.currentLocale;
          const response = await next();
          response.headers.set('x-locale', `${before} ${context.currentLocale}`);
          return response;
        },
      },
      {
        after: (app) => {
          const router = expressOf(host).Router();
          router.get('/page', (_req: unknown, res: { type(t: string): { send(b: string): void } }) => res.type('text').send('router page'));
          app.use('/fr', router);
        },
      },
    );
  });
  afterAll(() => close(server));

  it('is the locale of the full path, before and after the router ran', async () => {
    const res = await request(server).get('/fr/page').expect(200, 'router page');
    expect(res.headers['x-locale']).toBe('fr fr');
  });
}, {
  skip: {
    koa: 'Express Router mounted at a locale (req.baseUrl left set after the route)',
    node: 'Express Router mounted at a locale (req.baseUrl left set after the route)',
  },
});
