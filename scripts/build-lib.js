#!/usr/bin/env node
/**
 * Builds the published library into build/ (`npm run build`, and `prepack` before `npm pack` / `npm publish`):
 * tsc with tsconfig.lib.json (lib/ only), then the files tsc does not emit: the generated cdk8s imports
 * (lib/k8s/imports/<group>/index.js and index.d.ts), the CRD schemas of cdk-traffic/testing
 * (test/fixtures/crd-schemas/*.json, their one home in the repository), and cdk-traffic/aws-terrain (build/aws
 * with the module names of CDK Terrain: scripts/terrain.js).
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { buildTerrain } = require('./terrain');

const root = path.join(__dirname, '..');
const out = path.join(root, 'build');
fs.rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.lib.json')], {
  stdio: 'inherit',
});

// No published declaration may refer to a dev-only package (kubernetes-models types the renderers' objects
// inside the library; users do not install it). A declaration file that does is deleted when no other one
// imports it (the module is internal: only the compiled JavaScript uses it); otherwise the build fails.
const DEV_ONLY = /(from |import\()['"](kubernetes-models|@kubernetes-models\/|ajv)['"/]/;
const declarations = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.name.endsWith('.d.ts')) declarations.push(p);
  }
})(out);
const texts = new Map(declarations.map((f) => [f, fs.readFileSync(f, 'utf8')]));
for (const [file, text] of texts) {
  if (!DEV_ONLY.test(text)) continue;
  const importers = [...texts].filter(
    ([other, t]) =>
      other !== file &&
      [...t.matchAll(/(?:from |import\()['"](\.[^'"]+)['"]/g)].some(
        (m) => path.resolve(path.dirname(other), m[1]) === file.replace(/\.d\.ts$/, ''),
      ),
  );
  if (importers.length > 0) {
    console.error(
      `build-lib: ${path.relative(root, file)} refers to a dev-only package and is imported by ${importers.map(([f]) => path.relative(root, f)).join(', ')}: use the library's own types in its exported signatures`,
    );
    process.exit(1);
  }
  fs.rmSync(file);
}

const imports = path.join(root, 'lib', 'k8s', 'imports');
for (const group of fs.readdirSync(imports, { withFileTypes: true }).filter((d) => d.isDirectory())) {
  const to = path.join(out, 'k8s', 'imports', group.name);
  fs.mkdirSync(to, { recursive: true });
  for (const f of ['index.js', 'index.d.ts']) fs.copyFileSync(path.join(imports, group.name, f), path.join(to, f));
}
const schemas = path.join(root, 'test', 'fixtures', 'crd-schemas');
const schemasOut = path.join(out, 'testing', 'crd-schemas');
fs.mkdirSync(schemasOut, { recursive: true });
for (const f of fs.readdirSync(schemas).filter((f) => f.endsWith('.json')))
  fs.copyFileSync(path.join(schemas, f), path.join(schemasOut, f));

buildTerrain(out);
