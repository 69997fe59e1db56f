import { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import { checkInt, wholeSeconds } from '../durations';
import { Problems } from '../problems';

/** Settings of a load balancer health check that replaces the one derived from the readiness probe. */
export interface HealthCheckOverrideProps {
  /** Why the load balancer must check something else than the readiness probe (required, shown in reviews). */
  readonly reason: string;
  /**
   * Protocol of the check (`TCP` only for NLB target groups).
   * @default the readiness probe's scheme (HTTP/HTTPS), or TCP for a TCP probe
   */
  readonly protocol?: 'HTTP' | 'HTTPS' | 'TCP';
  /**
   * Path of an HTTP(S) check.
   * @default the readiness probe's path
   */
  readonly path?: string;
  /**
   * Pod port the check connects to.
   * @default the readiness probe's port
   */
  readonly port?: number;
  /**
   * Time between checks (5-300 s).
   * @default the readiness probe's period, within the AWS range
   */
  readonly interval?: Duration;
  /**
   * Time without a response that fails a check (2-120 s, shorter than the interval).
   * @default the readiness probe's timeout, within the AWS range
   */
  readonly timeout?: Duration;
  /**
   * Consecutive successes that make a target healthy (2-10).
   * @default the readiness probe's successThreshold, within the AWS range
   */
  readonly healthyThreshold?: number;
  /**
   * Consecutive failures that make a target unhealthy (2-10).
   * @default the readiness probe's failureThreshold, within the AWS range
   */
  readonly unhealthyThreshold?: number;
  /**
   * Success codes (HTTP: e.g. `200-399`; gRPC: e.g. `0`).
   * @default '200-399' (what a Kubernetes HTTP probe accepts), '0' for gRPC
   */
  readonly successCodes?: string;
}

/**
 * A load balancer target group health check. By default it is derived from the pods' readiness probe,
 * so the load balancer and Kubernetes agree on when a pod may receive traffic.
 *
 * ```ts
 * HealthCheck.fromReadiness()                                             // the default
 * HealthCheck.override({ path: '/lb-health', reason: 'the readiness path needs a header the ALB cannot send' })
 * ```
 */
export class HealthCheck {
  /** The health check mirrors the readiness probe (path, port, interval, timeout, thresholds). */
  static fromReadiness(): HealthCheck {
    return new HealthCheck(undefined);
  }

  /** A health check that differs from the readiness probe, on purpose: a reason is required. */
  static override(props: HealthCheckOverrideProps): HealthCheck {
    return new HealthCheck(props);
  }

  private constructor(
    /** The override, or undefined to mirror the readiness probe. */
    public readonly override: HealthCheckOverrideProps | undefined,
  ) {}
}

/** A resolved health check, as the controller annotations or Terraform target group need it. */
export interface HealthCheckSpec {
  readonly protocol: 'HTTP' | 'HTTPS' | 'TCP';
  /** Undefined for TCP checks. */
  readonly path?: string;
  /** The pod (target) port. */
  readonly port: number;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** Undefined for TCP checks. */
  readonly successCodes?: string;
  /** True when every field comes from the readiness probe. */
  readonly fromReadiness: boolean;
  /** The reason given for an override. */
  readonly overrideReason?: string;
}

/** The gRPC health checking protocol's method, the path an ALB calls for a gRPC probe. */
export const GRPC_HEALTH_PATH = '/grpc.health.v1.Health/Check';

/** What the health check is for: ALB target groups check over HTTP(S) only, NLB ones also over TCP. */
export interface HealthCheckTarget {
  readonly loadBalancer: 'alb' | 'nlb';
  /** ALB backend protocol version GRPC: gRPC probes map to a gRPC health check. */
  readonly grpc?: boolean;
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, v));

/**
 * Resolves the health check of a target group whose targets are the app's pods. The default mirrors the
 * readiness probe, with timings brought into the ranges AWS accepts (interval 5-300 s, timeout 2-120 s and
 * below the interval, thresholds 2-10). An override needs a reason.
 */
export function resolveHealthCheck(
  problems: Problems,
  field: string,
  hc: HealthCheck | undefined,
  workload: WorkloadSpec,
  target: HealthCheckTarget,
): HealthCheckSpec {
  const o = hc?.override;
  const probe = workload.container.readiness;
  const lb = target.loadBalancer === 'alb' ? 'an ALB' : 'an NLB';
  if (o !== undefined && (typeof o.reason !== 'string' || o.reason.trim() === '')) {
    problems.add(`${field}.reason`, o.reason, 'a health check that differs from the readiness probe needs a reason', 'say why, e.g. HealthCheck.override({ ..., reason: "the readiness path needs an auth header" })');
  }

  // What the readiness probe gives.
  let protocol: HealthCheckSpec['protocol'] | undefined;
  let path: string | undefined;
  let successCodes: string | undefined;
  const port = probe?.portNumber;
  const action = probe?.action;
  let why: string | undefined;
  if (!probe) why = 'the readiness probe is waived, so there is nothing to derive the health check from';
  else if (action?.kind === 'httpGet') {
    protocol = action.scheme;
    path = action.path;
    successCodes = '200-399';
  } else if (action?.kind === 'grpc') {
    if (target.loadBalancer === 'nlb') protocol = 'TCP';
    else if (target.grpc) {
      protocol = 'HTTP';
      path = GRPC_HEALTH_PATH;
      successCodes = '0';
    } else why = 'a gRPC readiness probe maps to an ALB health check only with backendProtocolVersion GRPC';
  } else if (action?.kind === 'tcpSocket') {
    if (target.loadBalancer === 'nlb') protocol = 'TCP';
    else why = 'ALB health checks are HTTP(S) only and the readiness probe is a TCP probe';
  } else why = `${lb} cannot run an exec readiness probe`;

  if (why && (o === undefined || (o.protocol ?? protocol) === undefined || (o.port ?? port) === undefined)) {
    problems.add(field, o ? 'override without protocol/port' : 'fromReadiness', `cannot derive the health check: ${why}`,
      'give an HTTP readiness probe (Probe.httpGet) or HealthCheck.override({ protocol, path, port, reason })');
  }

  const interval = clamp(probe?.periodSeconds ?? 10, 5, 300);
  const base = {
    protocol: protocol ?? (target.loadBalancer === 'nlb' ? 'TCP' : 'HTTP'),
    path,
    port: port ?? 0,
    intervalSeconds: interval,
    timeoutSeconds: clamp(Math.min(probe?.timeoutSeconds ?? 5, interval - 1), 2, 120),
    healthyThreshold: clamp(probe?.successThreshold ?? 2, 2, 10),
    unhealthyThreshold: clamp(probe?.failureThreshold ?? 3, 2, 10),
    successCodes,
  } as const;
  if (!o) return { ...base, fromReadiness: true };

  const f = (name: string) => `${field}.${name}`;
  const p = o.protocol ?? base.protocol;
  if (!['HTTP', 'HTTPS', 'TCP'].includes(p) || (p === 'TCP' && target.loadBalancer === 'alb')) {
    problems.add(f('protocol'), o.protocol, `is not a health check protocol of ${lb}`, target.loadBalancer === 'alb' ? "use 'HTTP' or 'HTTPS'" : "use 'TCP', 'HTTP' or 'HTTPS'");
  }
  const oPath = p === 'TCP' ? undefined : o.path ?? base.path ?? '/';
  if (oPath !== undefined && !oPath.startsWith('/')) problems.add(f('path'), o.path, 'a health check path must start with "/"', `use "/${oPath}"`);
  if (p === 'TCP' && o.path !== undefined) problems.add(f('path'), o.path, 'a TCP health check has no path', "remove `path` or use protocol 'HTTP'");
  const oPort = checkInt(problems, f('port'), o.port, base.port, 1, 65535, 'use the pod port the check connects to, e.g. 8080');
  const intervalSeconds = wholeSeconds(problems, f('interval'), o.interval, base.intervalSeconds, { min: 5, max: 300, fix: 'use a duration from 5 s to 300 s (the AWS range)' });
  const timeoutSeconds = wholeSeconds(problems, f('timeout'), o.timeout, Math.min(base.timeoutSeconds, intervalSeconds - 1), { min: 2, max: 120, fix: 'use a duration from 2 s to 120 s (the AWS range)' });
  if (timeoutSeconds >= intervalSeconds) problems.add(f('timeout'), o.timeout, `must be shorter than the interval (${intervalSeconds}s)`, 'shorten the timeout or lengthen the interval');
  const healthyThreshold = checkInt(problems, f('healthyThreshold'), o.healthyThreshold, base.healthyThreshold, 2, 10, 'use 2 to 10 (the AWS range)');
  const unhealthyThreshold = checkInt(problems, f('unhealthyThreshold'), o.unhealthyThreshold, base.unhealthyThreshold, 2, 10, 'use 2 to 10 (the AWS range)');
  const codes = p === 'TCP' ? undefined : o.successCodes ?? base.successCodes ?? '200-399';
  if (codes !== undefined && !/^\d{1,3}(-\d{1,3})?(,\d{1,3}(-\d{1,3})?)*$/.test(codes)) {
    problems.add(f('successCodes'), o.successCodes, 'is not a list of codes or ranges', 'use e.g. "200", "200,204" or "200-399"');
  }
  return {
    protocol: p, path: oPath, port: oPort, intervalSeconds, timeoutSeconds, healthyThreshold, unhealthyThreshold,
    successCodes: codes, fromReadiness: false, overrideReason: o.reason,
  };
}
