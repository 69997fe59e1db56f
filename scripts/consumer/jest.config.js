// A jest config with swc (the project's own choice); kubernetes-models 4 is CommonJS, so validateObjects needs no
// resolver or transform of node_modules (the Kubernetes-only consumer runs the cdk8s template's ts-jest config).
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
};
