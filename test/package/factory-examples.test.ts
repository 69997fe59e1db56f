// Every static factory of an exported class (TrafficApp.define, Probe.*, IngressExposure.*, ...) carries an
// `@example` in its JSDoc, which TypeDoc shows in the API reference (npm run docs) and editors show on hover.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '../..');
const ENTRY_POINTS = ['lib/index.ts', 'lib/aws/index.ts', 'lib/testing/index.ts'];

/** Names exported (as values) by the entry points. */
function exportedNames(): Set<string> {
  const names = new Set<string>();
  for (const entry of ENTRY_POINTS) {
    const text = fs.readFileSync(path.join(ROOT, entry), 'utf8');
    for (const [, list] of text.matchAll(/export \{([^}]*)\}/g))
      for (const n of list.split(','))
        names.add(
          n
            .trim()
            .split(/\s+as\s+/)
            .pop() ?? '',
        );
  }
  return names;
}

/** `Class.method` of every static method of an exported class, with whether its JSDoc has an @example. */
function staticFactories(): { name: string; example: boolean }[] {
  const exported = exportedNames();
  const found: { name: string; example: boolean }[] = [];
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(ROOT, 'lib')).filter((f) => f.endsWith('.ts') && !f.includes('/imports/'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const cls of text.matchAll(/export (?:abstract )?class (\w+)[^{]*\{/g)) {
      if (!exported.has(cls[1])) continue;
      const start = (cls.index ?? 0) + cls[0].length;
      const rest = text.slice(start);
      const body = rest.slice(0, rest.search(/\n(export |\/\*\*\n \*)/) + 1 || undefined);
      for (const m of body.matchAll(/\n\s*(?:public )?static (\w+)\s*[(<]/g)) {
        if (/^(find|is)/.test(m[1])) continue; // finders and type guards, not factories
        const before = body.slice(0, m.index);
        const doc = before.trimEnd().endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
        found.push({ name: `${cls[1]}.${m[1]}`, example: doc.includes('@example') });
      }
    }
  }
  return found;
}

test('every exported static factory has an @example', () => {
  const factories = staticFactories();
  expect(factories.map((f) => f.name)).toEqual(
    expect.arrayContaining([
      'TrafficApp.define',
      'Probe.httpGet',
      'IngressExposure.alb',
      'TerraformLoadBalancer.alb',
      'InputShape.object',
    ]),
  );
  expect(factories.length).toBeGreaterThan(40);
  expect(factories.filter((f) => !f.example).map((f) => f.name)).toEqual([]);
});

/**
 * `name` of every exported function of the entry points (a factory or helper users call: `traits`, `outcome`,
 * `synthApps`, `writeCiliumValues`, ...), with whether the JSDoc of its first declaration (the first overload) has an
 * @example.
 */
function exportedFunctions(): { name: string; example: boolean }[] {
  const exported = exportedNames();
  const seen = new Map<string, boolean>();
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of walk(path.join(ROOT, 'lib')).filter((f) => f.endsWith('.ts') && !f.includes('/imports/'))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\nexport (?:async )?function (\w+)/g)) {
      if (!exported.has(m[1]) || seen.has(m[1])) continue;
      const before = text.slice(0, m.index);
      const doc = before.trimEnd().endsWith('*/') ? before.slice(before.lastIndexOf('/**')) : '';
      seen.set(m[1], doc.includes('@example'));
    }
  }
  return [...seen].map(([name, example]) => ({ name, example }));
}

test('every exported function of the entry points has an @example', () => {
  const functions = exportedFunctions();
  // The scan finds the functions it must (it can fail).
  expect(functions.map((f) => f.name)).toEqual(
    expect.arrayContaining(['traits', 'outcome', 'synthApps', 'appObject', 'writeCiliumValues', 'synthStack']),
  );
  expect(functions.length).toBeGreaterThan(25);
  expect(functions.filter((f) => !f.example).map((f) => f.name)).toEqual([]);
});
