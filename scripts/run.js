#!/usr/bin/env node
/**
 * Runs a TypeScript entry point without a type-check: each .ts file is transpiled by @swc/core on
 * require (a few milliseconds a file). Type-checking is `tsc --noEmit`, part of `npm test`.
 * Usage: node scripts/run.js apps/main.ts
 */
const path = require('path');
const fs = require('fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run.js <entry.ts>');
  process.exit(2);
}
process.argv.splice(1, 1); // the entry sees itself as argv[1]
// Load it as the main module, so `require.main === module` holds in the entry point.
require('module')._load(path.resolve(entry), null, true);
