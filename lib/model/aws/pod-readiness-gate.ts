import type { Problems } from '../problems';
import { EMPTY_MAP } from '../freeze';

/** The namespace label that makes the AWS Load Balancer Controller inject pod readiness gates. */
export const POD_READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';

/**
 * Resolves an exposure's `podReadinessGate` option. With pod-IP targets the AWS Load Balancer Controller can
 * hold a rolling update until each new pod is healthy in its target group, but only in a namespace that
 * carries `POD_READINESS_GATE_LABEL`; the chart writes that label on the namespaces it manages, which
 * excludes `default`.
 */
export function resolvePodReadinessGate(
  problems: Problems,
  field: string,
  namespace: string,
  value: boolean | undefined,
  podTargets: boolean,
): boolean {
  const enabled = value ?? podTargets;
  if (enabled && namespace === 'default') {
    problems.add(
      field,
      true,
      'the pod readiness gate is enabled by a namespace label, and the library does not manage the `default` namespace',
      `put the app in its own namespace (\`namespace: "web"\`), or set \`podReadinessGate: false\` and label \`default\` with ${POD_READINESS_GATE_LABEL}=enabled yourself`,
    );
  }
  return enabled;
}

/** The Namespace labels an exposure asks for when its pod readiness gate is on. */
export function podReadinessGateLabels(enabled: boolean): Record<string, string> {
  // Frozen tables, not a new object per app (the spec keeps them, frozen, and nothing changes them).
  return enabled ? GATE_LABELS : EMPTY_MAP;
}

const GATE_LABELS: Readonly<Record<string, string>> = Object.freeze({ [POD_READINESS_GATE_LABEL]: 'enabled' });
