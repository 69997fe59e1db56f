import type { ServiceSpec, WorkloadSpec } from '../app-spec';
import type { TrafficSpec } from '../traffic/policy';
import { TargetsSpec, targetHas } from './targets-spec';

/**
 * The Service as written for the Kubernetes target: `trafficDistribution` is `PreferSameZone` from 1.34 (where
 * `PreferClose` is its deprecated alias) and `PreferClose` before (the same meaning under its older name).
 */
export function serviceForTargets(s: ServiceSpec | undefined, targets: TargetsSpec): ServiceSpec | undefined {
  if (!s?.trafficDistribution) return s;
  return { ...s, trafficDistribution: targetHas(targets, 'preferSameZone') ? 'PreferSameZone' : 'PreferClose' };
}

/**
 * The traffic policy with the channel of the targets: an app that names no `gatewayApiChannel` is written for the
 * targets' channel; one that names its own keeps it (an experimental app under a standard target is refused,
 * CT-TARGET-003).
 */
export function trafficForTargets(t: TrafficSpec, targets: TargetsSpec): TrafficSpec {
  if (t.gatewayApiChannel !== undefined || targets.gatewayApiChannel === undefined) return t;
  return { ...t, gatewayApiChannel: targets.gatewayApiChannel };
}

/**
 * Whether HTTPRoute `retry` is written: under the experimental channel, or from Gateway API 1.7 (standard there).
 */
export function httpRouteRetryWritten(w: Pick<WorkloadSpec, 'traffic' | 'targets'>): boolean {
  return w.traffic.gatewayApiChannel === 'experimental' || targetHas(w.targets, 'httpRouteRetryStandard');
}
