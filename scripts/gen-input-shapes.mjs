#!/usr/bin/env node
/**
 * Writes lib/model/input/shapes.generated.ts: the runtime shape of every public props type, read from the
 * TypeScript declarations themselves, so the run-time check of a JavaScript caller's input can never drift
 * from the types a TypeScript caller sees. `test/hardening/shapes.test.ts` fails when the file is stale.
 *
 * Usage: node scripts/gen-input-shapes.mjs [--check]
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'lib/model/input/shapes.generated.ts');

/** The public input types, by the file that declares them. */
const ROOTS = {
  'lib/model/app-props.ts': ['TrafficAppProps'],
  'lib/model/workload/probe.ts': [
    'ProbeAction',
    'ProbeTiming',
    'HttpGetProbeOptions',
    'TcpSocketProbeOptions',
    'GrpcProbeOptions',
  ],
  'lib/model/workload/security.ts': ['SecurityInput'],
  'lib/model/app-spec.ts': ['EnvValueSpec'],
  'lib/model/aws/certificate.ts': ['CertificateSpec'],
  'lib/model/aws/health-check.ts': ['HealthCheckOverrideProps'],
  'lib/model/dataplane/dataplane-props.ts': ['CiliumDataplaneProps', 'KubernetesDataplaneProps'],
  'lib/model/cilium/cluster-spec.ts': ['CiliumClusterDefinition'],
  'lib/model/targets/targets-props.ts': ['TrafficTargetsProps'],
};

/**
 * The exposure kinds' props types: read from the one registration list (`EXPOSURE_KINDS`, whose entries name
 * the declaring file and the props types), so a kind registered there gets its shapes without a second list.
 */
const KINDS_FILE = 'lib/model/input/exposure-kinds.ts';
function registeredKinds() {
  const source = ts.createSourceFile(
    KINDS_FILE,
    fs.readFileSync(path.join(ROOT, KINDS_FILE), 'utf8'),
    ts.ScriptTarget.ES2022,
  );
  const found = [];
  const visit = (node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'kind') {
      const [, file, shapes] = node.arguments;
      if (!file || !ts.isStringLiteral(file) || !shapes || !ts.isArrayLiteralExpression(shapes))
        throw new Error(`${KINDS_FILE}: kind(...) needs a file and a list of props types as literals`);
      found.push([file.text, shapes.elements.map((e) => e.text)]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (found.length === 0) throw new Error(`${KINDS_FILE}: no kind(...) entries found`);
  return found;
}
// In the order of the declarations' files before (the exposures before the dataplane), so the output is stable.
{
  const rest = Object.entries(ROOTS);
  const at = rest.findIndex(([file]) => file.startsWith('lib/model/dataplane/'));
  const ordered = [...rest.slice(0, at), ...registeredKinds(), ...rest.slice(at)];
  for (const k of Object.keys(ROOTS)) delete ROOTS[k];
  for (const [file, names] of ordered) ROOTS[file] = [...(ROOTS[file] ?? []), ...names];
}

const program = ts.createProgram(
  Object.keys(ROOTS).map((f) => path.join(ROOT, f)),
  {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
    noEmit: true,
  },
);
const checker = program.getTypeChecker();
const shapes = {};

function isUndefined(t) {
  return (t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) !== 0;
}

/** Named shapes for interfaces and aliases of objects; instances for classes and interfaces with methods. */
function shapeOf(type, depth = 0) {
  if (depth > 40) throw new Error(`type too deep: ${checker.typeToString(type)}`);
  const f = type.flags;
  if (f & ts.TypeFlags.Any || f & ts.TypeFlags.Unknown) return { t: 'unknown' };
  if (f & ts.TypeFlags.String) return { t: 'string' };
  if (f & ts.TypeFlags.Number) return { t: 'number' };
  if (f & ts.TypeFlags.Boolean) return { t: 'boolean' };
  if (f & ts.TypeFlags.Null) return { t: 'null' };
  if (f & ts.TypeFlags.StringLiteral || f & ts.TypeFlags.NumberLiteral) return { t: 'enum', values: [type.value] };
  if (f & ts.TypeFlags.BooleanLiteral) return { t: 'enum', values: [checker.typeToString(type) === 'true'] };
  if (f & ts.TypeFlags.TemplateLiteral) return { t: 'string' };
  if (type.isUnion()) {
    const parts = type.types.filter((x) => !isUndefined(x));
    const enums = [];
    const rest = [];
    for (const p of parts) {
      const s = shapeOf(p, depth + 1);
      if (s.t === 'enum') enums.push(...s.values);
      else rest.push(s);
    }
    // true | false is boolean
    if (enums.includes(true) && enums.includes(false)) {
      rest.push({ t: 'boolean' });
      enums.splice(enums.indexOf(true), 1);
      enums.splice(enums.indexOf(false), 1);
    }
    const of = [...(enums.length ? [{ t: 'enum', values: enums }] : []), ...rest];
    return of.length === 1 ? of[0] : { t: 'union', of };
  }
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    const [el] = checker.getTypeArguments(type);
    return { t: 'array', of: shapeOf(el, depth + 1) };
  }
  if (f & ts.TypeFlags.Object) {
    if (type.getCallSignatures().length > 0) return { t: 'function' };
    const symbol = type.aliasSymbol ?? type.getSymbol();
    const decl = type.getSymbol()?.declarations?.[0];
    const props = checker.getPropertiesOfType(type);
    const hasMethods = props.some((p) => {
      const d = p.valueDeclaration ?? p.declarations?.[0];
      return d && (ts.isMethodDeclaration(d) || ts.isMethodSignature(d) || ts.isGetAccessor(d));
    });
    if ((decl && ts.isClassDeclaration(decl)) || hasMethods) return { t: 'instance', name: type.getSymbol().getName() };
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && props.length === 0) return { t: 'record', of: shapeOf(index.type, depth + 1) };
    const named = symbol && decl && ts.isInterfaceDeclaration(decl) ? symbol.getName() : undefined;
    if (named && shapes[named] !== undefined) return { t: 'ref', name: named };
    if (named) shapes[named] = null; // recursion guard
    const fields = {};
    for (const p of props) {
      const d = p.valueDeclaration ?? p.declarations?.[0];
      const pt = checker.getTypeOfSymbolAtLocation(p, d);
      const optional = (p.flags & ts.SymbolFlags.Optional) !== 0;
      fields[p.getName()] = { shape: shapeOf(pt, depth + 1), ...(optional ? { optional: true } : {}) };
    }
    // The required fields, listed: the check reports the missing ones without walking every field of the type.
    const required = Object.keys(fields).filter((k) => !fields[k].optional);
    const shape = { t: 'object', fields, required };
    if (!named) return shape;
    shapes[named] = shape;
    return { t: 'ref', name: named };
  }
  throw new Error(`unsupported type ${checker.typeToString(type)}`);
}

const roots = [];
for (const [file, names] of Object.entries(ROOTS)) {
  const source = program.getSourceFile(path.join(ROOT, file));
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exports = checker.getExportsOfModule(moduleSymbol);
  for (const name of names) {
    const sym = exports.find((e) => e.getName() === name);
    if (!sym) throw new Error(`${file} does not export ${name}`);
    const type = checker.getDeclaredTypeOfSymbol(sym);
    const s = shapeOf(type);
    if (s.t !== 'ref')
      shapes[name] = s; // aliases of unions
    else if (s.name !== name) shapes[name] = s;
    roots.push(name);
  }
}

/** A named shape, through aliases. */
function resolvedShape(shape) {
  return shape.t === 'ref' ? resolvedShape(shapes[shape.name]) : shape;
}

/**
 * The tag of a union whose alternatives are all objects, each with a required one-value string enum in the same
 * field, the values distinct (`{ kind: 'arn', ... } | { kind: 'acm-dns', ... }`); null for any other union. Written
 * into the union (`tag`), so the check does not work it out again for every value.
 */
function unionTag(of) {
  const objects = of.map(resolvedShape);
  if (objects.length < 2 || !objects.every((o) => o.t === 'object')) return null;
  for (const key of Object.keys(objects[0].fields)) {
    const values = objects.map((o) => {
      const def = o.fields[key];
      return def && !def.optional && def.shape.t === 'enum' && def.shape.values.length === 1
        ? def.shape.values[0]
        : undefined;
    });
    if (values.every((v) => typeof v === 'string') && new Set(values).size === values.length) return { key, values };
  }
  return null;
}

/** Adds `tag` to every union (after every named shape is known). */
function tagUnions(shape) {
  if (shape.t === 'union') {
    shape.of.forEach(tagUnions);
    shape.tag = unionTag(shape.of);
  } else if (shape.t === 'array' || shape.t === 'record') tagUnions(shape.of);
  else if (shape.t === 'object') for (const def of Object.values(shape.fields)) tagUnions(def.shape);
}
for (const shape of Object.values(shapes)) tagUnions(shape);

const sorted = Object.fromEntries(
  Object.keys(shapes)
    .sort()
    .map((k) => [k, shapes[k]]),
);
const text = `// Generated by scripts/gen-input-shapes.mjs from the TypeScript declarations: do not edit.
// Regenerate with \`node scripts/gen-input-shapes.mjs\` after changing a public props type.
import type { Shape } from './shape';

/** The runtime shape of every public props type (and the interfaces they use), by type name. */
export const SHAPES: Readonly<Record<string, Shape>> = ${JSON.stringify(sorted, null, 1)};
`;
if (process.argv.includes('--check')) {
  const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error(`${path.relative(ROOT, OUT)} is stale: run node scripts/gen-input-shapes.mjs`);
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.log(`wrote ${path.relative(ROOT, OUT)}: ${Object.keys(sorted).length} shapes (${roots.length} roots)`);
}
