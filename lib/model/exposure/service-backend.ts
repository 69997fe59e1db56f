import type { VersionSpec, WorkloadSpec } from '../app-spec';
import { deliveryBackends } from '../delivery/delivery-backends';
import type { ServicePortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import { Problems } from '../problems';
import { resolvePort } from '../workload/port-resolution';

/** A Service port an exposure sends traffic to. */
export interface ServiceBackendSpec {
  /** The Service's name. */
  readonly serviceName: string;
  /** The Service port (number). */
  readonly port: number;
  /** The Service port's name, when it has one. */
  readonly portName?: string;
  /** The container port behind it. */
  readonly targetPort: number;
}

/**
 * One weighted backend: a version's Service (or the app's Service when it has one version), as `versionBackends`
 * gives it, with the Service port's name and the container port behind it.
 */
export interface WeightedBackendSpec extends ServiceBackendSpec, VersionBackendSpec {}

/**
 * Finds the app's Service port named (or numbered) `ref`, reporting a problem when the app has no Service
 * or no such port. `ref` undefined picks the first port.
 */
export function resolveServicePort(
  problems: Problems,
  field: string,
  workload: WorkloadSpec,
  ref: PortRef | undefined,
): ServicePortSpec | undefined {
  const svc = workload.service;
  if (!svc) {
    problems.add(
      field,
      ref,
      'the app has no Service (`service: false`), so nothing can route to it',
      'remove `service: false` from the app',
    );
    return undefined;
  }
  if (ref === undefined) return svc.ports[0];
  const found = resolvePort(workload, ref, 'service')?.service;
  if (!found) {
    const declared = svc.ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ') || 'none';
    problems.add(
      field,
      ref,
      `is not a port of the Service "${svc.name}" (its ports: ${declared})`,
      'name a Service port by its name or number (not the container port), or add the port to `service.ports`',
    );
  }
  return found;
}

/** The backend for one Service port of the app's main Service. */
export function serviceBackend(workload: WorkloadSpec, port: ServicePortSpec): ServiceBackendSpec {
  return {
    serviceName: workload.service?.name ?? workload.name,
    port: port.port,
    portName: port.name,
    targetPort: port.target.port,
  };
}

/**
 * The weighted backends for a Service port: the per-version list (`versionBackends`) with the Service port's name
 * and target port, as the Ingress and the kit's users read them.
 */
export function weightedBackends(workload: WorkloadSpec, port: ServicePortSpec): WeightedBackendSpec[] {
  const base = serviceBackend(workload, port);
  return versionBackends(workload, port.port).map((b) => ({ ...base, ...b }));
}

/** One version's backend, as every renderer reads it: its Service and port, its declared share, stable or canary. */
export interface VersionBackendSpec {
  /** The version's Service (the app's Service when it has one version). */
  readonly serviceName: string;
  /** The Service port (number). */
  readonly port: number;
  /** Share of traffic in percent (0-100, decimals allowed), as declared; renderers write their own integers. */
  readonly share: number;
  /** The version label value, when the app has versions. */
  readonly version?: string;
  /**
   * The workload whose pods this backend reaches (its Deployment, StatefulSet or Rollout; for a version deployed
   * elsewhere, the name it is known by here): what a view of the pods (the traffic map, the monitors) joins on.
   * A delivery controller's stable and canary backends both reach the app's one workload.
   */
  readonly workloadName: string;
  /** The stable version (the canary header goes to the first version that is not). */
  readonly stable: boolean;
  /**
   * True for a version deployed elsewhere (`versions.<v>.external`): its Service is written here and selects its
   * pods by its labels, its pods are not.
   * @default false
   */
  readonly external?: boolean;
  /**
   * The labels that pick this version's pods among the endpoints of the app's Service, as a mesh subset selects
   * them: the version's own selector labels beyond the app's (`{ version: 'v2' }`, or the labels of a version
   * deployed elsewhere); for a delivery controller's subsets, the app's selector (the controller adds its pod
   * template hash). Empty for an app with one version and no version label.
   */
  readonly subsetLabels: Readonly<Record<string, string>>;
  /**
   * True when a delivery controller moves this backend's weight (Argo Rollouts' stable and canary): written even at
   * a share of 0, where a layer otherwise leaves a backend of weight 0 out.
   * @default false
   */
  readonly driven?: boolean;
}

/**
 * The layer a delivery controller drives (`delivery.router`): the layer asking for backends passes its own, and
 * gets the controller's starting backends (stable 100, canary 0) when the app's delivery drives it.
 */
export type BackendRouter = 'istio' | 'gateway-api' | 'linkerd';

/**
 * The per-version backend list of one Service port, stable first, computed once for every layer: one per version
 * (their own Services, the same port, external versions included) when the app has several versions, else the
 * app's Service with the whole share (100). `router`: the layer asking, when a delivery controller may drive it
 * (Argo Rollouts' Istio subsets, or its stable and canary Services behind a Gateway API route).
 */
export function versionBackends(workload: WorkloadSpec, port: number, router?: BackendRouter): VersionBackendSpec[] {
  const serviceName = workload.service?.name ?? workload.name;
  const workloadName = workload.versions[0]?.deploymentName ?? workload.name;
  const d = workload.delivery;
  // Argo Rollouts moving an Istio route: the stable and canary subsets at their starting weights.
  if (d?.subsets && router === 'istio') {
    const subsetLabels = { ...workload.selector };
    return [
      {
        serviceName,
        port,
        share: 100,
        version: d.subsets.stable,
        workloadName,
        stable: true,
        subsetLabels,
        driven: true,
      },
      {
        serviceName,
        port,
        share: 0,
        version: d.subsets.canary,
        workloadName,
        stable: false,
        subsetLabels,
        driven: true,
      },
    ];
  }
  // Argo Rollouts moving a Gateway API route (or Linkerd's): its stable and canary Services at their starting weights.
  if (d?.services && router !== 'istio' && router !== undefined && d.router === router)
    return deliveryBackends(d.services, port).map((b, i) => ({
      ...b,
      workloadName,
      stable: i === 0,
      subsetLabels: {},
      driven: true,
    }));
  if (workload.versions.length <= 1) {
    // One version: the app's Service; its version label, when declared, names the mesh subset.
    const v = workload.versions[0];
    return [
      {
        serviceName,
        port,
        share: 100,
        stable: true,
        ...(v?.version !== undefined ? { version: v.version } : {}),
        workloadName,
        subsetLabels: v ? subsetLabelsOf(workload, v) : {},
      },
    ];
  }
  return workload.versions.map((v) => ({
    serviceName: v.serviceName ?? serviceName,
    port,
    share: v.weight,
    ...(v.version !== undefined ? { version: v.version } : {}),
    workloadName: v.deploymentName,
    stable: v.stable,
    ...(v.external ? { external: true } : {}),
    subsetLabels: subsetLabelsOf(workload, v),
  }));
}

/**
 * The per-version backend list of the whole app, for a view of it rather than of one layer (the traffic map's split
 * and pods, `SUMMARY.md`, the monitors and alerts per version): `versionBackends` of the app's first Service port (0
 * without a Service; the shares, versions and workloads do not depend on the port), with no delivery controller's
 * layer, so one backend per version, stable first.
 *
 * @example appVersionBackends(app).map((b) => [b.workloadName, b.version, b.share]) // [['web', 'v1', 99.5], ['web-v2', 'v2', 0.5]]
 */
export function appVersionBackends(workload: WorkloadSpec): VersionBackendSpec[] {
  return versionBackends(workload, workload.service?.ports[0]?.port ?? 0);
}

/**
 * A version's subset labels: what its selector adds to the app's (the `version` label of a version written here,
 * the labels of one deployed elsewhere), since a subset only narrows the Service's endpoints.
 */
function subsetLabelsOf(workload: WorkloadSpec, v: VersionSpec): Record<string, string> {
  // A loop over the labels (once per app and layer: no entry pairs, filtered list and closure for the usual none);
  // `for...in` sees the same keys in the same order as `Object.entries` (spec labels are plain frozen objects).
  let own: Record<string, string> | undefined;
  for (const k in v.podLabels) {
    const x = v.podLabels[k];
    if (v.selector[k] === x && workload.selector[k] !== x) (own ??= {})[k] = x;
  }
  if (own) return own;
  return v.version !== undefined ? { version: v.version } : {};
}
