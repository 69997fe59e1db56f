import type { WorkloadSpec } from '../app-spec';
import { Problems } from '../problems';
import { checkHealthCheckOverride, CloudHealthCheckOverride } from '../exposure/cloud';
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
  ingress: 'the BackendConfig health check of a GKE Ingress',
  gateway: 'the HealthCheckPolicy of a GKE Gateway',
};

/**
 * The one derivation of a Google Cloud health check from the pods' readiness probe, for every GKE layer
 * that probes pods (Ingress with NEGs through a BackendConfig, Gateway through a HealthCheckPolicy): same
 * path, port, interval, timeout and thresholds. Google's ranges: interval and timeout 1-300 s, the timeout
 * at most the interval, thresholds 1-10. An interval outside the range is a problem (the check would differ
 * in time); a timeout above the interval or a threshold outside 1-10 is adjusted with a note.
 */
export function gcpHealthCheckFromProbe(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  layer: GcpHealthCheckLayer,
): GcpHealthCheckSpec {
  const probe = w.container.readiness;
  const fix = 'use an httpGet readiness probe on the port that serves traffic';
  const fallback: GcpHealthCheckSpec = {
    type: 'HTTP',
    requestPath: '/',
    port: w.service?.ports[0]?.target.port ?? 0,
    checkIntervalSec: 5,
    timeoutSec: 5,
    healthyThreshold: 1,
    unhealthyThreshold: 3,
    notes: [],
  };
  if (probe === undefined) {
    problems.add(
      field,
      undefined,
      `the app waives its readiness probe, so there is nothing to derive ${LAYER[layer]} from`,
      'add a readiness probe (httpGet)',
    );
    return fallback;
  }
  const a = probe.action;
  const notes: { id: string; field: string; message: string }[] = [];
  let type: GcpHealthCheckSpec['type'];
  let requestPath: string | undefined;
  let grpcServiceName: string | undefined;
  if (a.kind === 'exec') {
    problems.add('readiness', 'exec', `the readiness probe runs a command, which ${LAYER[layer]} cannot do`, fix);
    return fallback;
  } else if (a.kind === 'httpGet') {
    type = a.scheme;
    requestPath = a.path;
    if (Object.keys(a.headers).length > 0)
      notes.push({
        id: 'CT-GCP-101',
        field: 'readiness.headers',
        message: `the probe's headers (${Object.keys(a.headers).join(', ')}) are not sent by the Google Cloud health check`,
      });
  } else if (layer === 'ingress') {
    problems.add(
      'readiness',
      a.kind,
      `${LAYER[layer]} is HTTP, HTTPS or HTTP2 only, but the readiness probe is a ${a.kind === 'grpc' ? 'gRPC call' : 'TCP connect'}`,
      `${fix}, or expose the app through GkeGatewayRoute (its HealthCheckPolicy makes TCP and gRPC checks)`,
    );
    return fallback;
  } else if (a.kind === 'tcpSocket') {
    type = 'TCP';
  } else {
    type = 'GRPC';
    grpcServiceName = a.service;
  }
  const r = GCP_HEALTH_CHECK;
  const interval = probe.periodSeconds;
  if (interval < r.interval.min || interval > r.interval.max) {
    problems.add(
      'readiness.period',
      interval,
      `a Google Cloud health check interval must be from ${r.interval.min} s to ${r.interval.max} s, and ${LAYER[layer]} takes it from the readiness period`,
      `set the readiness probe's period to Duration.seconds(${Math.min(Math.max(interval, r.interval.min), r.interval.max)})`,
    );
  }
  const checkIntervalSec = Math.min(Math.max(interval, r.interval.min), r.interval.max);
  let timeoutSec = Math.max(probe.timeoutSeconds, r.timeout.min);
  if (timeoutSec > checkIntervalSec) {
    notes.push({
      id: 'CT-GCP-102',
      field: 'readiness.timeout',
      message: `health check timeout lowered from the probe's ${timeoutSec}s to the interval (${checkIntervalSec}s): Google Cloud needs it at most the interval`,
    });
    timeoutSec = checkIntervalSec;
  }
  const clamp = (v: number, key: string, what: string) => {
    const c = Math.min(Math.max(v, r.threshold.min), r.threshold.max);
    if (c !== v)
      notes.push({
        id: 'CT-GCP-103',
        field: `readiness.${key}`,
        message: `${what} threshold ${v} from the probe clamped to ${c} (Google Cloud range ${r.threshold.min}-${r.threshold.max})`,
      });
    return c;
  };
  const port = probe.portNumber ?? w.service?.ports[0]?.target.port ?? 0;
  return {
    type,
    ...(requestPath !== undefined ? { requestPath } : {}),
    port,
    checkIntervalSec,
    timeoutSec,
    healthyThreshold: clamp(probe.successThreshold, 'successThreshold', 'healthy'),
    unhealthyThreshold: clamp(probe.failureThreshold, 'failureThreshold', 'unhealthy'),
    ...(grpcServiceName !== undefined ? { grpcServiceName } : {}),
    notes,
  };
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
 * The health check of a GKE layer: from the readiness probe, or with `override` its path and/or port replaced
 * (the probe's timing kept; a probe the layer cannot copy is then no problem, the override must give a path).
 */
export function gcpHealthCheck(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  layer: GcpHealthCheckLayer,
  override: CloudHealthCheckOverride | undefined,
): GcpHealthCheckSpec {
  if (override === undefined) return gcpHealthCheckFromProbe(problems, field, w, layer);
  const derived = gcpHealthCheckFromProbe(new Problems(), field, w, layer);
  const a = w.container.readiness?.action;
  const http = a?.kind === 'httpGet';
  checkHealthCheckOverride(problems, `${field}.healthCheck`, override, layer === 'ingress' && !http);
  const path = override.path ?? (http ? derived.requestPath : undefined);
  const type =
    path === undefined ? derived.type : derived.type === 'HTTPS' || derived.type === 'HTTP2' ? derived.type : 'HTTP';
  return {
    ...derived,
    type,
    ...(path !== undefined ? { requestPath: path } : {}),
    port: override.port ?? derived.port,
    notes: [],
    override: { reason: String(override.reason ?? '') },
  };
}
