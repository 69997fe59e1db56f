/**
 * Transpile-only tests (swc); type-checking is `tsc --noEmit` in `npm test`. kubernetes-models 4 (used to
 * validate every synthesized object) is CommonJS: no resolver or transform of node_modules is needed.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/support/quiet.js'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The package's own entry points, as users import them (`cdk-traffic`, `cdk-traffic/aws`, `cdk-traffic/testing`),
  // mapped to the sources: no build needed. tsconfig.json's `paths` and scripts/run.js do the same.
  moduleNameMapper: {
    '^cdk-traffic$': '<rootDir>/lib/index.ts',
    '^cdk-traffic/(aws|testing)$': '<rootDir>/lib/$1/index.ts',
    '^cdk-traffic/testing/jest-resolver$': '<rootDir>/lib/testing/jest-resolver.ts',
  },
  // Jest's default is one worker less than the cores: on the 2-core CI machine that is one worker, running the
  // suites one after the other. Two workers use both cores (the property and hardening suites added ~7 s of CPU).
  maxWorkers: '100%',
};
