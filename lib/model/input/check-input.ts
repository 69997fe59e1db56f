import type { TrafficAppProps } from '../app-props';
import { Problems } from '../problems';
import { INSTANCES, conformTo } from './instances';
import { INVALID, ShapeContext, placeholder } from './shape';
import { SHAPES } from './shapes.generated';
import { VALUE_CHECKS } from './value-checks';

/**
 * The one check of a public input's runtime shape, before resolution: types, enums and required fields of
 * every props type (generated from the TypeScript declarations), with class instances (probes, durations,
 * exposures, ...) rebuilt from checked parts. Every mismatch is a problem with its field, the value and a
 * fix; the value returned has the wrong parts dropped (their defaults apply), so resolvers only ever see
 * well-shaped values.
 */
export function checkInput<T>(problems: Problems, field: string, value: unknown, typeName: string): T {
  const ctx: ShapeContext = { problems, shapes: SHAPES, instances: INSTANCES, values: VALUE_CHECKS };
  const out = conformTo<T>(ctx, field, value, typeName);
  return (out === INVALID ? placeholder(ctx, { t: 'ref', name: typeName }) : out) as T;
}

/** `TrafficAppProps`, checked (see `checkInput`). */
export function checkAppProps(problems: Problems, props: unknown): TrafficAppProps {
  return checkInput<TrafficAppProps>(problems, '', props, 'TrafficAppProps');
}
