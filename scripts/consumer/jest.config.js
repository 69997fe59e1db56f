// The jest config docs/testing.md gives for tests that call validateObjects (kubernetes-models is ESM-only).
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  resolver: 'cdk-traffic/testing/jest-resolver',
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex)/)'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
};
