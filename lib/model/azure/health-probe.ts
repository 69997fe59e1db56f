import type { WorkloadSpec } from '../app-spec';
import type { Problems } from '../problems';
import { CloudHealthCheckOverride, overrideProps } from '../exposure/cloud';
import type { HealthCheck } from '../health/health-check';
import { DerivedHealthCheck, deriveHealthCheck, HealthChecker, resolveHealthCheck } from '../health/derive';
import type { FrontTrait, ProbedEndpoint } from '../exposure/traits';

/** The address Azure's health probes come from (Azure's virtual public IP, the same in every region). */
export const AZURE_PROBE_SOURCE = '168.63.129.16/32';

/** The layer an Azure health probe is derived for. */
export type AzureProbeLayer = 'load-balancer' | 'application-gateway';

/**
 * Azure Load Balancer probes (cloud-provider-azure `loadbalancer.md`): interval at least 5 s (the default), and
 * "total probe should be less than 120 seconds" (interval × number of probes).
 */
export const AZURE_LB_PROBE = { minInterval: 5, maxTotalSeconds: 120 } as const;

/** An Azure health probe, derived from the readiness probe. */
export interface AzureProbeSpec {
  readonly protocol: 'Http' | 'Https' | 'Tcp' | 'Grpc';
  /** The HTTP request path; undefined for TCP and gRPC. */
  readonly path?: string;
  /** The probed pod port. */
  readonly port: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  /** Consecutive failures before the endpoint is out (Azure LB `num-of-probe`). */
  readonly unhealthyThreshold: number;
  readonly grpcService?: string;
  readonly notes: readonly { readonly id: string; readonly field: string; readonly message: string }[];
  /** Set when an override replaces the probe's path or port. */
  readonly override?: { readonly reason: string };
}

const LAYER: Record<AzureProbeLayer, string> = {
  'load-balancer': 'the Azure Load Balancer',
  'application-gateway': 'Application Gateway for Containers (HealthCheckPolicy)',
};

/** An Azure health probe as a health checker: its ranges and what each layer can check. */
export function azureChecker(layer: AzureProbeLayer): HealthChecker {
  const lb = layer === 'load-balancer';
  return {
    name: LAYER[layer],
    plural: lb ? 'Azure Load Balancers' : 'Application Gateway for Containers health checks',
    cloud: 'Azure',
    ids: { headers: 'CT-AZURE-101', grpcAsTcp: 'CT-AZURE-102', timeout: 'CT-AZURE-104' },
    tcpSocket: lb ? 'native' : 'no',
    grpc: lb ? 'tcp' : 'native',
    interval: lb ? { min: AZURE_LB_PROBE.minInterval, clamp: false } : { min: 1, clamp: false },
    timeout: { min: 1, belowInterval: false },
    ...(lb ? { maxTotalSeconds: AZURE_LB_PROBE.maxTotalSeconds, singleSuccess: 'CT-AZURE-103' } : {}),
    protocols: lb ? ['HTTP', 'HTTPS', 'TCP'] : ['HTTP', 'HTTPS'],
    successCodes: false,
  };
}

/** The neutral health check in Azure's terms. */
function toAzure(d: DerivedHealthCheck): AzureProbeSpec {
  const protocol = ({ HTTP: 'Http', HTTPS: 'Https', TCP: 'Tcp', GRPC: 'Grpc' } as const)[d.protocol];
  return {
    protocol,
    ...(d.path !== undefined && protocol !== 'Tcp' && protocol !== 'Grpc' ? { path: d.path } : {}),
    port: d.port,
    intervalSeconds: d.intervalSeconds,
    timeoutSeconds: d.timeoutSeconds,
    healthyThreshold: d.healthyThreshold,
    unhealthyThreshold: d.unhealthyThreshold,
    ...(d.grpcService !== undefined ? { grpcService: d.grpcService } : {}),
    notes: d.notes,
    ...(d.source.kind === 'override' ? { override: { reason: d.source.reason } } : {}),
  };
}

/** Stands in where no probe could be derived (the problem is reported), so resolution goes on. */
function fallback(w: WorkloadSpec): DerivedHealthCheck {
  return {
    protocol: 'TCP',
    port: w.service?.ports[0]?.target.port ?? 0,
    intervalSeconds: 5,
    timeoutSeconds: 5,
    healthyThreshold: 1,
    unhealthyThreshold: 2,
    source: { kind: 'readiness' },
    notes: [],
  };
}

/**
 * The one derivation of an Azure health probe from the pods' readiness probe (`deriveHealthCheck` with Azure's
 * ranges), for the Azure Load Balancer (L4 Service annotations) and Application Gateway for Containers
 * (HealthCheckPolicy): same protocol, path, port, interval and failure count. The Load Balancer needs an interval of
 * at least 5 s and interval × failures below 120 s (problems); it has no gRPC probe, so a gRPC readiness probe
 * becomes a TCP probe (a note).
 */
export function azureProbeFromReadiness(
  problems: Problems,
  _field: string,
  w: WorkloadSpec,
  layer: AzureProbeLayer,
): AzureProbeSpec {
  const fb = fallback(w);
  return toAzure(deriveHealthCheck(problems, 'readiness', w.container.readiness, azureChecker(layer), fb.port) ?? fb);
}

/** The endpoint an Azure probe checks on the pods. */
export function azureProbedEndpoint(p: AzureProbeSpec): ProbedEndpoint {
  return {
    port: p.port,
    ...(p.path !== undefined ? { path: p.path } : {}),
    source: p.override ? 'override' : 'readiness',
  };
}

/** Azure's prober (168.63.129.16) in front of the pods, on exactly the probed port. */
export function azureProbeFront(why: string, p: AzureProbeSpec): FrontTrait {
  return {
    why: `${why}, Azure health probes`,
    from: { kind: 'peer', peer: { kind: 'cidrs', cidrs: [AZURE_PROBE_SOURCE] } },
    ports: p.port > 0 ? [{ port: p.port, protocol: 'TCP' }] : [],
    healthChecks: [azureProbedEndpoint(p)],
  };
}

/**
 * An Application Gateway for Containers probe: from the readiness probe, or `HealthCheck.override({ ..., reason })`
 * (the one override of every cloud; a plain `{ path, port, reason }` is its deprecated form).
 */
export function agcProbe(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  override: HealthCheck | CloudHealthCheckOverride | undefined,
): AzureProbeSpec {
  const o = overrideProps(override);
  const c = azureChecker('application-gateway');
  return toAzure(resolveHealthCheck(problems, `${field}.healthCheck`, o, w.container.readiness, c, fallback(w)));
}
