import { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from '../exposure/exposure';
import { wholeSeconds } from '../durations';
import type { ServicePortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import { findPort } from '../workload/port-resolution';
import { Problems } from '../problems';
import { resolveSchemeAndTargetType } from './scheme';
import { DEFAULT_SSL_POLICY } from './alb-ingress-options';
import { checkAwsAnnotations } from './lb-controller-annotations';
import {
  HealthCheck,
  HealthCheckNote,
  HealthCheckSpec,
  instanceTargetsHealthCheck,
  resolveTargetGroupHealthCheck,
} from './health-check';
import { awsStickinessCell, StickinessProps, StickinessSpec } from './stickiness';
import {
  NlbTargetGroupAttributeProps,
  NlbTargetGroupAttributesSpec,
  resolveTargetGroupAttributes,
} from './target-group-attributes';
import { awsLoadBalancerFronts } from './fronts';
import { uniquePorts } from '../dataplane/exposure-sources';
import { ExposureTraits, FrontSource, traits } from '../exposure/traits';
import { resolveLoadBalancerServiceCommon } from '../exposure/load-balancer-service-common';
import { podReadinessGateLabels, resolvePodReadinessGate } from './pod-readiness-gate';
import { IMPLEMENTATION_DEFAULTS } from '../exposure/implementation-defaults';

/** TLS termination at the NLB. */
export interface NlbTlsProps {
  /** ACM certificate ARNs (the first is the default certificate). */
  readonly certificateArns: readonly string[];
  /**
   * The Service ports (names or numbers) with TLS listeners.
   * @default every exposed port
   */
  readonly ports?: readonly PortRef[];
  /**
   * The TLS security policy.
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly policy?: string;
  /**
   * Why a TLS policy that allows TLS 1.2 without 1.3, or anything older than TLS 1.2, is needed (at least 10
   * characters). Required with such a policy, as every security opt-out.
   * @default none (a TLS 1.3 policy needs no reason)
   */
  readonly policyReason?: string;
  /**
   * ALPN policy of the TLS listeners (`HTTP2Only` for gRPC clients, which cannot fall back to HTTP/1.1).
   * @default none (the NLB does not negotiate ALPN)
   */
  readonly alpnPolicy?: NlbAlpnPolicy;
  /**
   * Re-encrypt to the pods ('ssl') or send plain TCP ('tcp').
   * @default 'tcp'
   */
  readonly backendProtocol?: 'ssl' | 'tcp';
}

/** A Service of type LoadBalancer served by an NLB of the AWS Load Balancer Controller, typed. */
export interface NlbServiceProps extends NlbTargetGroupAttributeProps {
  /**
   * Sticky sessions of the target group (`source_ip`, or `none` with a reason).
   * @default from the app's Service: source IP with \`sessionAffinity: 'ClientIP'\`, otherwise off
   */
  readonly stickiness?: StickinessProps;
  /**
   * The Service's name (a separate Service, so the app's ClusterIP Service stays as it is).
   * @default `<service name>-nlb`
   */
  readonly name?: string;
  /**
   * The app's Service ports (names or numbers) to expose.
   * @default every port of the app's Service
   */
  readonly ports?: readonly PortRef[];
  /**
   * Whether the NLB is reachable from the internet.
   * @default 'internal'
   */
  readonly scheme?: 'internal' | 'internet-facing';
  /**
   * `ip` registers pod IPs; `instance` goes through node ports.
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
   * IP address type.
   * @default 'ipv4'
   */
  readonly ipAddressType?: 'ipv4' | 'dualstack';
  /**
   * TLS listeners.
   * @default none (TCP listeners)
   */
  readonly tls?: NlbTlsProps;
  /**
   * The target group health check.
   * @default HealthCheck.fromReadiness()
   */
  readonly healthCheck?: HealthCheck;
  /**
   * Time a deregistered pod keeps its connections (0-3600 s).
   * @default the app's `traffic.deregistrationDelay`
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#deregistration-delay (`deregistration_delay.timeout_seconds`, 0-3600 s)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Idle timeout of TCP listeners (60-6000 s).
   * @default the app's `traffic.idleTimeout`, within 60-6000 s
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html (`tcp.idle_timeout.seconds`, 60-6000 s)
   */
  readonly idleTimeout?: Duration;
  /**
   * Client CIDRs allowed to connect (`spec.loadBalancerSourceRanges`).
   * @default anywhere (the controller's default)
   */
  readonly sourceRanges?: readonly string[];
  /**
   * `Local` keeps client IPs for instance targets and skips the extra hop.
   * @default Kubernetes' default ('Cluster'); not written
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Cross-zone load balancing.
   * @default not written (AWS default: off for NLB)
   */
  readonly crossZone?: boolean;
  /**
   * Deletion protection.
   * @default not written
   */
  readonly deletionProtection?: boolean;
  /**
   * Name of the NLB (at most 32 characters; only read when it is created).
   * @default generated by the controller
   */
  readonly loadBalancerName?: string;
  /**
   * Extra annotations (the escape hatch): keys under `service.beta.kubernetes.io/` must be documented
   * by the controller, not deprecated, and not written by a typed option.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Extra labels.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** TLS termination at the NLB, resolved. */
export interface NlbTlsSpec {
  /** ACM certificate ARNs (the first is the default certificate). */
  readonly certificateArns: readonly string[];
  /** The Service port numbers with TLS listeners, in the order given. */
  readonly ports: readonly number[];
  /** The TLS security policy. */
  readonly policy: string;
  /** ALPN policy of the TLS listeners, when one is negotiated. */
  readonly alpnPolicy?: NlbAlpnPolicy;
  /** Re-encrypt to the pods ('ssl') or send plain TCP ('tcp'), when given. */
  readonly backendProtocol?: 'ssl' | 'tcp';
}

/** The ALPN policies of an NLB TLS listener. */
export type NlbAlpnPolicy = 'HTTP1Only' | 'HTTP2Only' | 'HTTP2Optional' | 'HTTP2Preferred' | 'None';

/** A resolved NLB Service: typed values; the renderer writes the controller's annotations from them. */
export interface NlbServiceSpec extends ExposureSpec {
  readonly kind: 'service-lb';
  readonly name: string;
  readonly ports: readonly ServicePortSpec[];
  readonly scheme: 'internal' | 'internet-facing';
  readonly targetType: 'ip' | 'instance';
  readonly ipAddressType: 'ipv4' | 'dualstack';
  /** The NLB's name, when given (else the controller generates one). */
  readonly loadBalancerName?: string;
  /** TLS listeners, when any. */
  readonly tls?: NlbTlsSpec;
  /** Whether the namespace gets the controller's pod readiness gate label. */
  readonly podReadinessGate: boolean;
  readonly healthCheck: HealthCheckSpec;
  /** Idle timeout of the TCP listeners. */
  readonly tcpIdleTimeoutSeconds: number;
  readonly deregistrationDelaySeconds: number;
  /** Connection termination, client IP preservation, PROXY protocol v2 (the one AWS target group attribute model). */
  readonly targetGroupAttributes: NlbTargetGroupAttributesSpec;
  /** Sticky sessions (by source IP); absent: off. */
  readonly stickiness?: StickinessSpec;
  /** Cross-zone load balancing, when given (else the AWS default, off). */
  readonly crossZone?: boolean;
  /** Deletion protection, when given. */
  readonly deletionProtection?: boolean;
  readonly sourceRanges: readonly string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * The user's extra annotations as given (the escape hatch), checked against the controller's table; the
   * renderer checks them against the keys it writes.
   */
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** The LoadBalancerClass of the AWS Load Balancer Controller's NLBs. */
export const NLB_LOAD_BALANCER_CLASS = 'service.k8s.aws/nlb';

const CERT_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/;

/**
 * Exposes the app through a Service of type LoadBalancer that the AWS Load Balancer Controller turns into
 * an NLB (`loadBalancerClass: service.k8s.aws/nlb`, ip targets, health check from the readiness probe).
 *
 * ```ts
 * LoadBalancerServiceExposure.nlb({ scheme: 'internet-facing', tls: { certificateArns: ['arn:aws:acm:...'] } })
 * ```
 */
export class LoadBalancerServiceExposure implements IExposure {
  /**
   * An NLB in front of the app's pods.
   * @example
   * LoadBalancerServiceExposure.nlb({ scheme: 'internal', sourceRanges: ['10.0.0.0/8'] });
   */
  static nlb(props: NlbServiceProps = {}): LoadBalancerServiceExposure {
    return new LoadBalancerServiceExposure(props);
  }

  readonly kind = 'service-lb';

  private constructor(
    /** The settings. */
    public readonly props: NlbServiceProps,
  ) {}

  resolve(problems: Problems, field: string, workload: WorkloadSpec): NlbServiceSpec {
    const o = this.props;
    const f = (n: string) => `${field}.${n}`;
    const {
      name,
      ports,
      sourceRanges,
      externalTrafficPolicy: etp,
    } = resolveLoadBalancerServiceCommon(problems, field, workload, o, 'nlb');
    ports.forEach((sp, i) => {
      if (sp.protocol === 'SCTP')
        problems.add(`${f('ports')}[${i}]`, sp.port, 'an NLB does not forward SCTP', 'expose TCP or UDP ports only');
    });

    const { scheme, targetType, podReadinessGate, ipAddressType } = resolveNlbTargets(problems, f, o, workload);

    const { tls, tlsPorts } = resolveNlbTls(problems, f, o, ports);

    const derived = resolveTargetGroupHealthCheck(problems, f('healthCheck'), o.healthCheck, workload, {
      type: 'network',
      targetType,
    });
    const healthCheck =
      targetType === 'instance'
        ? instanceTargetsHealthCheck(derived, field, trafficPorts(ports), nodePorts(ports, workload))
        : derived;
    const hc = healthCheck;
    if (o.externalTrafficPolicy === 'Local' && hc.protocol === 'TCP' && targetType === 'instance') {
      problems.add(
        f('externalTrafficPolicy'),
        'Local',
        'with instance targets and Local traffic policy the controller documents that TCP health checks must not be used',
        'use an HTTP readiness probe, ip targets, or the Cluster policy',
      );
    }

    const { attrs, attrNotes } = nlbTargetGroupAttributes(problems, field, o, workload);
    const dereg = attrs.deregistrationDelaySeconds;
    const targetGroupAttributes = attrs.network!;
    checkUdpClientIp(problems, f('preserveClientIp'), o, ports);

    const idle = resolveNlbIdleTimeout(problems, f, o, workload, {
      ports,
      tlsPorts,
      sourceRanges,
      targetType,
      preserveClientIp: targetGroupAttributes.preserveClientIp,
    });

    // The keys the typed options write are checked by the renderer, which writes them (checkNlbServiceAnnotations).
    checkAwsAnnotations(problems, f('annotations'), o.annotations, 'service');
    const declared = nlbTraits(
      field,
      workload,
      o,
      { name, ports, sourceRanges, podReadinessGate, healthCheck, targetType, scheme },
      { preserveClientIp: targetGroupAttributes.preserveClientIp, idle, dereg, notes: attrNotes },
    );
    return {
      kind: 'service-lb',
      name,
      ports,
      scheme,
      targetType,
      ipAddressType,
      ...(o.loadBalancerName !== undefined ? { loadBalancerName: o.loadBalancerName } : {}),
      ...(tls ? { tls } : {}),
      podReadinessGate,
      healthCheck,
      tcpIdleTimeoutSeconds: idle,
      deregistrationDelaySeconds: dereg,
      targetGroupAttributes,
      ...(attrs.stickiness ? { stickiness: attrs.stickiness } : {}),
      ...(o.crossZone !== undefined ? { crossZone: o.crossZone } : {}),
      ...(o.deletionProtection !== undefined ? { deletionProtection: o.deletionProtection } : {}),
      sourceRanges,
      externalTrafficPolicy: etp,
      annotations: { ...(o.annotations ?? {}) },
      labels: { ...(o.labels ?? {}) },
      traits: declared,
    };
  }
}

/**
 * AWS keeps client IP preservation on for UDP (and TCP_UDP) target groups: `preserveClientIp: false` there fails.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
 */
function checkUdpClientIp(problems: Problems, field: string, o: NlbServiceProps, ports: readonly ServicePortSpec[]) {
  if (o.preserveClientIp === false && ports.some((sp) => sp.protocol === 'UDP'))
    problems.add(
      field,
      false,
      'AWS cannot turn client IP preservation off for UDP target groups (the controller fails to modify the target group)',
      'leave `preserveClientIp` out (it stays on for UDP), or expose only TCP ports on this NLB',
    );
}

/** The pod ports an NLB sends to (each Service port's target). */
function trafficPorts(ports: readonly ServicePortSpec[]): number[] {
  return ports.map((sp) => sp.target.port);
}

/** The Service ports whose node ports the nodes open for this app: the NLB Service's, then the app's NodePort Service's. */
function nodePorts(ports: readonly ServicePortSpec[], workload: WorkloadSpec): ServicePortSpec[] {
  return [...ports, ...(workload.service?.type === 'NodePort' ? workload.service.ports : [])];
}

/** The scheme, target type, pod readiness gate, IP address type and name. */
function resolveNlbTargets(problems: Problems, f: (n: string) => string, o: NlbServiceProps, workload: WorkloadSpec) {
  const { scheme, targetType } = resolveSchemeAndTargetType(problems, f, o, 'NLB');
  const podReadinessGate = resolvePodReadinessGate(
    problems,
    f('podReadinessGate'),
    workload.namespace,
    o.podReadinessGate,
    targetType === 'ip',
  );
  const ipAddressType = o.ipAddressType ?? 'ipv4';
  if (ipAddressType !== 'ipv4' && ipAddressType !== 'dualstack')
    problems.add(f('ipAddressType'), o.ipAddressType, "must be 'ipv4' or 'dualstack'", "use 'ipv4'");

  if (
    o.loadBalancerName !== undefined &&
    (!/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(o.loadBalancerName) || o.loadBalancerName.length > 32)
  ) {
    problems.add(f('loadBalancerName'), o.loadBalancerName, 'must be at most 32 letters, digits and "-"', 'shorten it');
  }
  return { scheme, targetType, podReadinessGate, ipAddressType };
}

/** The TLS listeners: certificates, the ports they serve (TCP only), the policy and the backend protocol. */
function resolveNlbTls(
  problems: Problems,
  f: (n: string) => string,
  o: NlbServiceProps,
  ports: readonly ServicePortSpec[],
): { tls: NlbTlsSpec | undefined; tlsPorts: Set<number> } {
  const tlsPorts = new Set<number>();
  let tls: NlbTlsSpec | undefined;
  if (o.tls) {
    const tf = (n: string) => `${f('tls')}.${n}`;
    const arns = o.tls.certificateArns ?? [];
    if (arns.length === 0)
      problems.add(
        tf('certificateArns'),
        arns,
        'TLS without a certificate: no certificate ARN is given',
        'give at least one ACM certificate ARN, or remove `tls`',
      );
    arns.forEach((c, i) => {
      if (!CERT_ARN.test(c))
        problems.add(
          `${tf('certificateArns')}[${i}]`,
          c,
          'is not an ACM certificate ARN',
          'use an ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/...',
        );
    });
    (o.tls.ports ?? ports.map((p) => p.port)).forEach((r, i) => {
      const sp = findPort(ports, r);
      if (!sp)
        problems.add(
          `${tf('ports')}[${i}]`,
          r,
          'is not one of the ports this NLB exposes',
          'name an exposed Service port',
        );
      else tlsPorts.add(sp.port);
    });
    const policy = o.tls.policy ?? DEFAULT_SSL_POLICY;
    if (!/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(policy))
      problems.add(
        tf('policy'),
        o.tls.policy,
        'is not an ELB security policy name',
        `use e.g. "${DEFAULT_SSL_POLICY}"`,
      );
    if (o.tls.backendProtocol !== undefined && o.tls.backendProtocol !== 'ssl' && o.tls.backendProtocol !== 'tcp')
      problems.add(tf('backendProtocol'), o.tls.backendProtocol, "must be 'ssl' or 'tcp'", "use 'tcp'");
    tls = {
      certificateArns: [...arns],
      ports: [...tlsPorts],
      policy,
      ...(o.tls.alpnPolicy !== undefined ? { alpnPolicy: o.tls.alpnPolicy } : {}),
      ...(o.tls.backendProtocol !== undefined ? { backendProtocol: o.tls.backendProtocol } : {}),
    };
    for (const sp of ports) {
      if (tlsPorts.has(sp.port) && sp.protocol === 'UDP')
        problems.add(
          f('tls.ports'),
          sp.port,
          'a UDP port cannot have a TLS listener',
          'list only TCP ports in `tls.ports`',
        );
    }
  }
  return { tls, tlsPorts };
}

/** The traits: the NLB and its health checks in front of the pods (the clients too when it keeps their addresses). */
function nlbTraits(
  field: string,
  workload: WorkloadSpec,
  o: NlbServiceProps,
  s: Pick<
    NlbServiceSpec,
    'name' | 'ports' | 'sourceRanges' | 'podReadinessGate' | 'healthCheck' | 'targetType' | 'scheme'
  >,
  a: {
    readonly preserveClientIp?: boolean;
    readonly idle: number;
    readonly dereg: number;
    readonly notes: readonly HealthCheckNote[];
  },
): ExposureTraits {
  const { name, ports, sourceRanges, podReadinessGate, healthCheck, targetType } = s;
  // ip targets see the NLB's addresses unless client IP preservation is on; instance targets keep client IPs.
  const preserve = targetType === 'instance' || a.preserveClientIp === true;
  const clients: FrontSource =
    sourceRanges.length > 0
      ? { kind: 'peer', peer: { kind: 'cidrs', cidrs: sourceRanges } }
      : { kind: 'peer', peer: { kind: 'entities', entities: ['world'] } };
  const podPorts = uniquePorts(ports.map((sp) => ({ port: sp.target.port, protocol: sp.target.protocol })));
  const declared = traits({
    label: `NLB Service "${name}"`,
    implementationDefaults: IMPLEMENTATION_DEFAULTS.awsNlb,
    reach: s.scheme === 'internal' ? 'internal' : 'internet',
    hosts: [],
    loadBalancerTargetsPods: true,
    support: { stickiness: awsStickinessCell('network', `NLB Service "${name}"`) },
    objects: [
      {
        kind: 'Service',
        namespace: workload.namespace,
        name,
        field: `${field}.name`,
        fix: 'give the exposure its own `name`',
      },
    ],
    loadBalancerService: { name, labels: { ...(o.labels ?? {}) } },
    namespaceLabels: podReadinessGateLabels(podReadinessGate),
    fronts: awsLoadBalancerFronts(
      `${field} LoadBalancer Service "${name}"`,
      podPorts,
      healthCheck,
      targetType,
      preserve ? clients : undefined,
    ),
    settings: [
      { field: `${field}.tcpIdleTimeoutSeconds`, name: 'idleTimeoutSeconds', value: a.idle },
      { field: `${field}.deregistrationDelaySeconds`, name: 'deregistrationDelaySeconds', value: a.dereg },
    ],
    notes: [...healthCheck.notes, ...a.notes],
  });
  return declared;
}

/** The TCP listeners' idle timeout (from the traffic policy), and source ranges the controller would ignore. */
function resolveNlbIdleTimeout(
  problems: Problems,
  f: (n: string) => string,
  o: NlbServiceProps,
  workload: WorkloadSpec,
  c: {
    readonly ports: readonly ServicePortSpec[];
    readonly tlsPorts: ReadonlySet<number>;
    readonly sourceRanges: readonly string[];
    readonly targetType: string;
    readonly preserveClientIp?: boolean;
  },
): number {
  const { ports, tlsPorts, sourceRanges, targetType } = c;
  const t = workload.traffic;
  const idleDefault = Math.min(6000, Math.max(60, t.idleTimeoutSeconds));
  const idle = wholeSeconds(problems, f('idleTimeout'), o.idleTimeout, idleDefault, {
    min: 60,
    max: 6000,
    fix: 'use 60 to 6000 s (the NLB range for TCP listeners)',
  });
  if (o.idleTimeout !== undefined && !ports.some((sp) => sp.protocol === 'TCP' && !tlsPorts.has(sp.port))) {
    problems.add(
      f('idleTimeout'),
      o.idleTimeout,
      'the NLB idle timeout applies to TCP listeners only, and this NLB has none',
      'remove `idleTimeout`',
    );
  }

  if (sourceRanges.length > 0 && targetType === 'ip' && c.preserveClientIp === false) {
    problems.add(
      f('sourceRanges'),
      sourceRanges,
      'the controller ignores source ranges when client IP preservation is off',
      'set `preserveClientIp: true` or remove `sourceRanges`',
    );
  }
  return idle;
}

/** The NLB target group's attributes (the one AWS target group attribute model), with their notes. */
function nlbTargetGroupAttributes(problems: Problems, field: string, o: NlbServiceProps, workload: WorkloadSpec) {
  const attrNotes: HealthCheckNote[] = [];
  const attrs = resolveTargetGroupAttributes(
    problems,
    field,
    {
      deregistrationDelay: o.deregistrationDelay,
      connectionTermination: o.connectionTermination,
      preserveClientIp: o.preserveClientIp,
      proxyProtocolV2: o.proxyProtocolV2,
      stickiness: o.stickiness,
    },
    workload.traffic,
    'network',
    attrNotes,
    workload.service,
  );
  return { attrs, attrNotes };
}

/** @deprecated Renamed `NlbServiceSpec` (the AWS NLB; `CloudLoadBalancerServiceSpec` is the cloud-neutral one). */
export type LoadBalancerServiceSpec = NlbServiceSpec;
