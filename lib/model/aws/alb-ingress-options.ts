import { Duration } from 'cdk8s';
import { checkCidr } from '../ip';
import type { WorkloadSpec } from '../app-spec';
import { wholeSeconds } from '../durations';
import { Problems } from '../problems';
import { resolveSchemeAndTargetType } from './scheme';
import { backendProtocolOf } from '../traffic/backend-protocol';
import { checkAwsAnnotations } from './lb-controller-annotations';
import { HealthCheck, HealthCheckSpec, resolveTargetGroupHealthCheck } from './health-check';
import { resolveTargetGroupAttributes } from './target-group-attributes';
import type { StickinessProps, StickinessSpec } from './stickiness';
import type { HealthCheckNote } from './health-check';
import { resolvePodReadinessGate } from './pod-readiness-gate';

/** The TLS 1.3 security policy used by default (the controller's own default is a 2016 policy). */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';

/** A listener of the ALB. */
export interface AlbListenPort {
  readonly protocol: 'HTTP' | 'HTTPS';
  /**
   * 1-65535.
   * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#listen-ports (`alb.ingress.kubernetes.io/listen-ports`)
   */
  readonly port: number;
}

/** S3 access logs of the ALB. */
export interface AlbAccessLogs {
  /** The bucket's name. */
  readonly bucket: string;
  /**
   * Key prefix.
   * @default none
   */
  readonly prefix?: string;
}

/**
 * Typed settings of an ALB created by the AWS Load Balancer Controller (v3.5.0) from an Ingress. Each
 * becomes one documented `alb.ingress.kubernetes.io/*` annotation.
 */
export interface AlbOptions {
  /**
   * Whether the ALB is reachable from the internet.
   * @default 'internal'
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /**
   * `ip` sends traffic straight to pod IPs (works with ClusterIP Services); `instance` goes through node
   * ports and needs a NodePort Service.
   * @default 'ip'
   */
  readonly targetType?: 'ip' | 'instance';
  /**
   * Label the app's namespace so the AWS Load Balancer Controller injects pod readiness gates: a rolling
   * update then waits until new pods are healthy in the target group. Not possible in `default`.
   * @default true with `ip` targets
   */
  readonly podReadinessGate?: boolean;
  /**
   * IP address type of the ALB.
   * @default the controller's default ('ipv4'); not written
   */
  readonly ipAddressType?: 'ipv4' | 'dualstack' | 'dualstack-without-public-ipv4';
  /**
   * ACM certificate ARNs for the HTTPS listeners (the first is the default certificate).
   * @default none (plain HTTP unless `tlsHosts` lets the controller discover certificates)
   */
  readonly certificateArns?: readonly string[];
  /**
   * Let the controller discover ACM certificates for these hosts (written to the Ingress `spec.tls`).
   * @default none
   */
  readonly tlsHosts?: readonly string[];
  /**
   * The listeners.
   * @default HTTP 80 and HTTPS 443 with TLS; HTTP 80 without
   */
  readonly listenPorts?: readonly AlbListenPort[];
  /**
   * Redirect every HTTP listener to this HTTPS port (`true` = 443). Applies to every Ingress of a group.
   * @default true (443) when the ALB has TLS and an HTTP listener, else no redirect
   */
  readonly sslRedirect?: boolean | number;
  /**
   * TLS security policy of the HTTPS listeners.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly sslPolicy?: string;
  /**
   * Why a TLS policy that allows TLS 1.2 without 1.3, or anything older than TLS 1.2, is needed (at least 10
   * characters). Required with such a policy, as every security opt-out.
   * @default none (a TLS 1.3 policy needs no reason)
   */
  readonly sslPolicyReason?: string;
  /**
   * Share one ALB between several Ingresses (several apps): same `name`, and `order` (-1000..1000,
   * lower first) sorting their rules.
   * @default none (one ALB for this Ingress)
   */
  readonly group?: { readonly name: string; readonly order?: number };
  /**
   * Protocol from the ALB to the pods.
   * @default 'HTTP'
   */
  readonly backendProtocol?: 'HTTP' | 'HTTPS';
  /**
   * Application protocol to the pods.
   * @default from the app's `traffic.backendProtocol` (itself derived from the Service port's appProtocol)
   */
  readonly backendProtocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  /**
   * The target group health check.
   * @default HealthCheck.fromReadiness()
   */
  readonly healthCheck?: HealthCheck;
  /**
   * Time a deregistered pod keeps its in-flight requests (0-3600 s).
   * @default the app's `traffic.deregistrationDelay`
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#deregistration-delay (`deregistration_delay.timeout_seconds`, 0-3600 s)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Ramp-up time of new pods (0 or 30-900 s).
   * @default the app's `traffic.slowStart`
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#slow-start-mode (`slow_start.duration_seconds`, 0 or 30-900 s)
   */
  readonly slowStart?: Duration;
  /**
   * Load balancing algorithm of the target group.
   * @default from the app's `traffic.loadBalancing` ('least-request' -> 'least_outstanding_requests', 'random' -> 'weighted_random')
   */
  readonly algorithm?: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  /**
   * Sticky sessions of the target group.
   * @default from the app's Service: with \`sessionAffinity: 'ClientIP'\` the ALB's own cookie for the affinity's timeout (an ALB cannot stick by client IP); otherwise off
   */
  readonly stickiness?: StickinessProps;
  /**
   * Idle timeout of client connections (1-4000 s).
   * @default the app's `traffic.idleTimeout`
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout (`idle_timeout.timeout_seconds`, 1-4000 s)
   */
  readonly idleTimeout?: Duration;
  /**
   * Drop HTTP headers with invalid names (request smuggling defence).
   * @default true
   */
  readonly dropInvalidHeaderFields?: boolean;
  /**
   * Why invalid header fields must reach the pods (at least 10 characters). Required with
   * `dropInvalidHeaderFields: false`, as every security opt-out.
   * @default none
   */
  readonly keepInvalidHeaderFieldsReason?: string;
  /**
   * Deletion protection of the ALB.
   * @default not written (the controller leaves it off)
   */
  readonly deletionProtection?: boolean;
  /**
   * Access logs to S3.
   * @default none
   */
  readonly accessLogs?: AlbAccessLogs;
  /**
   * CIDRs allowed to reach the listeners (ignored by the controller when security groups are given).
   * @default the controller's default: anywhere
   */
  readonly inboundCidrs?: readonly string[];
  /**
   * ARN of a regional WAFv2 web ACL.
   * @default none
   */
  readonly wafv2AclArn?: string;
  /**
   * Name of the ALB (at most 32 characters; only read when the ALB is created).
   * @default generated by the controller
   */
  readonly loadBalancerName?: string;
  /**
   * Tags of the AWS resources.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The resolved ALB settings: typed values; `lib/k8s/aws/alb-ingress-annotations.ts` writes them as annotations. */
export interface AlbSpec {
  readonly scheme: 'internal' | 'internet-facing';
  readonly targetType: 'ip' | 'instance';
  /** Whether the namespace gets the controller's pod readiness gate label. */
  readonly podReadinessGate: boolean;
  readonly ipAddressType?: 'ipv4' | 'dualstack' | 'dualstack-without-public-ipv4';
  readonly loadBalancerName?: string;
  /** The IngressGroup this Ingress joins. */
  readonly group?: { readonly name: string; readonly order?: number };
  readonly listenPorts: readonly AlbListenPort[];
  readonly certificateArns: readonly string[];
  readonly tlsHosts: readonly string[];
  readonly sslRedirectPort?: number;
  readonly sslPolicy?: string;
  readonly backendProtocol: 'HTTP' | 'HTTPS';
  /** The backend protocol version (HTTP1/HTTP2/GRPC). */
  readonly protocolVersion: 'HTTP1' | 'HTTP2' | 'GRPC';
  readonly healthCheck: HealthCheckSpec;
  readonly idleTimeoutSeconds: number;
  readonly deregistrationDelaySeconds: number;
  /** 0: no slow start. */
  readonly slowStartSeconds: number;
  readonly algorithm: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  /** Sticky sessions; absent: off. */
  readonly stickiness?: StickinessSpec;
  /** What the resolution adjusted that is worth a warning (the stickiness derived from the Service's affinity). */
  readonly notes: readonly HealthCheckNote[];
  readonly dropInvalidHeaderFields: boolean;
  readonly deletionProtection?: boolean;
  readonly accessLogs?: AlbAccessLogs;
  /** Empty: the controller's default (anywhere). */
  readonly inboundCidrs: readonly string[];
  readonly wafv2AclArn?: string;
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The user's `annotations` (the escape hatch), checked against the controller's documented table. The
   * renderer's check refuses keys its typed options write (`lib/k8s/aws/alb-ingress-annotations.ts`).
   */
  readonly extraAnnotations: Readonly<Record<string, string>>;
}

const CERT_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;
const WAF_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[A-Za-z0-9_-]+\/[A-Za-z0-9-]+$/;
const GROUP_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const PROTOCOL_VERSIONS = { http1: 'HTTP1', http2: 'HTTP2', grpc: 'GRPC' } as const;

/**
 * Resolves ALB settings into the controller's annotations, checking each against the ranges AWS accepts
 * and the escape hatch (`extra`) against the controller's documentation.
 */
export function resolveAlbOptions(
  problems: Problems,
  field: string,
  o: AlbOptions,
  workload: WorkloadSpec,
  extra: Readonly<Record<string, string>> | undefined,
  extraField: string,
): AlbSpec {
  const f = (n: string) => `${field}.${n}`;
  const t = workload.traffic;
  const { scheme, targetType, podReadinessGate } = resolveAlbTargets(problems, f, o, workload);

  const { certificateArns, tlsHosts, hasTls, listenPorts, https } = resolveAlbListeners(problems, f, o);

  const { sslRedirectPort, sslPolicy } = resolveAlbTls(problems, f, o, { hasTls, listenPorts, https });

  checkAlbGroup(problems, f, o.group);

  const { backendProtocol, backendProtocolVersion } = resolveAlbBackendProtocol(problems, f, o, workload, https);

  const healthCheck = resolveTargetGroupHealthCheck(problems, f('healthCheck'), o.healthCheck, workload, {
    type: 'application',
    protocolVersion: backendProtocolVersion,
    targetType,
  });

  const stickyNotes: HealthCheckNote[] = [];
  const attrs = resolveTargetGroupAttributes(problems, field, o, t, 'application', stickyNotes, workload.service);
  const dereg = attrs.deregistrationDelaySeconds;
  const slow = attrs.slowStartSeconds;
  const algorithm = attrs.algorithm ?? 'round_robin';
  const idle = wholeSeconds(problems, f('idleTimeout'), o.idleTimeout, t.idleTimeoutSeconds, {
    min: 1,
    max: 4000,
    fix: 'use 1 to 4000 s (the ALB range)',
  });
  checkAlbLoadBalancerOptions(problems, f, o);

  // The escape hatch: documented keys only (the renderer's check refuses those its typed options write).
  checkAwsAnnotations(problems, extraField, extra, 'alb');
  return {
    scheme,
    targetType,
    podReadinessGate,
    ...(o.ipAddressType !== undefined ? { ipAddressType: o.ipAddressType } : {}),
    ...(o.loadBalancerName !== undefined ? { loadBalancerName: o.loadBalancerName } : {}),
    ...(o.group ? { group: { ...o.group } } : {}),
    listenPorts,
    certificateArns,
    tlsHosts,
    sslRedirectPort,
    sslPolicy,
    backendProtocol,
    protocolVersion: backendProtocolVersion,
    healthCheck,
    idleTimeoutSeconds: idle,
    deregistrationDelaySeconds: dereg,
    slowStartSeconds: slow,
    algorithm,
    ...(attrs.stickiness ? { stickiness: attrs.stickiness } : {}),
    notes: stickyNotes,
    dropInvalidHeaderFields: o.dropInvalidHeaderFields ?? true,
    ...(o.deletionProtection !== undefined ? { deletionProtection: o.deletionProtection } : {}),
    ...(o.accessLogs ? { accessLogs: { ...o.accessLogs } } : {}),
    inboundCidrs: [...(o.inboundCidrs ?? [])],
    ...(o.wafv2AclArn !== undefined ? { wafv2AclArn: o.wafv2AclArn } : {}),
    tags: { ...(o.tags ?? {}) },
    extraAnnotations: { ...(extra ?? {}) },
  };
}

/** The certificates (ACM ARNs, or hosts for discovery) and the listen ports, HTTPS with a certificate only. */
function resolveAlbListeners(problems: Problems, f: (n: string) => string, o: AlbOptions) {
  const certificateArns = [...(o.certificateArns ?? [])];
  certificateArns.forEach((a, i) => {
    if (!CERT_ARN.test(a))
      problems.add(
        `${f('certificateArns')}[${i}]`,
        a,
        'is not an ACM certificate ARN',
        'use an ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-...',
      );
  });
  const tlsHosts = [...(o.tlsHosts ?? [])];
  const hasTls = certificateArns.length > 0 || tlsHosts.length > 0;
  const listenPorts: AlbListenPort[] = o.listenPorts
    ? [...o.listenPorts]
    : hasTls
      ? [
          { protocol: 'HTTP', port: 80 },
          { protocol: 'HTTPS', port: 443 },
        ]
      : [{ protocol: 'HTTP', port: 80 }];
  const seen = new Set<number>();
  listenPorts.forEach((l, i) => {
    if (l.protocol !== 'HTTP' && l.protocol !== 'HTTPS')
      problems.add(
        `${f('listenPorts')}[${i}].protocol`,
        l.protocol,
        "must be 'HTTP' or 'HTTPS'",
        "use 'HTTPS' with a certificate",
      );
    if (!Number.isInteger(l.port) || l.port < 1 || l.port > 65535)
      problems.add(`${f('listenPorts')}[${i}].port`, l.port, 'must be a port from 1 to 65535', 'use e.g. 443');
    if (seen.has(l.port))
      problems.add(`${f('listenPorts')}[${i}].port`, l.port, 'duplicate listener port', 'list each port once');
    seen.add(l.port);
  });
  if (listenPorts.length === 0)
    problems.add(
      f('listenPorts'),
      listenPorts,
      'an ALB needs at least one listener',
      'leave `listenPorts` out for the defaults',
    );
  const https = listenPorts.filter((l) => l.protocol === 'HTTPS');
  if (https.length > 0 && !hasTls) {
    problems.add(
      f('certificateArns'),
      o.certificateArns,
      'the ALB has an HTTPS listener but no certificate (TLS without a certificate)',
      'give `certificateArns` (ACM) or `tlsHosts` for certificate discovery, or listen on HTTP only',
    );
  }
  if (hasTls && https.length === 0) {
    problems.add(
      f('listenPorts'),
      listenPorts,
      'a certificate is given but no listener is HTTPS: it would never be used',
      "add { protocol: 'HTTPS', port: 443 } or leave `listenPorts` out",
    );
  }
  return { certificateArns, tlsHosts, hasTls, listenPorts, https };
}

/** The HTTP-to-HTTPS redirect and the TLS policy of the HTTPS listeners. */
function resolveAlbTls(
  problems: Problems,
  f: (n: string) => string,
  o: AlbOptions,
  l: { hasTls: boolean; listenPorts: readonly AlbListenPort[]; https: readonly AlbListenPort[] },
) {
  const { hasTls, listenPorts, https } = l;
  let sslRedirectPort: number | undefined;
  const hasHttp = listenPorts.some((l) => l.protocol === 'HTTP');
  if (o.sslRedirect === undefined)
    sslRedirectPort = hasTls && hasHttp && https.some((l) => l.port === 443) ? 443 : undefined;
  else if (o.sslRedirect !== false) {
    sslRedirectPort = o.sslRedirect === true ? 443 : o.sslRedirect;
    if (!https.some((l) => l.port === sslRedirectPort)) {
      problems.add(
        f('sslRedirect'),
        o.sslRedirect,
        `redirects to port ${sslRedirectPort}, which is not an HTTPS listener`,
        'add that HTTPS port to `listenPorts`, or remove `sslRedirect`',
      );
    }
  }
  const sslPolicy = https.length > 0 ? (o.sslPolicy ?? DEFAULT_SSL_POLICY) : undefined;
  if (o.sslPolicy !== undefined && !/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(o.sslPolicy)) {
    problems.add(f('sslPolicy'), o.sslPolicy, 'is not an ELB security policy name', `use e.g. "${DEFAULT_SSL_POLICY}"`);
  }
  if (o.sslPolicy !== undefined && https.length === 0)
    problems.add(
      f('sslPolicy'),
      o.sslPolicy,
      'applies to HTTPS listeners, and the ALB has none',
      'add an HTTPS listener and a certificate, or remove `sslPolicy`',
    );
  return { sslRedirectPort, sslPolicy };
}

/** The IngressGroup's name and order. */
function checkAlbGroup(problems: Problems, f: (n: string) => string, group: AlbOptions['group']): void {
  const o = { group };
  if (o.group) {
    if (typeof o.group.name !== 'string' || !GROUP_NAME.test(o.group.name) || o.group.name.length > 63) {
      problems.add(
        f('group.name'),
        o.group.name,
        'must be at most 63 lower-case letters, digits, "-" or ".", starting and ending alphanumeric',
        'use a name such as "public-web"',
      );
    }
    if (
      o.group.order !== undefined &&
      (!Number.isInteger(o.group.order) || o.group.order < -1000 || o.group.order > 1000)
    ) {
      problems.add(
        f('group.order'),
        o.group.order,
        'must be a whole number from -1000 to 1000',
        'use e.g. 10 (lower orders are evaluated first)',
      );
    }
  }
}

/** The load balancer's access logs bucket, client CIDRs, WAF web ACL and name. */
function checkAlbLoadBalancerOptions(problems: Problems, f: (n: string) => string, o: AlbOptions): void {
  if (o.accessLogs && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(o.accessLogs.bucket ?? ''))
    problems.add(
      f('accessLogs.bucket'),
      o.accessLogs.bucket,
      'is not an S3 bucket name',
      'use the bucket name only, e.g. "acme-alb-logs"',
    );

  (o.inboundCidrs ?? []).forEach((c, i) => {
    checkCidr(problems, `${f('inboundCidrs')}[${i}]`, c);
  });
  if (o.inboundCidrs && o.inboundCidrs.length === 0)
    problems.add(
      f('inboundCidrs'),
      o.inboundCidrs,
      'an empty list lets the controller fall back to anywhere (0.0.0.0/0)',
      'list the allowed CIDRs or leave it out',
    );
  if (o.wafv2AclArn !== undefined && !WAF_ARN.test(o.wafv2AclArn))
    problems.add(
      f('wafv2AclArn'),
      o.wafv2AclArn,
      'is not a regional WAFv2 web ACL ARN',
      'use arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>',
    );
  if (
    o.loadBalancerName !== undefined &&
    (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(o.loadBalancerName) ||
      o.loadBalancerName.length > 32 ||
      o.loadBalancerName.startsWith('internal-'))
  ) {
    problems.add(
      f('loadBalancerName'),
      o.loadBalancerName,
      'must be at most 32 letters, digits and "-", not starting with "internal-"',
      'shorten it, e.g. "public-web"',
    );
  }
}

/** The scheme, the target type (node ports need a NodePort Service) and the pod readiness gate. */
function resolveAlbTargets(problems: Problems, f: (n: string) => string, o: AlbOptions, workload: WorkloadSpec) {
  const { scheme, targetType } = resolveSchemeAndTargetType(problems, f, o, 'ALB');
  if (targetType === 'instance' && workload.service && workload.service.type === 'ClusterIP') {
    problems.add(
      f('targetType'),
      targetType,
      `target type 'instance' sends traffic to node ports, but the Service "${workload.service.name}" is ClusterIP (no node ports)`,
      "use targetType 'ip' (the default), or set `service.type: 'NodePort'`",
    );
  }
  const podReadinessGate = resolvePodReadinessGate(
    problems,
    f('podReadinessGate'),
    workload.namespace,
    o.podReadinessGate,
    targetType === 'ip',
  );
  return { scheme, targetType, podReadinessGate };
}

/** The protocol and protocol version the ALB speaks to the pods (gRPC on HTTPS listeners only). */
function resolveAlbBackendProtocol(
  problems: Problems,
  f: (n: string) => string,
  o: AlbOptions,
  workload: WorkloadSpec,
  https: readonly AlbListenPort[],
) {
  const backendProtocol = o.backendProtocol ?? 'HTTP';
  if (backendProtocol !== 'HTTP' && backendProtocol !== 'HTTPS')
    problems.add(f('backendProtocol'), o.backendProtocol, "must be 'HTTP' or 'HTTPS'", "use 'HTTP'");
  const backendProtocolVersion = o.backendProtocolVersion ?? PROTOCOL_VERSIONS[backendProtocolOf(workload)];
  if (!['HTTP1', 'HTTP2', 'GRPC'].includes(backendProtocolVersion))
    problems.add(
      f('backendProtocolVersion'),
      o.backendProtocolVersion,
      "must be 'HTTP1', 'HTTP2' or 'GRPC'",
      "use 'GRPC' for gRPC services",
    );
  if (backendProtocolVersion === 'GRPC' && https.length === 0) {
    problems.add(
      f('backendProtocolVersion'),
      backendProtocolVersion,
      'an ALB forwards gRPC only on HTTPS listeners',
      'add a certificate (HTTPS listener) or use another backend protocol version',
    );
  }
  return { backendProtocol, backendProtocolVersion };
}
