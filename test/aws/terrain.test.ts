// cdk-traffic/aws-terrain is lib/aws/ built with CDK Terrain's module names (scripts/terrain.js); a missing peer of
// either entry point is an error naming what to install. The consumer check installs and runs both for real.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Chart } from 'cdk8s';
import { missingPeers, peerError, PEER_INSTALL } from '../../lib/aws/peers';
import { synthStack } from 'cdk-traffic/testing';
import * as pkg from '../../package.json';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { toTerrain, buildTerrain } = require('../../scripts/terrain') as {
  toTerrain(text: string): string;
  buildTerrain(out: string): string[];
};

const ROOT = path.join(__dirname, '../..');

test('the rewrite renames the module specifiers and the entry name, never prose', () => {
  const js = [
    'const cdktf_1 = require("cdktf");',
    'const lb_1 = require("@cdktf/provider-aws/lib/lb");',
    "const ENTRY = 'cdk-traffic/aws';",
    '// cdktf writes "cdktf" tokens; see cdk-traffic/aws docs',
    "import { TerraformStack } from 'cdktf';",
    "const PROVIDER = '@cdktf/provider-aws';",
  ].join('\n');
  expect(toTerrain(js).split('\n')).toEqual([
    'const cdktf_1 = require("cdktn");',
    'const lb_1 = require("@cdktn/provider-aws/lib/lb");',
    "const ENTRY = 'cdk-traffic/aws-terrain';",
    '// cdktf writes "cdktn" tokens; see cdk-traffic/aws docs',
    "import { TerraformStack } from 'cdktn';",
    "const PROVIDER = '@cdktn/provider-aws';",
  ]);
});

test('buildTerrain refuses a build that would still load cdktf (a module name it does not know how to rewrite)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'terrain-'));
  try {
    fs.mkdirSync(path.join(out, 'aws'));
    fs.writeFileSync(path.join(out, 'aws', 'ok.js'), 'require("cdktf"); require("@cdktf/provider-aws/lib/lb");');
    expect(buildTerrain(out)).toEqual([path.join(out, 'aws-terrain', 'ok.js')]);
    expect(fs.readFileSync(path.join(out, 'aws-terrain', 'ok.js'), 'utf8')).toBe(
      'require("cdktn"); require("@cdktn/provider-aws/lib/lb");',
    );
    fs.writeFileSync(path.join(out, 'aws', 'bad.js'), 'require("cdktf/lib/tokens");');
    expect(() => buildTerrain(out)).toThrow(/build\/aws-terrain\/bad.js still refers to cdktf/);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('lib/aws imports cdktf and the provider only by the forms the rewrite handles; nothing else in lib/ imports them', () => {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(ROOT, 'lib')).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from |require\(|import\()\s*['"]((?:cdktf|@cdktf\/)[^'"]*)['"]/g)].map(
      (m) => m[1],
    );
    const rel = path.relative(ROOT, file);
    if (!rel.startsWith('lib/aws/')) expect({ rel, specifiers }).toEqual({ rel, specifiers: [] });
    for (const s of specifiers) expect(s).toMatch(/^(cdktf|@cdktf\/provider-aws\/lib\/[a-z0-9-]+)$/);
  }
});

test('a missing peer is an error naming the packages and the install command; none missing, no error', () => {
  const resolveWithout = (missing: string[]) => (name: string) => {
    if (missing.some((m) => name === m || name.startsWith(`${m}/`))) throw new Error(`Cannot find module '${name}'`);
    return name;
  };
  expect(missingPeers(resolveWithout([]))).toEqual([]);
  expect(peerError([])).toBeUndefined();
  expect(missingPeers(resolveWithout(['cdktf', '@cdktf/provider-aws']))).toEqual(['cdktf', '@cdktf/provider-aws']);
  expect(peerError(missingPeers(resolveWithout(['@cdktf/provider-aws'])))?.message).toBe(
    'cdk-traffic/aws needs the package @cdktf/provider-aws (optional peer dependencies of cdk-traffic, not installed). ' +
      'Fix: npm install cdktf@^0.21.0 @cdktf/provider-aws@^21.0.0 (CDK Terrain (cdktn) users import cdk-traffic/aws-terrain instead)',
  );
});

test("the install commands name the peer ranges of package.json (cdktn's at the versions that install together)", () => {
  const peers = pkg.peerDependencies as Record<string, string>;
  expect(PEER_INSTALL.cdktf).toBe(
    `npm install cdktf@${peers.cdktf} @cdktf/provider-aws@${peers['@cdktf/provider-aws']}`,
  );
  expect(PEER_INSTALL.cdktn).toBe('npm install cdktn@0.24.0 @cdktn/provider-aws@25.7.0 constructs@10.7.0');
  expect(`0.24.0`).toMatch(new RegExp(`^${peers.cdktn.replace(/^\^/, '').replace(/\./g, '\\.')}`));
  expect(peers['@cdktn/provider-aws']).toBe('^25.7.0');
});

test('synthStack refuses what is not a Terraform stack of an installed CDK, with the fix', () => {
  const chart = new Chart(Testing.app(), 'not-a-stack');
  expect(() => synthStack(chart)).toThrow(
    /synthStack: not-a-stack is not a TerraformStack of an installed cdktf \(cdk-traffic\/aws\) or cdktn \(cdk-traffic\/aws-terrain\)\. Fix: pass the stack/,
  );
});
