#!/usr/bin/env node
/**
 * Builds the published library into build/ (`npm run build`, and `prepack` before `npm pack` / `npm publish`):
 * tsc with tsconfig.lib.json (lib/ only), then the files tsc does not emit: the generated cdk8s imports
 * (lib/k8s/imports/<group>/index.js and index.d.ts) and the CRD schemas of cdk-traffic/testing
 * (test/fixtures/crd-schemas/*.json, their one home in the repository).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.join(__dirname, '..');
const out = path.join(root, 'build');
fs.rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.lib.json')], { stdio: 'inherit' });

const imports = path.join(root, 'lib', 'k8s', 'imports');
for (const group of fs.readdirSync(imports, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const to = path.join(out, 'k8s', 'imports', group.name);
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['index.js', 'index.d.ts']) fs.copyFileSync(path.join(imports, group.name, f), path.join(to, f));
}
const schemas = path.join(root, 'test', 'fixtures', 'crd-schemas');
const schemasOut = path.join(out, 'testing', 'crd-schemas');
fs.mkdirSync(schemasOut, { recursive: true });
for (const f of fs.readdirSync(schemas).filter((f) => f.endsWith('.json'))) fs.copyFileSync(path.join(schemas, f), path.join(schemasOut, f));
