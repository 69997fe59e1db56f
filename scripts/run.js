#!/usr/bin/env node
/**
 * Runs a TypeScript entry point without a type-check: each .ts file is transpiled by @swc/core on
 * require (a few milliseconds a file). Type-checking is `tsc --noEmit`, part of `npm test`.
 * Usage: node scripts/run.js [--out CDK8S_OUTDIR=dist ...] apps/main.ts
 */
const path = require('path');
const fs = require('fs');
const crypto = require('crypto');

// Transpiled files are cached by content (node_modules/.cache/cdk-traffic-run/<sha1>.js), so a second
// run loads no compiler at all: @swc/core costs ~150 ms per run for this project. The cache key covers the
// file's path and source and the swc version; a stale entry can't be hit, and the folder can be deleted
// at any time.
const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'cdk-traffic-run');
let swc;
let swcVersion;
function transpile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, {
    filename,
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  }).code;
}

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  swcVersion ??= require('@swc/core/package.json').version;
  const key = crypto.createHash('sha1').update(`${swcVersion}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(CACHE, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, filename);
    try {
      fs.mkdirSync(CACHE, { recursive: true });
      const tmp = `${cached}.${process.pid}`;
      fs.writeFileSync(tmp, code);
      fs.renameSync(tmp, cached); // atomic: concurrent runs never read a half-written file
    } catch {
      // a read-only checkout still runs, uncached
    }
  }
  module._compile(code, filename);
};

// The package's own entry points, as users import them (`cdk-traffic`, `cdk-traffic/aws`,
// `cdk-traffic/testing`), resolved to the sources, so the examples run without a build (Node's package
// self-reference would load build/ through the exports map). tsconfig.json `paths` and jest.config.js
// `moduleNameMapper` do the same.
const Module = require('module');
const SELF = {
  'cdk-traffic': 'lib/index.ts',
  'cdk-traffic/aws': 'lib/aws/index.ts',
  'cdk-traffic/testing': 'lib/testing/index.ts',
  'cdk-traffic/testing/jest-resolver': 'lib/testing/jest-resolver.ts',
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const self = SELF[request];
  return self ? path.join(__dirname, '..', self) : resolveFilename.call(this, request, ...rest);
};

/**
 * Atomic output: each `--out VAR=dir` runs the entry with `$VAR` set to a fresh temporary folder beside
 * `dir`; only when the entry returns without error (and without a non-zero exit code) are the folders
 * swapped in, all together. A failed synth leaves every `dir` byte-identical to before.
 */
function withAtomicOutputs(outs, run) {
  const staged = outs.map(({ name, dir }) => {
    const final = path.resolve(dir);
    const tmp = `${final}.synth-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    process.env[name] = tmp;
    return { final, tmp };
  });
  const discard = () => {
    for (const s of staged) fs.rmSync(s.tmp, { recursive: true, force: true });
  };
  try {
    run();
  } catch (e) {
    discard();
    throw e;
  }
  if (process.exitCode) return discard();
  for (const s of staged) {
    if (!fs.existsSync(s.tmp)) fs.mkdirSync(s.tmp, { recursive: true });
    const old = `${s.final}.old-${process.pid}`;
    if (fs.existsSync(s.final)) fs.renameSync(s.final, old);
    fs.renameSync(s.tmp, s.final);
    fs.rmSync(old, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const outs = [];
while (args[0] === '--out') {
  const [name, dir] = (args[1] ?? '').split('=');
  if (!name || !dir) {
    console.error('usage: node scripts/run.js [--out VAR=dir ...] <entry.ts>');
    process.exit(2);
  }
  outs.push({ name, dir });
  args.splice(0, 2);
}
const entry = args[0];
if (!entry) {
  console.error('usage: node scripts/run.js [--out VAR=dir ...] <entry.ts>');
  process.exit(2);
}
process.argv.splice(1, 1 + 2 * outs.length); // the entry sees itself as argv[1]
// Load it as the main module, so `require.main === module` holds in the entry point.
const load = () => require('module')._load(path.resolve(entry), null, true);
if (outs.length > 0) withAtomicOutputs(outs, load);
else load();
