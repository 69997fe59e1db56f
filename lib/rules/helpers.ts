import type { AppSpec } from '../model/app-spec';
import type { KubeProxySpec } from '../model/kube-proxy/kube-proxy-spec';

/** The field of a version: `version` for the stable one, `versions.<name>` for the others. */
export const versionField = (app: AppSpec, i: number): string =>
  i === 0 ? 'version' : `versions.${app.versions[i].version}`;
/** The app's longest stream, in seconds (streaming profile), or undefined. */
export const streamOf = (app: AppSpec): number | undefined => app.traffic.maxStreamSeconds;

/** The longest time a connection of the app may stay open and silent: its idle timeout, or its longest stream. */
export function longestSilenceSeconds(app: AppSpec): number {
  return Math.max(app.traffic.idleTimeoutSeconds, app.traffic.maxStreamSeconds ?? 0);
}

/** kube-proxy with its mode, for messages. */
export const modeName = (p: KubeProxySpec): string => `kube-proxy (${p.mode} mode)`;
/** Exposures that put an L7 layer between the client and the pods: they split by weight (routes, ALBs, the mesh). */
export const l7Fronted = (app: AppSpec): boolean => app.exposures.some((e) => e.traits.split.by === 'weight');
/** An off-cloud LoadBalancer Service (its address is announced by the cluster, not an AWS load balancer). */
export const offCloudLoadBalancer = (e: AppSpec['exposures'][number]): boolean =>
  e.traits.loadBalancerService !== undefined && !e.traits.fronts.some((f) => f.from.kind === 'aws-load-balancer');
