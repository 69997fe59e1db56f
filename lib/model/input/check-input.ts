import type { TrafficAppProps } from '../app-props';
import { Problems } from '../problems';
import { INSTANCES, conformTo } from './instances';
import { byType, INVALID, ShapeContext, placeholder } from './shape';
import { SHAPES } from './shapes.generated';
import { VALUE_CHECKS } from './value-checks';
import { MISMATCH_HINTS } from './mismatch-hints';

const SHARED = (what: string) => ({
  message: `cannot differ between versions: ${what}`,
  fix: 'set it on the app (every version shares it); a version overrides image, replicas, env, command, args, resources, volumes, podLabels and podAnnotations',
});

/** Fields a version cannot override: every version is behind the same Service and load balancer health checks. */
const NOT_HERE: Readonly<Record<string, { readonly message: string; readonly fix: string }>> = {
  'VersionProps.ports': SHARED("the app's Service and the routes send to the same container ports in every version"),
  'VersionProps.service': SHARED('one Service (and its ports) fronts every version'),
  'VersionProps.readiness': SHARED('the load balancer health checks are derived from one readiness probe'),
  'VersionProps.liveness': SHARED('the probes are the same in every version'),
  'VersionProps.startup': SHARED('the probes are the same in every version'),
  'VersionProps.volumeMounts': SHARED("the app's `volumeMounts` mount the volumes a version replaces by name"),
};

/** The tables of the check, by props type and field (built once, when the module loads; never changed). */
export const VALUE_CHECKS_BY_TYPE = byType(VALUE_CHECKS);
const HINTS_BY_TYPE = byType(MISMATCH_HINTS);
const NOT_HERE_BY_TYPE = byType(NOT_HERE);

/**
 * The one check of a public input's runtime shape, before resolution: types, enums and required fields of
 * every props type (generated from the TypeScript declarations), with class instances (probes, durations,
 * exposures, ...) rebuilt from checked parts. Every mismatch is a problem with its field, the value and a
 * fix; the value returned has the wrong parts dropped (their defaults apply), so resolvers only ever see
 * well-shaped values.
 */
export function checkInput<T>(problems: Problems, field: string, value: unknown, typeName: string): T {
  const ctx: ShapeContext = {
    problems,
    shapes: SHAPES,
    instances: INSTANCES,
    values: VALUE_CHECKS_BY_TYPE,
    hints: HINTS_BY_TYPE,
    notHere: NOT_HERE_BY_TYPE,
  };
  const out = conformTo<T>(ctx, field, value, typeName);
  return (out === INVALID ? placeholder(ctx, { t: 'ref', name: typeName }) : out) as T;
}

/** `TrafficAppProps`, checked (see `checkInput`). */
export function checkAppProps(problems: Problems, props: unknown): TrafficAppProps {
  return checkInput<TrafficAppProps>(problems, '', props, 'TrafficAppProps');
}
