import type { WorkloadSpec } from '../app-spec';
import type { ServicePortSpec } from '../workload/ports';
import { servicePortsTargeting } from '../workload/port-resolution';
import { Problems } from '../problems';
import type { ProbeSpec } from '../workload/probe';
import type { HealthCheck } from '../health/health-check';
import type { HealthCheckNote } from '../health/derive';
import { DerivedHealthCheck, deriveHealthCheck, HealthChecker, overrideHealthCheck } from '../health/derive';

export { HealthCheck } from '../health/health-check';
export type { HealthCheckOverrideProps } from '../health/health-check';
export { GRPC_HEALTH_PATH } from '../health/derive';
export type { HealthCheckNote } from '../health/derive';

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

/** What the health check is derived for. */
export interface HealthCheckTarget {
  readonly type: 'application' | 'network';
  /** The target group's protocol version (ALB). */
  readonly protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  /** The pod port that serves traffic (the check on it is written `traffic-port`); undefined when the layer sends to several. */
  readonly targetPort?: number;
  /**
   * The controller's target type (ALB Ingress, NLB Service): with `ip` targets the check goes to the probed pod port,
   * with `instance` targets to the traffic's node port (`traffic-port`). Absent: Terraform target groups (ip).
   */
  readonly targetType?: 'ip' | 'instance';
}

/** AWS's interval and timeout ranges as a checker reads them, made once (not per app). */
const AWS_INTERVAL = { min: AWS_HEALTH_CHECK.interval.min, max: AWS_HEALTH_CHECK.interval.max, clamp: true } as const;
const AWS_TIMEOUT = {
  min: AWS_HEALTH_CHECK.timeout.min,
  max: AWS_HEALTH_CHECK.timeout.max,
  belowInterval: true,
} as const;

/** The AWS target group as a health checker, for one load balancer type and gRPC support. */
function makeAwsChecker(alb: boolean, grpc: HealthChecker['grpc']): HealthChecker {
  const checker: HealthChecker = {
    name: 'a load balancer',
    plural: alb ? 'application load balancers' : 'network load balancers',
    cloud: 'AWS',
    ids: {
      headers: 'CT-AWS-101',
      grpcAsTcp: 'CT-AWS-102',
      grpcService: 'CT-AWS-103',
      timeout: 'CT-AWS-104',
      threshold: 'CT-AWS-105',
    },
    tcpSocket: alb ? 'no' : 'native',
    grpc,
    grpcAsPath: true,
    interval: AWS_INTERVAL,
    timeout: AWS_TIMEOUT,
    threshold: AWS_HEALTH_CHECK.threshold,
    protocols: alb ? ['HTTP', 'HTTPS'] : ['TCP', 'HTTP', 'HTTPS'],
    successCodes: true,
  };
  return Object.freeze(checker);
}

/** The three AWS checkers (read-only data), made once, not per target group. */
const AWS_CHECKERS = {
  albGrpc: makeAwsChecker(true, 'native'),
  alb: makeAwsChecker(true, 'no'),
  nlb: makeAwsChecker(false, 'tcp'),
} as const;

/** The AWS target group as a health checker: its ranges and what it can check. */
export function awsChecker(target: HealthCheckTarget): HealthChecker {
  if (target.type !== 'application') return AWS_CHECKERS.nlb;
  return target.protocolVersion === 'GRPC' ? AWS_CHECKERS.albGrpc : AWS_CHECKERS.alb;
}

/** The port written: `traffic-port` for the traffic's own port (or instance targets), else the probed pod port. */
function writtenPort(portNumber: number, target: HealthCheckTarget): string {
  if (target.targetType !== undefined)
    return target.targetType === 'ip' && portNumber > 0 ? String(portNumber) : 'traffic-port';
  return portNumber === target.targetPort ? 'traffic-port' : String(portNumber);
}

/** The neutral health check in AWS's terms (a gRPC check is an HTTP call of the gRPC health method). */
function toAws(d: DerivedHealthCheck, target: HealthCheckTarget): HealthCheckSpec {
  return {
    protocol: d.protocol === 'GRPC' ? 'HTTP' : d.protocol,
    path: d.protocol === 'TCP' ? undefined : d.path,
    port: writtenPort(d.port, target),
    portNumber: d.port,
    intervalSeconds: d.intervalSeconds,
    timeoutSeconds: d.timeoutSeconds,
    healthyThreshold: d.healthyThreshold,
    unhealthyThreshold: d.unhealthyThreshold,
    matcher: d.protocol === 'TCP' ? undefined : d.matcher,
    source: d.source,
    notes: d.notes,
  };
}

/** The ALB's own rule: a gRPC target group is checked with a gRPC call, and only such a group can be. */
function checkAlbGrpc(problems: Problems, field: string, probe: ProbeSpec, target: HealthCheckTarget): boolean {
  if (target.type !== 'application') return true;
  const kind = probe.action.kind;
  if (kind === 'httpGet' && target.protocolVersion === 'GRPC')
    problems.add(
      field,
      'httpGet',
      'the target group speaks gRPC, so its health check must be a gRPC call, but the readiness probe is an HTTP GET',
      `use a grpc readiness probe, ${FIX_OVERRIDE}`,
    );
  if (kind === 'grpc' && target.protocolVersion !== 'GRPC') {
    problems.add(
      field,
      'grpc',
      'the readiness probe is a gRPC call, but the target group is not gRPC',
      `set \`protocolVersion: 'GRPC'\` on the exposure (gRPC needs an HTTPS listener), ${FIX_OVERRIDE}`,
    );
    return false;
  }
  return true;
}

const FIX_OVERRIDE = 'or give the exposure `healthCheck: HealthCheck.override({ path: "/health", reason: "..." })`';

/**
 * Derives a target group health check from the pods' readiness probe (`deriveHealthCheck` with AWS's ranges), so
 * the load balancer sends to a pod when Kubernetes does: same path, port, interval and failure count. Kubernetes'
 * defaults below AWS's minimums are raised without a warning, as a documented derivation: a timeout of 1 s becomes
 * 2 s, and a success threshold of 1 becomes a healthy threshold of 2 (the probe still decides: the controller
 * deregisters a pod as soon as its readiness fails); any other adjustment is a note, printed as a warning.
 */
export function healthCheckFromProbe(
  problems: Problems,
  field: string,
  probe: ProbeSpec | undefined,
  target: HealthCheckTarget,
): HealthCheckSpec | undefined {
  if (probe !== undefined && !checkAlbGrpc(problems, field, probe, target)) return undefined;
  const d = deriveHealthCheck(problems, field, probe, awsChecker(target), target.targetPort ?? 0);
  return d && toAws(d, target);
}

/**
 * The health check of a target group whose targets are the app's pods: derived from the readiness probe
 * (`healthCheckFromProbe`), or `HealthCheck.override({ ..., reason })` with every unset field taken from the
 * probe and every value checked against AWS's ranges (`overrideHealthCheck`). The one derivation of every AWS layer.
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
  const c = awsChecker(target);
  const probe = w.container.readiness;
  const ok = probe === undefined || checkAlbGrpc(new Problems(), 'readiness', probe, target);
  const derived = ok ? deriveHealthCheck(new Problems(), 'readiness', probe, c, target.targetPort ?? 0) : undefined;
  const base = placeholder(target);
  const fallback: DerivedHealthCheck = { ...base, port: base.portNumber, protocol: base.protocol };
  return toAws(overrideHealthCheck(problems, field, o, derived, derived ?? fallback, c), target);
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

/** The warning id of a health check on instance targets that cannot reach the probe's port. */
export const INSTANCE_CHECK_PORT_ID = 'CT-AWS-111';

/**
 * Instance targets: the load balancer checks a node port, and `traffic-port` is the node port of the traffic's own
 * Service port. When the readiness probe checks another pod port, the check goes to the node port of a Service port
 * that targets the probe's port (`nodePort` declared on the exposure's or the app's Service port); without one it
 * stays on `traffic-port` with warning CT-AWS-111, since the load balancer then checks the traffic's port, not the probe's.
 * @param trafficPodPorts the pod ports the load balancer sends traffic to
 * @param servicePorts the Service ports whose node ports the nodes open (the exposure's first, then the app's)
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#healthcheck-port
 */
export function instanceTargetsHealthCheck(
  hc: HealthCheckSpec,
  field: string,
  trafficPodPorts: readonly number[],
  servicePorts: readonly ServicePortSpec[],
): HealthCheckSpec {
  const probed = hc.portNumber;
  if (probed <= 0 || trafficPodPorts.every((p) => p === probed)) return { ...hc, port: 'traffic-port' };
  const node = servicePortsTargeting(servicePorts, { port: probed, protocol: 'TCP' }).find((sp) => sp.nodePort);
  if (node?.nodePort !== undefined) return { ...hc, port: String(node.nodePort) };
  const traffic = trafficPodPorts.filter((p) => p !== probed).join(', ');
  const note: HealthCheckNote = {
    id: INSTANCE_CHECK_PORT_ID,
    field: `${field}.targetType`,
    message:
      `with instance targets the load balancer checks the node port of the traffic (pod port ${traffic}), not the ` +
      `readiness probe's port ${probed}: declare a Service port with \`targetPort\` ${probed} and a \`nodePort\` ` +
      "(the check is then sent there), probe the traffic's port, or use `targetType: 'ip'`",
  };
  return { ...hc, port: 'traffic-port', notes: [...hc.notes, note] };
}
