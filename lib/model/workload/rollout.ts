import type { RolloutOptions } from '../app-props';
import type { RolloutSpec } from '../app-spec';
import { wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import { Problems } from '../problems';

/** The most old revisions a workload keeps (a sanity bound: each is an object in etcd). */
const MAX_REVISION_HISTORY = 1000;

/**
 * The rolling update's strategy, revision history and progress deadline: what `resolveRollout` adds to the
 * surge and availability. A StatefulSet has no strategy or progress deadline of this kind (its update strategy is
 * `stateful.updateStrategy`): setting them there is refused rather than dropped.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/#DeploymentSpec
 */
export function resolveRolloutLimits(
  problems: Problems,
  r: RolloutOptions,
  stateful: boolean,
): Pick<RolloutSpec, 'strategy' | 'revisionHistoryLimit' | 'progressDeadlineSeconds'> {
  const revisionHistoryLimit =
    r.revisionHistoryLimit === undefined
      ? undefined
      : checkInt(
          problems,
          'rollout.revisionHistoryLimit',
          r.revisionHistoryLimit,
          10,
          0,
          MAX_REVISION_HISTORY,
          'keep a few revisions for `kubectl rollout undo`, e.g. 5 (0 keeps none: no rollback)',
        );
  if (stateful) {
    refuse(
      problems,
      r,
      ['strategy', 'progressDeadline'],
      (k) =>
        `is a Deployment field: a StatefulSet has no ${k === 'strategy' ? 'Recreate strategy' : 'progress deadline'}`,
      () =>
        'remove it; a StatefulSet updates as `stateful.updateStrategy` says (RollingUpdate with a partition, or OnDelete)',
    );
    return { strategy: 'RollingUpdate', revisionHistoryLimit };
  }
  if (r.strategy === 'Recreate')
    refuse(
      problems,
      r,
      ['maxSurge', 'maxUnavailable'],
      () => "applies to the 'RollingUpdate' strategy only: 'Recreate' stops every old pod first",
      (k) => `remove \`${k}\`, or use \`strategy: 'RollingUpdate'\``,
    );
  const minReady = wholeSeconds(new Problems(), 'rollout.minReady', r.minReady, 0);
  const progressDeadlineSeconds =
    r.progressDeadline === undefined
      ? undefined
      : wholeSeconds(problems, 'rollout.progressDeadline', r.progressDeadline, 600, {
          min: minReady + 1,
          max: 2147483647,
          fix: `use a duration longer than \`minReady\` (${minReady}s), e.g. Duration.minutes(10) (the API server refuses one that is not)`,
        });
  return { strategy: r.strategy ?? 'RollingUpdate', revisionHistoryLimit, progressDeadlineSeconds };
}

/** Each of `keys` that is set is a problem on `rollout.<key>` (a field the strategy does not read). */
function refuse<K extends keyof RolloutOptions>(
  problems: Problems,
  r: RolloutOptions,
  keys: readonly K[],
  message: (k: K) => string,
  fix: (k: K) => string,
): void {
  for (const k of keys) if (r[k] !== undefined) problems.add(`rollout.${k}`, r[k], message(k), fix(k));
}
