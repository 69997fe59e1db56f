import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * No module of `lib/` holds mutable state at its top level: no `let` or `var`, no `Map`/`Set`/`WeakMap`/`WeakSet`
 * (their contents can always change), and no array or object literal that the module changes (assigns into,
 * pushes to, deletes from). State that belongs to a synth lives on its App, chart or construct; a table that
 * never changes is a frozen literal. The allow-list holds collections that are filled once, at load, and
 * only read after (each with why).
 */
const ALLOWED: Record<string, string> = {
  // Tables: filled by their literal at load, never changed (the module only reads them).
  'model/input/value-checks.ts: LEGACY_POLICIES': 'table: the ELB security policy names older than TLS 1.3',
  'testing/crd-schema.ts: BUILT_IN_GROUPS': 'table: the API groups of the built-in kinds',
  'testing/crd-schema.ts: COPIED': 'table: the CRD files copied into the package',
  'testing/crd-schema.ts: IGNORED': 'table: the CRD kinds left unchecked',
  'testing/crd-schema.ts: HANDLED': 'table: the CRD kinds the schema check knows',
  // Memos of pure loads in the testing entry point (`cdk-traffic/testing`, never on a synth's path): a schema
  // file read, an ajv instance and its compiled validators, the kubernetes-models classes. Dropping one would
  // only load it again; nothing a synth writes depends on them.
  'testing/crd-schema.ts: fixtures': 'memo: CRD schema files read from disk',
  'testing/crd-schema.ts: ajv': 'memo: the one ajv instance the validators are compiled with',
  'testing/crd-schema.ts: compiled': 'memo: compiled validators per schema file',
  'testing/validate.ts: models': 'memo: kubernetes-models classes per apiVersion/kind',
  'testing/validate.ts: modelsDir': 'memo: where kubernetes-models is installed',
};

const LIB = path.join(__dirname, '../../lib');
const SKIP = [/^k8s\/imports\//, /\.generated\.ts$/, /\.d\.ts$/];

function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return libFiles(p);
    const rel = path.relative(LIB, p).split(path.sep).join('/');
    return e.name.endsWith('.ts') && !SKIP.some((re) => re.test(rel)) ? [p] : [];
  });
}

const COLLECTIONS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);
const MUTATORS = new Set([
  'push',
  'pop',
  'shift',
  'unshift',
  'splice',
  'sort',
  'reverse',
  'fill',
  'copyWithin',
  'set',
  'add',
  'delete',
  'clear',
]);

/** The names a module changes: `x.a = `, `x[k] = `, `delete x.a`, `x.push(...)`, `Object.assign(x, ...)`. */
function mutatedNames(source: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const root = (e: ts.Expression): string | undefined => {
    while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isParenthesizedExpression(e))
      e = e.expression;
    return ts.isIdentifier(e) ? e.text : undefined;
  };
  const visit = (n: ts.Node): void => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      n.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      (ts.isPropertyAccessExpression(n.left) || ts.isElementAccessExpression(n.left))
    ) {
      const name = root(n.left);
      if (name) out.add(name);
    }
    if (ts.isDeleteExpression(n)) {
      const name = root(n.expression);
      if (name) out.add(name);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression)) {
      const callee = n.expression;
      if (MUTATORS.has(callee.name.text)) {
        const name = root(callee.expression);
        if (name) out.add(name);
      }
      if (callee.getText(source) === 'Object.assign' && n.arguments[0]) {
        const name = root(n.arguments[0]);
        if (name) out.add(name);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return out;
}

/**
 * A class's static fields are module state too (one per loaded module, shared by every App): a static field that
 * is not `readonly`, or that holds a collection (`new Map()`, an array or object literal the module changes).
 */
function staticState(source: ts.SourceFile, rel: string): string[] {
  const mutated = mutatedNames(source);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isClassLike(n)) {
      const cls = n.name?.text ?? '(anonymous)';
      for (const m of n.members) {
        if (!ts.isPropertyDeclaration(m) || !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
        const name = `${cls}.${m.name.getText(source)}`;
        if (ALLOWED[`${rel}: ${name}`]) continue;
        const readonly = m.modifiers.some((x) => x.kind === ts.SyntaxKind.ReadonlyKeyword);
        const init = m.initializer;
        if (!readonly) found.push(`${rel}: ${name} (static, not readonly)`);
        else if (
          init &&
          ts.isNewExpression(init) &&
          ts.isIdentifier(init.expression) &&
          COLLECTIONS.has(init.expression.text)
        )
          found.push(`${rel}: ${name} (static new ${init.expression.text})`);
        else if (init && (ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init)) && mutated.has(cls))
          found.push(`${rel}: ${name} (static, a literal the module changes)`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(source);
  return found;
}

/** The module's top-level mutable state, as `file: declaration` lines. */
function moduleState(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const rel = path.relative(LIB, file).split(path.sep).join('/');
  const mutated = mutatedNames(source);
  const found: string[] = [...staticState(source, rel)];
  for (const st of source.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const d of st.declarationList.declarations) {
      const name = d.name.getText(source);
      const what = `${rel}: ${name}`;
      if (ALLOWED[what]) continue;
      if (!isConst) {
        found.push(`${what} (let/var)`);
        continue;
      }
      let init = d.initializer;
      while (init && (ts.isAsExpression(init) || ts.isParenthesizedExpression(init) || ts.isSatisfiesExpression(init)))
        init = init.expression;
      if (!init) continue;
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && COLLECTIONS.has(init.expression.text))
        found.push(`${what} (new ${init.expression.text})`);
      else if ((ts.isArrayLiteralExpression(init) || ts.isObjectLiteralExpression(init)) && mutated.has(name))
        found.push(`${what} (a literal the module changes)`);
    }
  }
  return found;
}

test('no module of lib/ declares mutable top-level state', () => {
  const files = libFiles();
  expect(files.length).toBeGreaterThan(100);
  expect(files.flatMap(moduleState)).toEqual([]);
});

test('every allow-list entry still names a declaration (an entry cannot outlive its reason)', () => {
  const all = libFiles().flatMap((f) => {
    const source = ts.createSourceFile(f, fs.readFileSync(f, 'utf8'), ts.ScriptTarget.ES2022, true);
    const rel = path.relative(LIB, f).split(path.sep).join('/');
    return source.statements
      .filter(ts.isVariableStatement)
      .flatMap((st) => st.declarationList.declarations.map((d) => `${rel}: ${d.name.getText(source)}`));
  });
  expect(Object.keys(ALLOWED).filter((k) => !all.includes(k))).toEqual([]);
});

describe('the scan finds what it must', () => {
  const scan = (code: string): string[] => {
    const dir = fs.mkdtempSync(path.join(LIB, '..', 'node_modules', '.module-state-'));
    const file = path.join(dir, 'probe.ts');
    fs.writeFileSync(file, code);
    try {
      return moduleState(file).map((l) => l.replace(/^.*probe\.ts: /, ''));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  test.each([
    ['let cache: string | undefined;', ['cache (let/var)']],
    ['export var n = 0;', ['n (let/var)']],
    ['const seen = new Map<string, number>();', ['seen (new Map)']],
    ['const byApp = new WeakMap<object, string[]>();', ['byApp (new WeakMap)']],
    ['const list: string[] = [];\nexport function f() { list.push("a"); }', ['list (a literal the module changes)']],
    [
      'const o: Record<string, number> = {};\nexport function f() { o["a"] = 1; }',
      ['o (a literal the module changes)'],
    ],
    ['const o = { n: 0 };\nexport function f() { o.n++; o.n = 2; }', ['o (a literal the module changes)']],
    ['const o = { n: 0 };\nexport function f() { Object.assign(o, { n: 1 }); }', ['o (a literal the module changes)']],
    ['export class C { static count = 0; }', ['C.count (static, not readonly)']],
    ['export class C { private static cache = new Map<string, number>(); }', ['C.cache (static, not readonly)']],
    ['export class C { static readonly seen = new Set<string>(); }', ['C.seen (static new Set)']],
  ])('%s', (code, expected) => {
    expect(scan(code)).toEqual(expected);
  });
  test.each([
    'const NAMES = ["a", "b"] as const;',
    'const TABLE: Readonly<Record<string, number>> = Object.freeze({ a: 1 });',
    'const RE = /^a$/;',
    'export function f() { const m = new Map(); m.set(1, 2); return m; }',
    'export class C { static readonly KIND = "x"; private readonly cache = new Map<string, number>(); }',
  ])('%s is not state', (code) => {
    expect(scan(code)).toEqual([]);
  });
});
