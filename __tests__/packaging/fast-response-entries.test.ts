import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The built package bundles each entry point on its own: a FastResponse made with `astro-bridge`'s
// export must still be written from its string by `astro-bridge/express` and `astro-bridge/koa`
// (not through a full Response and its web stream). Needs `npm run build` (dist/).
const probe = (host: 'express' | 'koa') => `
  import { FastResponse } from 'astro-bridge';
  import { renderer } from 'astro-bridge/${host}';
  import ${host === 'express' ? 'express' : 'Koa'} from '${host}';
  let sent;
  const options = { routes: { '/t': { GET: () => (sent = new FastResponse('hi')) } } };
  ${host === 'express' ? 'const app = express(); app.use(renderer(options)); const server = app.listen(0, \'127.0.0.1\', run);' : 'const app = new Koa(); app.use(renderer(options)); const server = app.listen(0, \'127.0.0.1\', run);'}
  async function run() {
    const res = await fetch('http://127.0.0.1:' + server.address().port + '/t');
    const text = await res.text();
    server.close();
    const full = Object.getOwnPropertySymbols(sent).find((s) => /full$/.test(s.description ?? ''));
    console.log(JSON.stringify({ text, length: res.headers.get('content-length'), bodyMade: full === undefined || sent[full] !== undefined }));
  }
`;

describe.each(['express', 'koa'] as const)('FastResponse from astro-bridge, sent by astro-bridge/%s (built package)', (host) => {
  it('is written from its string: the full Response and its stream are never made', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe(host)], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(JSON.parse(out)).toEqual({ text: 'hi', length: '2', bodyMade: false });
  });
});
