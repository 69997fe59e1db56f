import * as fs from 'fs';
import * as path from 'path';
import { PROXY_RULES } from '../../lib/rules/proxy-rules';
import { TRAFFIC_RULES } from '../../lib/rules/traffic-rules';

// One rule per file, named by its id, grouped by layer in folders (as cdk-nag does), and lib/rules/README.md
// documenting each: the files, the rule lists and the README are held to each other here.
const RULES_DIR = path.join(__dirname, '..', '..', 'lib', 'rules');
const LIB = path.join(RULES_DIR, '..');
const README = fs.readFileSync(path.join(RULES_DIR, 'README.md'), 'utf8');
const RULES = [...TRAFFIC_RULES, ...PROXY_RULES];

/** The rule files: `<layer>/<id in lower case>.ts`. */
function ruleFiles(): string[] {
  return fs
    .readdirSync(RULES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(RULES_DIR, d.name)).map((f) => `${d.name}/${f}`));
}

/** The README's table rows: id, severity, the file it links to. */
function documented(): { id: string; severity: string; file?: string }[] {
  return [...README.matchAll(/^\| (?:\[(CT-[A-Z0-9]+-\d+)\]\(([^)]+)\)|(CT-[A-Z0-9]+-\d+)) \| (\w+) \|/gm)].map(
    (m) => ({
      id: m[1] ?? m[3],
      severity: m[4],
      ...(m[2] ? { file: m[2] } : {}),
    }),
  );
}

test('every rule file holds the one rule its name says, and is in a rule list', () => {
  const files = ruleFiles();
  expect(files.length).toBe(RULES.length);
  for (const f of files) {
    const id = path.basename(f, '.ts').toUpperCase();
    const source = fs.readFileSync(path.join(RULES_DIR, f), 'utf8');
    expect([f, source.match(/\bid: '(CT-[A-Z]+-\d+)'/g)]).toEqual([f, [`id: '${id}'`]]);
    expect(RULES.map((r) => r.id)).toContain(id);
  }
  expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
});

test('every rule is documented in lib/rules/README.md with its severity and its file', () => {
  const rows = new Map(documented().map((d) => [d.id, d]));
  for (const r of RULES) {
    const file = ruleFiles().find((f) => path.basename(f, '.ts').toUpperCase() === r.id);
    expect([r.id, rows.get(r.id)]).toEqual([r.id, { id: r.id, severity: r.severity, file }]);
  }
});

test('every id documented in lib/rules/README.md exists: a rule, or a check the library makes', () => {
  const rules = new Set(RULES.map((r) => r.id));
  const source = (dir: string): string =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .map((d) =>
        d.isDirectory()
          ? source(path.join(dir, d.name))
          : d.name.endsWith('.ts')
            ? fs.readFileSync(path.join(dir, d.name), 'utf8')
            : '',
      )
      .join('\n');
  const lib = source(LIB);
  const ids = [...new Set([...README.matchAll(/\bCT-[A-Z0-9]+-\d{3}\b/g)].map((m) => m[0]))];
  expect(ids.length).toBeGreaterThan(RULES.length);
  expect(ids.filter((id) => !rules.has(id) && !lib.includes(`'${id}'`))).toEqual([]);
});
