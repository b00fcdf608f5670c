// The layering of ARCHITECTURE.md, enforced: `npm test` runs `npm run lint`.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const nodeServer = ['http', 'https', 'http2', 'net', 'tls', 'stream'].flatMap((m) => [m, `node:${m}`]);
const hostsFrameworks = ['express', 'koa'];

/** `no-restricted-imports` with module names and relative-path patterns, each with the reason. */
const restrict = (paths, patterns) => ['error', { paths, patterns }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**'] },
  {
    files: ['lib/**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts'] } }, 'import-x/extensions': ['.ts'] },
    rules: {
      'no-console': 'error',
      // Session driver options are unstorage's own `any`-typed options: allowed where typed so.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'error',
      '@typescript-eslint/no-empty-object-type': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-syntax': ['error', { selector: "ThrowStatement > NewExpression[callee.name=/^(Error|TypeError|RangeError|SyntaxError)$/]", message: "Throw a catalog error: createError(Entry, …) from lib/core/errors (Astro's own error classes such as ActionError are fine)." }],
    },
  },
  {
    // core: spec nouns and the pipeline, Web standards only.
    files: ['lib/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeServer, ...hostsFrameworks].map((name) => ({ name, message: 'lib/core is Web-standard: no Node server module, Express or Koa.' })),
        [{ group: ['**/node/*', '**/hosts/*', '**/node', '**/hosts'], message: 'lib/core never imports the Node bridge or the hosts.' }],
      ),
    },
  },
  {
    // fetch: Web-standard stand-ins (lazy Request/Response helpers) with no Node imports at all.
    files: ['lib/fetch/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(hostsFrameworks.map((name) => ({ name, message: 'lib/fetch is Web-standard.' })), [
        { regex: '^(node:)?(http|https|http2|net|tls|stream|zlib|fs|path|url|buffer|events|util|crypto)(/.*)?$', message: 'lib/fetch has no Node imports.' },
        { regex: '^\\.\\.?/(.*/)?(core/(?!errors/)|node/|hosts/)', message: 'lib/fetch depends on nothing of ours but the error catalog.' },
      ]),
    },
  },
  {
    // node: the socket bridge. It knows no framework and no pipeline.
    files: ['lib/node/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(hostsFrameworks.map((name) => ({ name, message: 'lib/node knows no framework.' })), [
        { group: ['**/core/pipeline/*', '**/core/pipeline', '**/hosts/*', '**/types'], message: 'lib/node is the socket bridge alone: no pipeline, no hosts.' },
      ]),
    },
  },
  {
    files: ['lib/core/logger.ts'],
    rules: { 'no-console': 'off' },
  },
);
