import type { WorkloadSpec } from '../app-spec';
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

/** One weighted backend: a version's Service (or the app's Service when it has one version). */
export interface WeightedBackendSpec extends ServiceBackendSpec {
  /** Share of traffic in percent (0-100, decimals allowed), as declared; renderers write their own integers. */
  readonly share: number;
  /** The version label value, when the app has versions. */
  readonly version?: string;
}

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
  return versionBackends(workload, port.port).map(({ serviceName, share, version }) => ({
    ...base,
    serviceName,
    share,
    ...(version !== undefined ? { version } : {}),
  }));
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
  /** The stable version (the canary header goes to the first version that is not). */
  readonly stable: boolean;
}

/**
 * The per-version backend list of one Service port, stable first: one per version (their own Services, same port)
 * when the app has several versions, else the app's Service with the whole share (100).
 */
export function versionBackends(workload: WorkloadSpec, port: number): VersionBackendSpec[] {
  const serviceName = workload.service?.name ?? workload.name;
  // Argo Rollouts moving an Istio route: the stable and canary subsets at their starting weights.
  const subsets = workload.delivery?.subsets;
  if (subsets)
    return [
      { serviceName, port, share: 100, version: subsets.stable, stable: true },
      { serviceName, port, share: 0, version: subsets.canary, stable: false },
    ];
  if (workload.versions.length <= 1) {
    // One version: the app's Service; its version label, when declared, names the mesh subset.
    const version = workload.versions[0]?.version;
    return [{ serviceName, port, share: 100, stable: true, ...(version !== undefined ? { version } : {}) }];
  }
  return workload.versions.map((v) => ({
    serviceName: v.serviceName ?? serviceName,
    port,
    share: v.weight,
    ...(v.version !== undefined ? { version: v.version } : {}),
    stable: v.stable,
  }));
}
