import type { WorkloadSpec } from '../app-spec';
import type { ProbeSpec } from '../workload/probe';
import { Problems } from '../problems';
import { GRPC_HEALTH_PATH, HealthCheck, resolveHealthCheck } from './health-check';

/** AWS's limits on target group health checks (ALB and NLB). */
export const AWS_HEALTH_CHECK = {
  interval: { min: 5, max: 300 },
  timeout: { min: 2, max: 120 },
  threshold: { min: 2, max: 10 },
} as const;


/** A target group health check, resolved to the values written into Terraform. */
export interface TerraformHealthCheckSpec {
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
  /** HTTP path, or the gRPC method for gRPC target groups; undefined for TCP. */
  readonly path?: string;
  /** `traffic-port` when the probe checks the port that serves traffic, else the probed port number. */
  readonly port: string;
  /** The probed pod port (number), for security group rules. */
  readonly portNumber: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** HTTP codes ("200-399", like Kubernetes' httpGet) or gRPC codes ("0", OK); undefined for TCP. */
  readonly matcher?: string;
  /** Where the values come from: the readiness probe, or an override with its reason. */
  readonly source: { readonly kind: 'readiness' } | { readonly kind: 'override'; readonly reason: string };
  /**
   * Where the check differs from the probe to fit AWS (a value clamped, a probe setting a load balancer
   * cannot send): `LoadBalancerStack` prints them as warnings to stderr (see `healthCheckFromProbe` for
   * the values derived without a warning).
   */
  readonly notes: readonly TerraformNote[];
}

/** An adjustment made to fit AWS, on the field of the app whose value it changes or does not apply. */
export interface TerraformNote {
  /**
   * Stable id of the adjustment (`CT-AWS-1xx`, listed in docs/aws.md), so a chart or stack can acknowledge it.
   */
  readonly id: string;
  /** The field, e.g. `readiness.failureThreshold` or `traffic.slowStart`. */
  readonly field: string;
  readonly message: string;
}

/** What the health check is derived for. */
export interface TerraformHealthCheckTarget {
  readonly type: 'application' | 'network';
  /** The target group's protocol version (ALB). */
  readonly protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  /** The pod port that serves traffic. */
  readonly targetPort: number;
}

const FIX_OVERRIDE = 'or give the exposure `healthCheck: HealthCheck.override({ path: "/health", reason: "..." })`';

/**
 * Resolves an explicit health check (`HealthCheck.override({ ..., reason })`, shared with the Ingress and
 * Service exposures): unset fields come from the readiness probe, every value is checked against AWS's ranges.
 */
export function resolveHealthCheckOverride(problems: Problems, field: string, hc: HealthCheck, w: WorkloadSpec, target: TerraformHealthCheckTarget): TerraformHealthCheckSpec {
  const r = resolveHealthCheck(problems, field, hc, w, { loadBalancer: target.type === 'application' ? 'alb' : 'nlb', grpc: target.protocolVersion === 'GRPC' });
  const portNumber = r.port || target.targetPort;
  return {
    protocol: r.protocol, path: r.path, port: portNumber === target.targetPort ? 'traffic-port' : String(portNumber), portNumber,
    intervalSeconds: r.intervalSeconds, timeoutSeconds: r.timeoutSeconds, healthyThreshold: r.healthyThreshold, unhealthyThreshold: r.unhealthyThreshold,
    matcher: r.successCodes, source: r.fromReadiness ? { kind: 'readiness' } : { kind: 'override', reason: r.overrideReason ?? '' }, notes: [],
  };
}

/**
 * Derives a target group health check from the pods' readiness probe, so the load balancer sends to a
 * pod when Kubernetes does: same path, port, interval and failure count. AWS's ranges are narrower than
 * Kubernetes':
 *
 * - an interval outside 5-300 s is a problem (the check would differ in time);
 * - Kubernetes' defaults below AWS's minimums are raised without a warning, as a documented derivation:
 *   a timeout of 1 s (the Kubernetes default) becomes 2 s, and a success threshold of 1 (the default)
 *   becomes a healthy threshold of 2, so a new pod gets traffic one interval after it is ready. Both only
 *   make the load balancer's check an addition to the probe, which still decides: the controller
 *   deregisters a pod as soon as its readiness fails;
 * - any other adjustment is a note, printed as a warning by `LoadBalancerStack`: a timeout lowered below
 *   the interval, a success threshold above 10, a failure threshold outside 2-10, probe headers or a
 *   gRPC service name that the load balancer does not send, a gRPC probe checked as a TCP connect by an NLB.
 */
export function healthCheckFromProbe(problems: Problems, field: string, probe: ProbeSpec | undefined, target: TerraformHealthCheckTarget): TerraformHealthCheckSpec | undefined {
  if (probe === undefined) {
    problems.add(field, undefined, 'the app waives its readiness probe, so there is nothing to derive the load balancer health check from', `add a readiness probe, ${FIX_OVERRIDE}`);
    return undefined;
  }
  const a = probe.action;
  const notes: TerraformNote[] = [];
  let protocol: TerraformHealthCheckSpec['protocol'];
  let path: string | undefined;
  let matcher: string | undefined;
  if (a.kind === 'exec') {
    problems.add(`${field}`, 'exec', 'the readiness probe runs a command, which a load balancer cannot do', `use an httpGet, tcpSocket or grpc readiness probe, ${FIX_OVERRIDE}`);
    return undefined;
  }
  if (a.kind === 'httpGet') {
    protocol = a.scheme;
    path = a.path;
    matcher = '200-399';
    if (target.protocolVersion === 'GRPC') {
      problems.add(field, 'httpGet', 'the target group speaks gRPC, so its health check must be a gRPC call, but the readiness probe is an HTTP GET', `use a grpc readiness probe, ${FIX_OVERRIDE}`);
    }
    if (Object.keys(a.headers).length > 0) notes.push({ id: 'CT-AWS-101', field: `${field}.headers`, message: `the probe's headers (${Object.keys(a.headers).join(', ')}) are not sent by the load balancer` });
  } else if (a.kind === 'tcpSocket') {
    if (target.type === 'application') {
      problems.add(field, 'tcpSocket', 'application load balancers check targets over HTTP or gRPC only, but the readiness probe is a TCP connect', `use an httpGet readiness probe, ${FIX_OVERRIDE}`);
      return undefined;
    }
    protocol = 'TCP';
  } else if (target.type === 'network') {
    // As for NLB Services (health-check.ts): an NLB cannot call gRPC, so it checks the probed port accepts
    // connections; the readiness probe still decides, through the endpoints the controller registers.
    protocol = 'TCP';
    notes.push({ id: 'CT-AWS-102', field, message: 'the gRPC readiness probe becomes a TCP connect check on its port: network load balancers cannot make gRPC health checks' });
  } else {
    if (target.protocolVersion !== 'GRPC') {
      problems.add(field, 'grpc', 'the readiness probe is a gRPC call, but the target group is not gRPC',
        `set \`protocolVersion: 'GRPC'\` on the exposure (gRPC needs an HTTPS listener), ${FIX_OVERRIDE}`);
      return undefined;
    }
    protocol = 'HTTP';
    path = GRPC_HEALTH_PATH;
    matcher = '0';
    if (a.service) notes.push({ id: 'CT-AWS-103', field: `${field}.service`, message: `the probe's gRPC service name "${a.service}" is not sent by the load balancer (it checks the server's overall health)` });
  }
  const r = AWS_HEALTH_CHECK;
  const interval = probe.periodSeconds;
  if (interval < r.interval.min || interval > r.interval.max) {
    problems.add(`${field}.period`, interval, `a load balancer health check interval must be from ${r.interval.min} s to ${r.interval.max} s, and it is taken from the readiness period`,
      `set the readiness probe's period to Duration.seconds(${Math.min(Math.max(interval, r.interval.min), r.interval.max)}), ${FIX_OVERRIDE}`);
  }
  const intervalOk = Math.min(Math.max(interval, r.interval.min), r.interval.max);
  let timeout = probe.timeoutSeconds;
  const maxTimeout = Math.min(r.timeout.max, intervalOk - 1);
  if (timeout < r.timeout.min) {
    // Derived: the probe's 1 s (Kubernetes' default) is below AWS's minimum.
    timeout = r.timeout.min;
  } else if (timeout > maxTimeout) {
    notes.push({ id: 'CT-AWS-104', field: `${field}.timeout`, message: `health check timeout lowered from the probe's ${timeout}s to ${maxTimeout}s (AWS needs it below the interval and at most ${r.timeout.max}s)` });
    timeout = maxTimeout;
  }
  const clamp = (v: number, key: string, what: string) => {
    const c = Math.min(Math.max(v, r.threshold.min), r.threshold.max);
    if (c !== v) notes.push({ id: 'CT-AWS-105', field: `${field}.${key}`, message: `${what} threshold ${v} from the probe clamped to ${c} (AWS range ${r.threshold.min}-${r.threshold.max})` });
    return c;
  };
  // Derived: a success threshold of 1 (Kubernetes' default) is below AWS's minimum healthy threshold of 2.
  const healthyThreshold = clamp(Math.max(probe.successThreshold, r.threshold.min), 'successThreshold', 'healthy');
  const unhealthyThreshold = clamp(probe.failureThreshold, 'failureThreshold', 'unhealthy');
  const portNumber = probe.portNumber ?? target.targetPort;
  return {
    protocol, path, port: portNumber === target.targetPort ? 'traffic-port' : String(portNumber), portNumber,
    intervalSeconds: intervalOk, timeoutSeconds: timeout, healthyThreshold, unhealthyThreshold, matcher,
    source: { kind: 'readiness' }, notes,
  };
}
