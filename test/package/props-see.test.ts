// Props that map to an upstream field name their upstream reference (`@see`) and state the range it allows, which
// editors show on hover and the API reference (npm run docs) prints.
//
// The criterion: every field typed `number` or `Duration` (alone, or with `null` or a string) of an exported `...Props` / `...Options` interface, or of
// any public input type (a name of the generated input shapes: `ProbeTiming`, `AlbListenPort`...), of
// lib/model/app-props.ts and of the folders whose props are written to a Kubernetes object's, a load balancer's, a
// proxy's, a controller's or a cluster component's field (lib/model/aws, gcp, azure, health, exposure, traffic,
// cilium, kube-proxy, dataplane, observe, delivery, workload) has a JSDoc `@see https://...` and a range: `a-b` or
// `a to b` (with its unit), "between", "at least", "at most", or "no upper limit". Numbers and durations are where a
// range exists and a value outside it is refused by the API server, the CRD, Terraform or the controller; enums and
// strings carry their values in their type.
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { SHAPES } from '../../lib/model/input/shapes.generated';

const ROOT = path.join(__dirname, '../..');
const FOLDERS = [
  'aws',
  'gcp',
  'azure',
  'health',
  'exposure',
  'traffic',
  'cilium',
  'kube-proxy',
  'dataplane',
  'observe',
  'delivery',
  'workload',
].map((f) => `lib/model/${f}`);
const INPUT_TYPES = new Set(Object.keys(SHAPES));
/** `number` or `Duration`, alone or with `null`, `string` or a string literal (`Duration | 'manual'`). */
const NUMERIC = /^(number|Duration)(\s*\|\s*(null|string|'[^']*'))*$/;
const RANGE =
  /\d\s*(?:s|ms|%)?\s*(?:-|–)\s*\d|\d\s*(?:s|ms|%|min|days?)?\s+to\s+\d|\bbetween\b|\bat least\b|\bat most\b|no upper limit/i;

/** `Interface.field` of every numeric or Duration props field of `source` without `@see` or without a range. */
export function undocumentedFields(
  file: string,
  source: string,
  inputTypes: ReadonlySet<string> = new Set(),
): string[] {
  const src = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  src.forEachChild((n) => {
    if (!ts.isInterfaceDeclaration(n) || !(/(Props|Options)$/.test(n.name.text) || inputTypes.has(n.name.text))) return;
    if (!n.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return;
    for (const m of n.members) {
      if (!ts.isPropertySignature(m) || !m.type || !NUMERIC.test(m.type.getText(src))) continue;
      const doc = ts
        .getJSDocCommentsAndTags(m)
        .map((d) => d.getText(src))
        .join('\n');
      const missing = [!/@see\s+https:\/\//.test(doc) && '@see', !RANGE.test(doc) && 'range'].filter(Boolean);
      if (missing.length) found.push(`${n.name.text}.${m.name.getText(src)} (${missing.join(', ')})`);
    }
  });
  return found;
}

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f}`);
}

test('numeric and Duration props that map to an upstream field have @see and their range', () => {
  const files = [...FOLDERS.flatMap(tsFiles), 'lib/model/app-props.ts'];
  expect(files.length).toBeGreaterThan(40);
  const missing = files.flatMap((f) =>
    undocumentedFields(f, fs.readFileSync(path.join(ROOT, f), 'utf8'), INPUT_TYPES).map((m) => `${f}: ${m}`),
  );
  expect(missing).toEqual([]);
  // The criterion reaches the fields it is for.
  const checked = files.join('\n');
  expect(checked).toContain('lib/model/aws/alb-ingress-options.ts');
  expect(checked).toContain('lib/model/health/health-check.ts');
  expect(INPUT_TYPES.has('ProbeTiming')).toBe(true);
});

test('the check finds a field without @see or without a range (it can fail)', () => {
  const source = [
    "import { Duration } from 'cdk8s';",
    'export interface ExampleProps {',
    '  /**',
    '   * Idle timeout (1-4000 s).',
    '   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html',
    '   */',
    '  readonly idleTimeout?: Duration;',
    '  /** Idle timeout (1-4000 s). */',
    '  readonly noSee?: Duration;',
    '  /**',
    '   * The port.',
    '   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener',
    '   */',
    '  readonly noRange: number;',
    '  readonly name?: string;',
    '}',
    'interface InternalProps {',
    '  readonly port: number;',
    '}',
    'export interface ExampleTiming {',
    '  readonly period?: Duration;',
    '}',
  ].join('\n');
  expect(undocumentedFields('example.ts', source, new Set(['ExampleTiming']))).toContain(
    'ExampleTiming.period (@see, range)',
  );
  expect(undocumentedFields('example.ts', source)).toEqual([
    'ExampleProps.noSee (@see)',
    'ExampleProps.noRange (range)',
  ]);
});
