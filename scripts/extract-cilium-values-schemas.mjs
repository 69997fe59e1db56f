#!/usr/bin/env node
// Writes what the tests know of each supported Cilium Helm chart (test/fixtures/cilium-charts/) from the chart
// packages in ../shared/charts/cilium/cilium-<version>.tgz (development only: the tests read the fixtures and
// never need ../shared).
//
//   node scripts/extract-cilium-values-schemas.mjs [--charts DIR] [--out DIR]
//
// Per chart, one compact JSON file `cilium-<version>.json`:
//   - `valuesSchema`: the chart's own `values.schema.json`, without its `description` texts (documentation only);
//   - `templateValues`: every `.Values.<path>` the chart's templates read (sorted). The schemas do not reject
//     unknown keys and leave out keys that values.yaml only mentions in comments (loadBalancer.algorithm,
//     maglev.tableSize, ...): a key in neither is one the chart ignores.
// Files of charts no longer present are deleted. No dependency: the .tgz is read with node's zlib and a
// minimal tar reader.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : dflt;
};
const chartsDir = opt('--charts', path.resolve(root, '../shared/charts/cilium'));
const outDir = opt('--out', path.join(root, 'test/fixtures/cilium-charts'));
const fail = (msg) => {
  console.error(`extract-cilium-values-schemas: ${msg}`);
  process.exit(1);
};

/** The regular files of a .tgz: name -> contents (ustar, with GNU/pax long names). */
function untar(tgz) {
  const buf = zlib.gunzipSync(fs.readFileSync(tgz));
  const files = new Map();
  let off = 0;
  let longName;
  while (off + 512 <= buf.length) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a, b) => h.subarray(a, b).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 136).trim() || '0', 8);
    const type = String.fromCharCode(h[156] || 48);
    const prefix = str(345, 500);
    let name = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = undefined;
    const data = buf.subarray(off + 512, off + 512 + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === '0' || type === '\0') files.set(name, data);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The schema without its `description` texts (walks the schema structure only, so a property named "description" stays). */
function stripDescriptions(s) {
  if (Array.isArray(s)) return s.map(stripDescriptions);
  if (!s || typeof s !== 'object') return s;
  const out = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'description') continue;
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions' || k === '$defs')
      out[k] = Object.fromEntries(Object.entries(v).map(([n, sub]) => [n, stripDescriptions(sub)]));
    else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else'].includes(k))
      out[k] = stripDescriptions(v);
    else out[k] = v;
  }
  return out;
}

if (!fs.existsSync(chartsDir)) fail(`${chartsDir} not found (pass --charts DIR)`);
const tgzs = fs.readdirSync(chartsDir).filter((f) => /^cilium-\d+\.\d+\.\d+\.tgz$/.test(f));
if (tgzs.length === 0) fail(`no cilium-<version>.tgz in ${chartsDir}`);
fs.mkdirSync(outDir, { recursive: true });
const written = new Set();
for (const f of tgzs) {
  const version = f.slice('cilium-'.length, -'.tgz'.length);
  const files = untar(path.join(chartsDir, f));
  const chartYaml = files.get('cilium/Chart.yaml')?.toString('utf8') ?? '';
  const chartVersion = /^version:\s*(\S+)/m.exec(chartYaml)?.[1];
  if (chartVersion !== version) fail(`${f}: Chart.yaml says version ${chartVersion}`);
  const schema = files.get('cilium/values.schema.json');
  if (!schema) fail(`${f}: no cilium/values.schema.json`);
  const templateValues = new Set();
  for (const [name, data] of files) {
    if (!name.startsWith('cilium/templates/')) continue;
    for (const m of data.toString('utf8').matchAll(/\.Values((?:\.[A-Za-z0-9_]+)+)/g))
      templateValues.add(m[1].slice(1));
  }
  const fixture = {
    chart: 'cilium',
    version,
    source: `${f} (sha256 ${crypto
      .createHash('sha256')
      .update(fs.readFileSync(path.join(chartsDir, f)))
      .digest('hex')})`,
    valuesSchema: stripDescriptions(JSON.parse(schema.toString('utf8'))),
    templateValues: [...templateValues].sort(),
  };
  const name = `cilium-${version}.json`;
  const text = `${JSON.stringify(fixture)}\n`;
  fs.writeFileSync(path.join(outDir, name), text);
  written.add(name);
  console.log(`${name} ${(text.length / 1024).toFixed(1)} KiB (${fixture.templateValues.length} template value paths)`);
}
for (const f of fs.readdirSync(outDir)) {
  if (f.endsWith('.json') && !written.has(f)) {
    fs.rmSync(path.join(outDir, f));
    console.log(`removed ${f} (chart no longer present)`);
  }
}
