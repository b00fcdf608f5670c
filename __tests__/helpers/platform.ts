import { Pipeline } from '../../lib/core/pipeline/pipeline';
import type { Platform } from '../../lib/core/pipeline/platform';
import type { RendererOptions } from '../../lib/types';

// The in-process stand-in for a host: what a host adapter fills in for the pipeline, for tests of
// lib/core that need no socket. Tests through a real host use helpers/hosts.ts.

/** A platform as a host adapter would fill it in. */
export const platform = (overrides: Partial<Platform> = {}): Platform => ({
  name: 'test',
  clientAddress: '1.2.3.4',
  locals: {},
  mountPath: '',
  ...overrides,
});

/** A platform whose host app answers `host:<path>` and records what reached it. */
export function testPlatform(extra: Partial<Platform> = {}) {
  const hostCalls: Request[] = [];
  const testing = platform({
    clientAddress: '203.0.113.7',
    fallThrough: async (request) => {
      hostCalls.push(request);
      return new Response(`host:${new URL(request.url).pathname}`, { headers: { 'x-host': 'yes' } });
    },
    ...extra,
  });
  return { platform: testing, hostCalls };
}

/** Runs one request through a pipeline made of `options`. */
export async function run(options: RendererOptions, path: string, init?: RequestInit, extra?: Partial<Platform>) {
  const pipeline = new Pipeline(options);
  await pipeline.ready;
  const { platform, hostCalls } = testPlatform(extra);
  const url = new URL(path, 'http://example.com');
  const match = pipeline.match(url.pathname);
  if (match?.redirect !== undefined) throw new Error(`unexpected redirect to ${match.redirect}`);
  const response = await pipeline.handle(new Request(url, init), match, platform);
  return { response, hostCalls, locals: platform.locals as Record<string, unknown> };
}
