/**
 * got 14 and part of its dependency tree are ESM-only. Node (>= 20.19) can require() them, but Jest's own module
 * system cannot, so Jest compiles exactly those packages to CommonJS with Babel. The list is explicit so that a new
 * ESM-only transitive dependency fails loudly ("Cannot use import statement outside a module") instead of silently
 * slowing every run by transforming all of node_modules. Why got is kept despite this list: provider/api/http.ts.
 */
const esmOnly = [
  'got', '@sindresorhus', '@sec-ant', 'byte-counter', 'cacheable-lookup', 'cacheable-request', 'get-stream',
  'is-stream', 'decompress-response', 'form-data-encoder', 'keyv', '@keyv', 'lowercase-keys', 'mimic-response',
  'normalize-url', 'p-cancelable', 'responselike',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is `npm run typecheck` (tsc); tests only transpile (isolatedModules) to stay fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    '^.+\\.js$': ['babel-jest', { plugins: ['@babel/plugin-transform-modules-commonjs'], babelrc: false, configFile: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/engine-setup.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
