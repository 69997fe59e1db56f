import type { TrafficChart } from '../../lib';
import { DefinitionError } from '../../lib';
import { errorOf } from '../support/k8s';

/** The problem lines of the one `DefinitionError` the chart's synth throws (fails the test when it throws another). */
export function synthErrorLines(c: TrafficChart): string[] {
  const e = errorOf(() => c.toJson());
  expect(e).toBeInstanceOf(DefinitionError);
  return e.message
    .split('\n')
    .slice(1)
    .map((l) => l.trim());
}
