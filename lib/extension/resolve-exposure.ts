import type { WorkloadSpec } from '../model/app-spec';
import type { ExposureSpec, IExposure } from '../model/exposure/exposure';
import { EXPOSURE_KINDS, isKindOf } from '../model/input/exposure-kinds';
import type { Problems } from '../model/problems';

const REACH = ['internet', 'internal', 'cluster'];
const FIX = 'return the spec from resolve() with `traits: traits({ label, reach, hosts, ... })` (see ExposureTraits)';

/**
 * Resolves one exposure. A kind of the library's own is trusted; a kind of the user's own is checked: its
 * `resolve` throwing, or returning something that is not a spec with `kind`, `name` and the traits everything
 * else reads, is a problem naming the kind (and the exposure is left out), never a TypeError further on.
 */
export function resolveExposure(
  problems: Problems,
  field: string,
  e: IExposure,
  workload: WorkloadSpec,
): ExposureSpec | undefined {
  if (EXPOSURE_KINDS.some((k) => isKindOf(k, e))) return e.resolve(problems, field, workload);
  const kind = String((e as { kind?: unknown }).kind);
  let spec: unknown;
  try {
    spec = e.resolve(problems, field, workload);
  } catch (err) {
    problems.add(field, kind, `the resolve() of exposure kind '${kind}' threw: ${(err as Error)?.message ?? err}`, FIX);
    return undefined;
  }
  const wrong = specProblem(spec, kind);
  if (wrong === undefined) return spec as ExposureSpec;
  problems.add(`${field}${wrong.at}`, wrong.value, `the resolve() of exposure kind '${kind}' ${wrong.message}`, FIX);
  return undefined;
}

type Wrong = { readonly at: string; readonly value: unknown; readonly message: string } | undefined;

function specProblem(spec: unknown, kind: string): Wrong {
  const s = spec as Partial<ExposureSpec> | null;
  if (typeof s !== 'object' || s === null) return { at: '', value: spec, message: 'returned no spec object' };
  if (s.kind !== kind)
    return {
      at: '.kind',
      value: s.kind,
      message: `returned a spec of another kind (the spec's kind must be '${kind}')`,
    };
  if (typeof s.name !== 'string' || s.name === '')
    return { at: '.name', value: s.name, message: 'returned a spec without a name' };
  const t: unknown = s.traits;
  if (typeof t !== 'object' || t === null)
    return { at: '.traits', value: t, message: 'returned a spec without traits' };
  return traitsProblem(t as Record<string, unknown>);
}

function traitsProblem(t: Record<string, unknown>): Wrong {
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const checks: [string, (v: unknown) => boolean, string][] = [
    ['label', (v) => typeof v === 'string', 'a string'],
    ['reach', (v) => REACH.includes(v as string), `one of ${REACH.join(', ')}`],
    [
      'hosts',
      (v) =>
        Array.isArray(v) &&
        v.every(
          (h) =>
            isObject(h) &&
            (h.host === undefined || typeof h.host === 'string') &&
            Array.isArray(h.paths) &&
            h.paths.every((p: unknown) => typeof p === 'string'),
        ),
      'a list of { host?, paths }',
    ],
    [
      'split',
      (v) => isObject(v) && ['weight', 'pods'].includes((v as { by?: string }).by ?? ''),
      '{ by: "weight" | "pods", ... }',
    ],
    ['fronts', Array.isArray, 'a list'],
    ['settings', Array.isArray, 'a list'],
    ['objects', Array.isArray, 'a list'],
    ['notes', Array.isArray, 'a list'],
    ['namespaceLabels', isObject, 'an object'],
    ['namespaceAnnotations', isObject, 'an object'],
    ['podAnnotations', isObject, 'an object'],
  ];
  const delivered = isObject(t.mesh) ? (t.mesh as Record<string, unknown>).delivered : undefined;
  if (delivered !== undefined && !deliveredOk(delivered))
    return {
      at: '.traits.mesh.delivered',
      value: delivered,
      message:
        'returned traits whose mesh.delivered is not { parentService?: { name, port }, parentAnnotations?: { [key]: string }, gateways?: string[] }',
    };
  for (const [name, ok, what] of checks)
    if (!ok(t[name]))
      return { at: `.traits.${name}`, value: t[name], message: `returned traits whose ${name} is not ${what}` };
  return undefined;
}

/** `MeshTrait.delivered` as a delivery controller reads it. */
function deliveredOk(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const d = v as { parentService?: unknown; parentAnnotations?: unknown; gateways?: unknown };
  const p = d.parentService as { name?: unknown; port?: unknown } | undefined;
  const parentOk =
    p === undefined || (typeof p === 'object' && p !== null && typeof p.name === 'string' && Number.isInteger(p.port));
  const a = d.parentAnnotations;
  const annotationsOk =
    a === undefined || (typeof a === 'object' && a !== null && Object.values(a).every((x) => typeof x === 'string'));
  const g = d.gateways;
  const gatewaysOk = g === undefined || (Array.isArray(g) && g.every((x) => typeof x === 'string'));
  return parentOk && annotationsOk && gatewaysOk;
}
