/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // ESM-only dependencies (devalue, …) must be transformed to run in jest's CommonJS mode.
  transformIgnorePatterns: ['/node_modules/(?!(devalue)/)'],
  moduleNameMapper: {
    '^astro-bridge$': '<rootDir>/lib/index.ts',
    '^astro-bridge/(express|koa|node)$': '<rootDir>/lib/hosts/$1/index.ts',
    '^astro-bridge/client$': '<rootDir>/lib/client/index.ts',
  },
  testTimeout: 15000,
};
