import { DEFAULT_TARGETS, targetHas } from '../../model/targets/targets-spec';
import { TARGET_FEATURES } from '../../model/targets/target-table';
import type { PodTemplate } from './workload-checks';
import { Findings, Json, WrittenContext, list, mapOf } from './findings';

/** The id of the check of a probe's or lifecycle hook's `host` under Pod Security baseline (Kubernetes 1.34+). */
export const PROBE_HOST_CHECK = 'CT-TARGET-010';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** The `host` fields a container sets on its probes and lifecycle hooks, as `[field, value]`. */
function hostFields(c: Json): [string, unknown][] {
  const handlers: [string, Json][] = [
    ...PROBES.map((p): [string, Json] => [p, c?.[p]]),
    ['lifecycle.postStart', c?.lifecycle?.postStart],
    ['lifecycle.preStop', c?.lifecycle?.preStop],
  ];
  return handlers.flatMap(([field, h]) =>
    (['httpGet', 'tcpSocket'] as const)
      .filter((a) => h?.[a]?.host !== undefined && h[a].host !== '')
      .map((a): [string, unknown] => [`${field}.${a}.host`, h[a].host]),
  );
}

/**
 * Under a Kubernetes target of 1.34 or later, Pod Security baseline (and restricted) refuses a pod whose probes or
 * lifecycle hooks set `host`: the check of the written pods in a Namespace written with such an enforce level (a
 * patch can add a `host`; the library never writes one).
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
 */
export function checkProbeHosts(f: Findings, templates: readonly PodTemplate[], context: WrittenContext): void {
  const targets = context.specs[0]?.targets ?? DEFAULT_TARGETS;
  if (!targetHas(targets, 'baselineRefusesProbeHost')) return;
  const levels = new Map<string, string>();
  for (const o of f.objects.filter((x) => x?.kind === 'Namespace')) {
    const level = mapOf(o.metadata?.labels)['pod-security.kubernetes.io/enforce'];
    if (level === 'baseline' || level === 'restricted') levels.set(o.metadata?.name, level);
  }
  for (const t of templates) {
    const level = levels.get(t.namespace);
    if (!level) continue;
    const spec = f.objects[t.index]?.spec?.template?.spec ?? {};
    for (const group of ['containers', 'initContainers'] as const)
      list(spec[group]).forEach((c, i) => {
        for (const [field, value] of hostFields(c))
          f.add(
            t.index,
            `spec.template.spec.${group}[${i}].${field}`,
            value,
            `is refused by Pod Security "${level}" from Kubernetes ${TARGET_FEATURES.baselineRefusesProbeHost.since} (the target is ${targets.versions.kubernetes.text}): the API server would not admit the pods`,
            'remove `host` (the kubelet then probes the pod IP), or declare the Kubernetes version the clusters run in the targets if it is older than 1.34',
            PROBE_HOST_CHECK,
          );
      });
  }
}
