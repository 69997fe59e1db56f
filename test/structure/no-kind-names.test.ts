import * as fs from 'fs';
import * as path from 'path';
import { BUILT_IN_EXPOSURE_RENDERERS } from '../../lib/k8s/expose/exposure-renderers';
import { EXPOSURE_KINDS } from '../../lib/model/input/exposure-kinds';

// Rules, the network policy, the traffic map, the summary and the checks across apps read an exposure's traits,
// never its kind: only a kind's own model file (the file `EXPOSURE_KINDS` names for it, in lib/model/exposure/ or
// lib/model/<cloud>/) and its renderers (lib/k8s/expose, aws, gcp, azure; the renderers' registry) may test a kind's
// name.
const LIB = path.join(__dirname, '..', '..', 'lib');
const KIND_FILES = EXPOSURE_KINDS.map((k) => k.file.replace(/^lib\//, ''));
// The kinds' model files are listed by name (not the whole of lib/model/exposure/, whose shared files (traits,
// backends, implementations) are read by every kind and test none).
const ALLOWED = ['k8s/expose/', 'k8s/aws/', 'k8s/gcp/', 'k8s/azure/', 'k8s/imports/', 'index.ts'];
const KINDS = Object.keys(BUILT_IN_EXPOSURE_RENDERERS);
const KIND_CONSTANTS = /\b[A-Z][A-Z0-9_]*_KIND\b/;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The lines of `source` that compare a kind, switch on one or key a table by one. */
export function kindNameTests(source: string): string[] {
  const names = KINDS.map((k) => k.replace(/[-]/g, '\\-')).join('|');
  const patterns = [
    new RegExp(`\\bkind\\s*[!=]==?\\s*['"\`](${names})['"\`]`),
    new RegExp(`['"\`](${names})['"\`]\\s*[!=]==?\\s*[\\w.]*kind\\b`),
    new RegExp(`\\bcase\\s+['"\`](${names})['"\`]\\s*:`),
    new RegExp(`^\\s*['"](${names})['"]\\s*:`),
    new RegExp(`\\[\\s*${KIND_CONSTANTS.source}\\s*\\]\\s*:`),
    new RegExp(`\\bkind\\s*[!=]==?\\s*${KIND_CONSTANTS.source}`),
    new RegExp(`${KIND_CONSTANTS.source}\\s*[!=]==?\\s*[\\w.?]*kind\\b`),
    new RegExp(`\\bcase\\s+${KIND_CONSTANTS.source}\\s*:`),
    // A list of kind names asked whether it holds a kind: `['ingress', 'gke-ingress'].includes(e.kind)`.
    new RegExp(`\\[\\s*['"\`](${names})['"\`][^\\]]*\\]\\s*\\.includes\\(`),
  ];
  // A part of a kind name tested on a kind: `e.kind.startsWith('gateway-')` (an object's kind, e.g. `Gateway`, is no
  // exposure kind's part: kinds are lower case).
  const partOfKind = /\bkind\??\.(startsWith|endsWith|includes)\(\s*['"`]([^'"`]+)['"`]/;
  const testsPart = (line: string): boolean => {
    const m = partOfKind.exec(line);
    return m !== null && KINDS.some((k) => k.includes(m[2]));
  };
  return source.split('\n').filter((line) => patterns.some((p) => p.test(line)) || testsPart(line));
}

test('no code outside a kind’s model file and its renderers tests a kind name', () => {
  const found: string[] = [];
  for (const f of files(LIB)) {
    const rel = path.relative(LIB, f).split(path.sep).join('/');
    if (ALLOWED.some((a) => rel.startsWith(a)) || KIND_FILES.includes(rel)) continue;
    for (const line of kindNameTests(fs.readFileSync(f, 'utf8'))) found.push(`${rel}: ${line.trim()}`);
  }
  expect(found).toEqual([]);
});

test('the scan finds each form of a kind-name test (it can fail)', () => {
  expect(
    kindNameTests(
      [
        "if (e.kind === 'ingress') return;",
        "  case 'gateway-http-route':",
        "  'service-lb': draw,",
        'if (e.kind !== GKE_INGRESS_KIND) return;',
        "const ok = 'istio-mesh' === spec.kind;",
        "if (layer === 'ingress') return;",
        "peer: { kind: 'entities', entities: ['ingress'] },",
        'if (ISTIO_MESH_KIND === e.kind) return;',
        '  case LINKERD_MESH_KIND:',
        "const l7 = ['ingress', 'gke-ingress'].includes(e.kind);",
        "if (e.kind.startsWith('gateway-')) return;",
        "if (o.kind.startsWith('AuthorizationPolicy')) return;",
      ].join('\n'),
    ),
  ).toEqual([
    "if (e.kind === 'ingress') return;",
    "  case 'gateway-http-route':",
    "  'service-lb': draw,",
    'if (e.kind !== GKE_INGRESS_KIND) return;',
    "const ok = 'istio-mesh' === spec.kind;",
    'if (ISTIO_MESH_KIND === e.kind) return;',
    '  case LINKERD_MESH_KIND:',
    "const l7 = ['ingress', 'gke-ingress'].includes(e.kind);",
    "if (e.kind.startsWith('gateway-')) return;",
  ]);
});
