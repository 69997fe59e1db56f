import { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import { checkInt, wholeSeconds } from '../durations';
import { Problems } from '../problems';
import type { ProbeSpec } from '../workload/probe';

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
  /**
   * The health check mirrors the readiness probe (path, port, interval, timeout, thresholds).
   * @example
   * TerraformLoadBalancer.alb({ hosts: ['www.example.com'], healthCheck: HealthCheck.fromReadiness() });
   */
  static fromReadiness(): HealthCheck {
    return new HealthCheck(undefined);
  }

  /**
   * A health check that differs from the readiness probe, on purpose: a reason is required.
   * @example
   * TerraformLoadBalancer.alb({
   *   hosts: ['www.example.com'],
   *   healthCheck: HealthCheck.override({ path: '/healthz', reason: 'the readiness probe checks the database too' }),
   * });
   */
  static override(props: HealthCheckOverrideProps): HealthCheck {
    return new HealthCheck(props);
  }

  private constructor(
    /** The override, or undefined to mirror the readiness probe. */
    public readonly override: HealthCheckOverrideProps | undefined,
  ) {}
}

/** The gRPC health checking protocol's method, the path an ALB calls for a gRPC probe. */
export const GRPC_HEALTH_PATH = '/grpc.health.v1.Health/Check';

/** AWS's limits on target group health checks (ALB and NLB). */
export const AWS_HEALTH_CHECK = {
  interval: { min: 5, max: 300 },
  timeout: { min: 2, max: 120 },
  threshold: { min: 2, max: 10 },
} as const;

/**
 * An AWS target group health check, resolved once for every layer that writes one (the ALB Ingress and NLB
 * Service annotations, the Terraform ALB and NLB target groups): the same input gives the same values,
 * problems and notes everywhere.
 */
export interface HealthCheckSpec {
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
   * cannot send): printed as warnings at synth (see `healthCheckFromProbe` for the values derived without a warning).
   */
  readonly notes: readonly HealthCheckNote[];
}

/** An adjustment made to fit AWS, on the field of the app whose value it changes or does not apply. */
export interface HealthCheckNote {
  /** Stable id of the adjustment (`CT-AWS-1xx`, listed in docs/aws.md), so a chart or stack can acknowledge it. */
  readonly id: string;
  /** The field, e.g. `readiness.failureThreshold` or `traffic.slowStart`. */
  readonly field: string;
  readonly message: string;
}

/** What the health check is derived for. */
export interface HealthCheckTarget {
  readonly type: 'application' | 'network';
  /** The target group's protocol version (ALB). */
  readonly protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  /** The pod port that serves traffic (the check on it is written `traffic-port`); undefined when the layer sends to several. */
  readonly targetPort?: number;
}

const FIX_OVERRIDE = 'or give the exposure `healthCheck: HealthCheck.override({ path: "/health", reason: "..." })`';

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
export function healthCheckFromProbe(
  problems: Problems,
  field: string,
  probe: ProbeSpec | undefined,
  target: HealthCheckTarget,
): HealthCheckSpec | undefined {
  if (probe === undefined) {
    problems.add(
      field,
      undefined,
      'the app waives its readiness probe, so there is nothing to derive the load balancer health check from',
      `add a readiness probe, ${FIX_OVERRIDE}`,
    );
    return undefined;
  }
  const a = probe.action;
  const notes: HealthCheckNote[] = [];
  let protocol: HealthCheckSpec['protocol'];
  let path: string | undefined;
  let matcher: string | undefined;
  if (a.kind === 'exec') {
    problems.add(
      `${field}`,
      'exec',
      'the readiness probe runs a command, which a load balancer cannot do',
      `use an httpGet, tcpSocket or grpc readiness probe, ${FIX_OVERRIDE}`,
    );
    return undefined;
  }
  if (a.kind === 'httpGet') {
    protocol = a.scheme;
    path = a.path;
    matcher = '200-399';
    if (target.protocolVersion === 'GRPC') {
      problems.add(
        field,
        'httpGet',
        'the target group speaks gRPC, so its health check must be a gRPC call, but the readiness probe is an HTTP GET',
        `use a grpc readiness probe, ${FIX_OVERRIDE}`,
      );
    }
    if (Object.keys(a.headers).length > 0)
      notes.push({
        id: 'CT-AWS-101',
        field: `${field}.headers`,
        message: `the probe's headers (${Object.keys(a.headers).join(', ')}) are not sent by the load balancer`,
      });
  } else if (a.kind === 'tcpSocket') {
    if (target.type === 'application') {
      problems.add(
        field,
        'tcpSocket',
        'application load balancers check targets over HTTP or gRPC only, but the readiness probe is a TCP connect',
        `use an httpGet readiness probe, ${FIX_OVERRIDE}`,
      );
      return undefined;
    }
    protocol = 'TCP';
  } else if (target.type === 'network') {
    // As for NLB Services (health-check.ts): an NLB cannot call gRPC, so it checks the probed port accepts
    // connections; the readiness probe still decides, through the endpoints the controller registers.
    protocol = 'TCP';
    notes.push({
      id: 'CT-AWS-102',
      field,
      message:
        'the gRPC readiness probe becomes a TCP connect check on its port: network load balancers cannot make gRPC health checks',
    });
  } else {
    if (target.protocolVersion !== 'GRPC') {
      problems.add(
        field,
        'grpc',
        'the readiness probe is a gRPC call, but the target group is not gRPC',
        `set \`protocolVersion: 'GRPC'\` on the exposure (gRPC needs an HTTPS listener), ${FIX_OVERRIDE}`,
      );
      return undefined;
    }
    protocol = 'HTTP';
    path = GRPC_HEALTH_PATH;
    matcher = '0';
    if (a.service)
      notes.push({
        id: 'CT-AWS-103',
        field: `${field}.service`,
        message: `the probe's gRPC service name "${a.service}" is not sent by the load balancer (it checks the server's overall health)`,
      });
  }
  const r = AWS_HEALTH_CHECK;
  const interval = probe.periodSeconds;
  if (interval < r.interval.min || interval > r.interval.max) {
    problems.add(
      `${field}.period`,
      interval,
      `a load balancer health check interval must be from ${r.interval.min} s to ${r.interval.max} s, and it is taken from the readiness period`,
      `set the readiness probe's period to Duration.seconds(${Math.min(Math.max(interval, r.interval.min), r.interval.max)}), ${FIX_OVERRIDE}`,
    );
  }
  const intervalOk = Math.min(Math.max(interval, r.interval.min), r.interval.max);
  let timeout = probe.timeoutSeconds;
  const maxTimeout = Math.min(r.timeout.max, intervalOk - 1);
  if (timeout < r.timeout.min) {
    // Derived: the probe's 1 s (Kubernetes' default) is below AWS's minimum.
    timeout = r.timeout.min;
  } else if (timeout > maxTimeout) {
    notes.push({
      id: 'CT-AWS-104',
      field: `${field}.timeout`,
      message: `health check timeout lowered from the probe's ${timeout}s to ${maxTimeout}s (AWS needs it below the interval and at most ${r.timeout.max}s)`,
    });
    timeout = maxTimeout;
  }
  const clamp = (v: number, key: string, what: string) => {
    const c = Math.min(Math.max(v, r.threshold.min), r.threshold.max);
    if (c !== v)
      notes.push({
        id: 'CT-AWS-105',
        field: `${field}.${key}`,
        message: `${what} threshold ${v} from the probe clamped to ${c} (AWS range ${r.threshold.min}-${r.threshold.max})`,
      });
    return c;
  };
  // Derived: a success threshold of 1 (Kubernetes' default) is below AWS's minimum healthy threshold of 2.
  const healthyThreshold = clamp(Math.max(probe.successThreshold, r.threshold.min), 'successThreshold', 'healthy');
  const unhealthyThreshold = clamp(probe.failureThreshold, 'failureThreshold', 'unhealthy');
  const portNumber = probe.portNumber ?? target.targetPort ?? 0;
  return {
    protocol,
    path,
    port: portNumber === target.targetPort ? 'traffic-port' : String(portNumber),
    portNumber,
    intervalSeconds: intervalOk,
    timeoutSeconds: timeout,
    healthyThreshold,
    unhealthyThreshold,
    matcher,
    source: { kind: 'readiness' },
    notes,
  };
}

const HTTP_CODES = /^\d{1,3}(-\d{1,3})?(,\d{1,3}(-\d{1,3})?)*$/;
const GRPC_CODES = /^\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*$/;

/**
 * The health check of a target group whose targets are the app's pods: derived from the readiness probe
 * (`healthCheckFromProbe`), or `HealthCheck.override({ ..., reason })` with every unset field taken from the
 * probe and every value checked against AWS's ranges. The one derivation of every AWS layer.
 */
export function resolveTargetGroupHealthCheck(
  problems: Problems,
  field: string,
  hc: HealthCheck | undefined,
  w: WorkloadSpec,
  target: HealthCheckTarget,
): HealthCheckSpec {
  const o = hc?.override;
  if (o === undefined)
    return healthCheckFromProbe(problems, 'readiness', w.container.readiness, target) ?? placeholder(target);
  const f = (name: string) => `${field}.${name}`;
  if (typeof o.reason !== 'string' || o.reason.trim() === '') {
    problems.add(
      f('reason'),
      o.reason,
      'a health check that differs from the readiness probe needs a reason',
      'say why, e.g. HealthCheck.override({ ..., reason: "the readiness path needs an auth header" })',
    );
  }
  // What the probe gives, where it gives anything: the override fills in or replaces the rest.
  const derived = healthCheckFromProbe(new Problems(), 'readiness', w.container.readiness, target);
  const base = derived ?? placeholder(target);
  const alb = target.type === 'application';
  const lb = alb ? 'an ALB' : 'an NLB';
  const p = o.protocol ?? (derived ? base.protocol : undefined);
  if (p === undefined) {
    problems.add(
      f('protocol'),
      o.protocol,
      'the readiness probe gives no protocol a load balancer can check',
      alb ? "set protocol 'HTTP' or 'HTTPS'" : "set protocol 'TCP', 'HTTP' or 'HTTPS'",
    );
  } else if (!['HTTP', 'HTTPS', 'TCP'].includes(p) || (p === 'TCP' && alb)) {
    problems.add(
      f('protocol'),
      o.protocol,
      `is not a health check protocol of ${lb}`,
      alb ? "use 'HTTP' or 'HTTPS'" : "use 'TCP', 'HTTP' or 'HTTPS'",
    );
  }
  const protocol = p ?? base.protocol;
  const grpc = alb && target.protocolVersion === 'GRPC';
  const path = protocol === 'TCP' ? undefined : (o.path ?? base.path ?? (grpc ? GRPC_HEALTH_PATH : '/'));
  if (o.path !== undefined && protocol !== 'TCP' && !o.path.startsWith('/'))
    problems.add(f('path'), o.path, 'a health check path must start with "/"', `use "/${o.path}"`);
  if (protocol === 'TCP' && o.path !== undefined)
    problems.add(f('path'), o.path, 'a TCP health check has no path', "remove `path` or use protocol 'HTTP'");
  const probedPort = derived ? base.portNumber : target.targetPort;
  if (o.port === undefined && probedPort === undefined)
    problems.add(
      f('port'),
      o.port,
      'the readiness probe gives no port to check',
      'set `port` to the pod port the check connects to, e.g. 8080',
    );
  const portNumber = checkInt(
    problems,
    f('port'),
    o.port,
    probedPort ?? 0,
    1,
    65535,
    'use the pod port the check connects to, e.g. 8080',
  );
  const r = AWS_HEALTH_CHECK;
  const intervalSeconds = wholeSeconds(problems, f('interval'), o.interval, base.intervalSeconds, {
    min: r.interval.min,
    max: r.interval.max,
    fix: `use a duration from ${r.interval.min} s to ${r.interval.max} s (the AWS range)`,
  });
  const timeoutSeconds = wholeSeconds(
    problems,
    f('timeout'),
    o.timeout,
    Math.max(r.timeout.min, Math.min(base.timeoutSeconds, intervalSeconds - 1)),
    {
      min: r.timeout.min,
      max: r.timeout.max,
      fix: `use a duration from ${r.timeout.min} s to ${r.timeout.max} s (the AWS range)`,
    },
  );
  if (timeoutSeconds >= intervalSeconds)
    problems.add(
      f('timeout'),
      o.timeout,
      `must be shorter than the interval (${intervalSeconds}s)`,
      'shorten the timeout or lengthen the interval',
    );
  const range = `use ${r.threshold.min} to ${r.threshold.max} (the AWS range)`;
  const healthyThreshold = checkInt(
    problems,
    f('healthyThreshold'),
    o.healthyThreshold,
    base.healthyThreshold,
    r.threshold.min,
    r.threshold.max,
    range,
  );
  const unhealthyThreshold = checkInt(
    problems,
    f('unhealthyThreshold'),
    o.unhealthyThreshold,
    base.unhealthyThreshold,
    r.threshold.min,
    r.threshold.max,
    range,
  );
  const matcher = protocol === 'TCP' ? undefined : (o.successCodes ?? base.matcher ?? (grpc ? '0' : '200-399'));
  if (matcher !== undefined && !(grpc ? GRPC_CODES : HTTP_CODES).test(matcher)) {
    problems.add(
      f('successCodes'),
      o.successCodes,
      'is not a list of codes or ranges',
      grpc ? 'use gRPC codes, e.g. "0" or "0-2"' : 'use e.g. "200", "200,204" or "200-399"',
    );
  }
  return {
    protocol,
    path,
    port: portNumber === target.targetPort ? 'traffic-port' : String(portNumber),
    portNumber,
    intervalSeconds,
    timeoutSeconds,
    healthyThreshold,
    unhealthyThreshold,
    matcher,
    source: { kind: 'override', reason: String(o.reason ?? '') },
    notes: [],
  };
}

/** Stands in where no health check could be derived (the problem is reported), so resolution goes on. */
function placeholder(target: HealthCheckTarget): HealthCheckSpec {
  const protocol = target.type === 'network' ? 'TCP' : 'HTTP';
  return {
    protocol,
    path: protocol === 'TCP' ? undefined : '/',
    port: 'traffic-port',
    portNumber: target.targetPort ?? 0,
    intervalSeconds: 10,
    timeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    source: { kind: 'readiness' },
    notes: [],
  };
}
