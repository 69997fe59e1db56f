import type { WorkloadSpec } from '../app-spec';
import type { Problems } from '../problems';
import { CloudHealthCheckOverride, overrideProps } from '../exposure/cloud';
import type { HealthCheck } from '../health/health-check';
import { DerivedHealthCheck, deriveHealthCheck, HealthChecker, resolveHealthCheck } from '../health/derive';
import type { FrontTrait, ProbedEndpoint } from '../exposure/traits';

/**
 * Where Google Cloud health checkers (and the Google Front Ends of global external Application Load
 * Balancers) connect from: `k8s.io/cloud-provider-gcp` `gce_loadbalancer.go` ("L7 health checkers have client
 * addresses within these known CIDRs"), also in ingress-gce `docs/faq/gce.md`.
 */
export const GCP_L7_HEALTH_CHECK_RANGES: readonly string[] = ['35.191.0.0/16', '130.211.0.0/22'];

/**
 * The L3/L4 health checkers' ranges (same source): the L7 pair plus two legacy ranges. They probe the nodes
 * (kube-proxy's health endpoint), not the pods, so only node firewalls need them; no pod policy admits them.
 */
export const GCP_L4_HEALTH_CHECK_RANGES: readonly string[] = [
  ...GCP_L7_HEALTH_CHECK_RANGES,
  '209.85.152.0/22',
  '209.85.204.0/22',
];

/** The ranges of a Google Cloud health check (HealthCheckPolicy / BackendConfig fields `checkIntervalSec`, `timeoutSec`, thresholds). */
export const GCP_HEALTH_CHECK = {
  interval: { min: 1, max: 300 },
  timeout: { min: 1, max: 300 },
  threshold: { min: 1, max: 10 },
} as const;

/** The layer a Google Cloud health check is derived for. */
export type GcpHealthCheckLayer = 'ingress' | 'gateway';

/** A Google Cloud backend service health check, derived from the readiness probe. */
export interface GcpHealthCheckSpec {
  /** BackendConfig takes HTTP, HTTPS and HTTP2; HealthCheckPolicy also TCP and GRPC. */
  readonly type: 'HTTP' | 'HTTPS' | 'HTTP2' | 'TCP' | 'GRPC';
  /** The HTTP request path; undefined for TCP and GRPC. */
  readonly requestPath?: string;
  /** The probed pod port. */
  readonly port: number;
  readonly checkIntervalSec: number;
  readonly timeoutSec: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** The gRPC service name the probe asks for (GRPC only). */
  readonly grpcServiceName?: string;
  /** Adjustments worth a warning, on the field of the app they concern. */
  readonly notes: readonly { readonly id: string; readonly field: string; readonly message: string }[];
  /** Set when an override replaces the probe's path or port. */
  readonly override?: { readonly reason: string };
}

const LAYER: Record<GcpHealthCheckLayer, string> = {
  ingress: 'the GKE Ingress (BackendConfig)',
  gateway: 'the GKE Gateway (HealthCheckPolicy)',
};

/** A Google Cloud health check as a health checker: its ranges and what each layer can check. */
export function gcpChecker(layer: GcpHealthCheckLayer): HealthChecker {
  const r = GCP_HEALTH_CHECK;
  return {
    name: LAYER[layer],
    plural: layer === 'ingress' ? 'GKE Ingress health checks (BackendConfig)' : 'GKE Gateway health checks',
    cloud: 'Google Cloud',
    ids: { headers: 'CT-GCP-101', timeout: 'CT-GCP-102', threshold: 'CT-GCP-103' },
    tcpSocket: layer === 'ingress' ? 'no' : 'native',
    grpc: layer === 'ingress' ? 'no' : 'native',
    interval: { ...r.interval, clamp: true },
    timeout: { ...r.timeout, belowInterval: false },
    threshold: r.threshold,
    protocols: layer === 'ingress' ? ['HTTP', 'HTTPS'] : ['HTTP', 'HTTPS', 'TCP'],
    successCodes: false,
  };
}

/** The neutral health check in Google Cloud's terms. */
function toGcp(d: DerivedHealthCheck): GcpHealthCheckSpec {
  return {
    type: d.protocol,
    ...(d.path !== undefined && d.protocol !== 'TCP' && d.protocol !== 'GRPC' ? { requestPath: d.path } : {}),
    port: d.port,
    checkIntervalSec: d.intervalSeconds,
    timeoutSec: d.timeoutSeconds,
    healthyThreshold: d.healthyThreshold,
    unhealthyThreshold: d.unhealthyThreshold,
    ...(d.grpcService !== undefined ? { grpcServiceName: d.grpcService } : {}),
    notes: d.notes,
    ...(d.source.kind === 'override' ? { override: { reason: d.source.reason } } : {}),
  };
}

/** Stands in where no health check could be derived (the problem is reported), so resolution goes on. */
function fallback(w: WorkloadSpec): DerivedHealthCheck {
  return {
    protocol: 'HTTP',
    path: '/',
    port: w.service?.ports[0]?.target.port ?? 0,
    intervalSeconds: 5,
    timeoutSeconds: 5,
    healthyThreshold: 1,
    unhealthyThreshold: 3,
    source: { kind: 'readiness' },
    notes: [],
  };
}

/**
 * The one derivation of a Google Cloud health check from the pods' readiness probe (`deriveHealthCheck` with
 * Google's ranges), for every GKE layer that probes pods (Ingress with NEGs through a BackendConfig: HTTP(S) only;
 * Gateway through a HealthCheckPolicy: also TCP and gRPC): same path, port, interval, timeout and thresholds.
 */
export function gcpHealthCheckFromProbe(
  problems: Problems,
  _field: string,
  w: WorkloadSpec,
  layer: GcpHealthCheckLayer,
): GcpHealthCheckSpec {
  const fb = fallback(w);
  return toGcp(deriveHealthCheck(problems, 'readiness', w.container.readiness, gcpChecker(layer), fb.port) ?? fb);
}

/** The endpoint a Google Cloud health check probes. */
export function gcpProbedEndpoint(hc: GcpHealthCheckSpec): ProbedEndpoint {
  return {
    port: hc.port,
    ...(hc.requestPath !== undefined ? { path: hc.requestPath } : {}),
    source: hc.override ? 'override' : 'readiness',
  };
}

/** The health checkers in front of the pods: their ranges, on exactly the probed port. */
export function gcpHealthCheckFront(why: string, hc: GcpHealthCheckSpec): FrontTrait {
  return {
    why: `${why}, Google Cloud health checks`,
    from: { kind: 'peer', peer: { kind: 'cidrs', cidrs: [...GCP_L7_HEALTH_CHECK_RANGES] } },
    ports: hc.port > 0 ? [{ port: hc.port, protocol: 'TCP' }] : [],
    healthChecks: [gcpProbedEndpoint(hc)],
  };
}

/**
 * The health check of a GKE layer: from the readiness probe, or `HealthCheck.override({ ..., reason })` (the one
 * override of every cloud; a plain `{ path, port, reason }` is its deprecated form) within Google's ranges.
 */
export function gcpHealthCheck(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  layer: GcpHealthCheckLayer,
  override: HealthCheck | CloudHealthCheckOverride | undefined,
): GcpHealthCheckSpec {
  const o = overrideProps(override);
  return toGcp(
    resolveHealthCheck(problems, `${field}.healthCheck`, o, w.container.readiness, gcpChecker(layer), fallback(w)),
  );
}
