import type { WorkloadSpec } from '../app-spec';
import { Problems } from '../problems';

/**
 * A claim written with `Volume.claim` that only one node (`ReadWriteOnce`) or one pod (`ReadWriteOncePod`) can
 * mount, shared by pods that run at once: a second replica, a canary version, an autoscaler's extra pods or the
 * rolling update's surge pod would wait forever to attach it (Multi-Attach), and the rollout would never finish.
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
 */
export function checkClaimSharing(problems: Problems, w: WorkloadSpec): void {
  // Most apps write no claim that one node or pod mounts: nothing below (its strings included) is built for them.
  let singleMount = false;
  for (const v of w.volumes)
    if (v.kind === 'persistentVolumeClaim' && v.claim && !sharedMount(v.claim)) singleMount = true;
  if (!singleMount) return;
  const stable = w.versions[0];
  const pods: string[] = [];
  if ((stable?.replicas ?? 0) > 1) pods.push(`replicas: ${stable.replicas}`);
  if ((w.autoscaling?.maxReplicas ?? 0) > 1) pods.push(`autoscaling.maxReplicas: ${w.autoscaling!.maxReplicas}`);
  const deployed = w.versions.filter((v) => !v.external).length; // a version deployed elsewhere mounts nothing here
  if (deployed > 1) pods.push(`${deployed} versions`);
  const surge = w.rollout.maxSurge !== 0 && w.rollout.maxSurge !== '0%';
  if (w.workloadKind === 'Deployment' && w.rollout.strategy === 'RollingUpdate' && surge)
    pods.push(`the rolling update's surge (maxSurge ${JSON.stringify(w.rollout.maxSurge)})`);
  if (pods.length === 0) return;
  for (const v of w.volumes) {
    if (v.kind !== 'persistentVolumeClaim' || !v.claim) continue;
    if (sharedMount(v.claim)) continue;
    problems.add(
      `volumes.${v.name}.accessModes`,
      v.claim.accessModes,
      `one ${v.claim.accessModes.includes('ReadWriteOncePod') ? 'pod' : 'node'} can mount the claim "${v.claimName}", but several pods run at once (${pods.join(', ')}): the others would wait for it forever`,
      `run one pod (\`replicas: 1\` and \`rollout: { strategy: 'Recreate' }\`), use \`accessModes: ['ReadWriteMany']\` on storage that supports it, or give each pod its own claim (\`stateful.volumeClaimTemplates\`)`,
    );
  }
}

/** Whether several nodes can mount the claim (one of its access modes is `ReadWriteMany` or `ReadOnlyMany`). */
function sharedMount(claim: { readonly accessModes: readonly string[] }): boolean {
  for (const m of claim.accessModes) if (m === 'ReadWriteMany' || m === 'ReadOnlyMany') return true;
  return false;
}
