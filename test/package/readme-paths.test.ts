// Every file and folder the README's Architecture section (with "Where things go") names exists, so a move or a
// rename cannot leave the map of the code behind. A path is read relative to the repository, to `lib/`, or to the
// bullet it sits in (`workload/` under "- `lib/model/`", `expose/exposure-renderers.ts` under "- `lib/k8s/`"); a
// bare file name (`calls.ts`) must exist somewhere under its bullet's folder.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');

/** Package names, output paths and placeholders: names in backticks that are not files of the repository. */
const NOT_FILES = /^(@|cdk-traffic\/|cdktf\.out\/|dist\/|kubernetes-models|node_modules|SUMMARY\.md$)|[<*{]/;

/** The backticked names that look like paths: with a '/', or a file name with an extension. */
export function pathsIn(line: string): string[] {
  return [...line.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1])
    .filter((t) => /^[\w.@-]+(\/[\w.@<>*{}-]*)*$/.test(t))
    .filter((t) => t.includes('/') || /\.(ts|mjs|js|json|md|sh)$/.test(t))
    .filter((t) => !NOT_FILES.test(t));
}

function under(dir: string, name: string): boolean {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return false;
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .some((e) => e.name === name || (e.isDirectory() && under(path.join(dir, e.name), name)));
}

/** The README paths that exist nowhere, with their line. */
export function missingPaths(readme: string, root: string): string[] {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith('## Architecture'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const missing: string[] = [];
  const bases: string[] = []; // the folder of each bullet level, by indentation
  for (const line of lines.slice(start, end < 0 ? undefined : end)) {
    const bullet = /^( *)- (?:\*\*[^*]+\*\*[^`]*)?`([^`]+\/)`:/.exec(line) ?? /^( *)- /.exec(line);
    if (bullet) {
      const level = bullet[1].length / 2;
      bases.length = level;
      const dir = bullet[2];
      bases[level] = dir ? path.join(level > 0 ? (bases[level - 1] ?? '') : '', dir) : (bases[level - 1] ?? '');
    }
    const here = [...bases].reverse().find((b) => b !== undefined) ?? '';
    for (const p of pathsIn(line)) {
      const candidates = ['', 'lib', ...bases.filter((b) => b !== undefined)].map((b) => path.join(root, b, p));
      const found =
        candidates.some((c) => fs.existsSync(c)) || (!p.includes('/') && under(path.join(root, here || 'lib'), p));
      if (!found) missing.push(`${p} (in: ${line.trim().slice(0, 80)})`);
    }
  }
  return missing;
}

test("every path the README's Architecture section names exists", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const named = readme
    .slice(readme.indexOf('## Architecture'))
    .split('\n')
    .flatMap((l) => pathsIn(l));
  expect(named.length).toBeGreaterThan(60);
  expect(missingPaths(readme, ROOT)).toEqual([]);
});

test('the check finds a path that does not exist (it can fail)', () => {
  const readme = [
    '## Architecture',
    '- `lib/model/`: the model',
    '  - `workload/`: `calls.ts`, `no-such-file.ts`',
    '  - `exposure/`: `load-balancer-service.ts`',
    '- `lib/k8s/`: `expose/exposure-renderers.ts`, `workload/final-checks.ts`, `written/workload-checks.ts`',
    '## Next',
    '- `lib/not-checked-here.ts`',
  ].join('\n');
  expect(missingPaths(readme, ROOT).map((m) => m.split(' ')[0])).toEqual([
    'no-such-file.ts',
    'load-balancer-service.ts',
    'workload/final-checks.ts',
  ]);
});
