import { Duration } from 'cdk8s';
import { checkCidr } from '../ip';
import type { WorkloadSpec } from '../app-spec';
import { wholeSeconds } from '../durations';
import type { ExposureSpec, IExposure } from '../exposure/exposure';
import type { ServicePortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import { resolvePort } from '../workload/port-resolution';
import { versionBackends } from '../exposure/service-backend';
import { Problems } from '../problems';
import { DEFAULT_SSL_POLICY } from './alb-ingress-options';
import { AWS_LB_NAME_MAX, awsName, checkAwsName } from './names';
import { Certificate, CertificateSpec } from './certificate';
import { HealthCheck } from './health-check';
import { HealthCheckSpec, HealthCheckNote, resolveTargetGroupHealthCheck } from './health-check';
import { awsStickinessCell, StickinessProps, StickinessSpec } from './stickiness';
import {
  NlbTargetGroupAttributeProps,
  NlbTargetGroupAttributesSpec,
  ALB_BALANCING,
  resolveTargetGroupAttributes,
} from './target-group-attributes';
import { ALB_FORWARD_SPLIT } from './forward-weights';
import { awsLoadBalancerFronts } from './fronts';
import { uniquePorts } from '../dataplane/exposure-sources';
import { TARGET_FEATURES } from '../targets/target-table';
import type { PolicyPortSpec } from '../dataplane/dataplane-spec';
import { ExposureTraits, LayerSetting, traits } from '../exposure/traits';
import { REFUSED_SETTING } from '../traffic/layer-support';
import { podReadinessGateLabels, resolvePodReadinessGate } from './pod-readiness-gate';
import { isTerraformReference } from './reference';
import { backendProtocolFor, backendProtocolOf } from '../traffic/backend-protocol';
import type { BackendProtocol } from '../traffic/policy';
import { albCanaryHeader } from './canary-header';
import { IMPLEMENTATION_DEFAULTS } from '../exposure/implementation-defaults';
import { exactList, mapList } from '../lists';

/** The `kind` of a resolved Terraform-managed load balancer exposure. */
export const TERRAFORM_LB_KIND = 'terraform-lb';

/**
 * The ALPN policy of a TLS listener of a network load balancer: which application protocols it offers
 * in the TLS handshake. `HTTP2Only` is what gRPC clients need (they require h2 by ALPN); `None` offers none.
 */
export type AlpnPolicy = 'HTTP1Only' | 'HTTP2Only' | 'HTTP2Optional' | 'HTTP2Preferred' | 'None';
/** Every ALPN policy a TLS listener accepts. */
export const ALPN_POLICIES: readonly AlpnPolicy[] = [
  'HTTP1Only',
  'HTTP2Only',
  'HTTP2Optional',
  'HTTP2Preferred',
  'None',
];
/** The ALPN policies that offer HTTP/2. */
export const ALPN_OFFERS_H2: readonly AlpnPolicy[] = ['HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred'];

/** Options shared by application and network load balancers. */
export interface TerraformLoadBalancerCommonProps {
  /**
   * Sticky sessions of the target groups: `lb_cookie` or `app_cookie` on an ALB, `source_ip` on an NLB.
   * @default from the app's Service: with \`sessionAffinity: 'ClientIP'\` source IP on an NLB, the ALB's own
   * cookie for the affinity's timeout on an ALB; otherwise off
   */
  readonly stickiness?: StickinessProps;
  /**
   * The load balancer's name (at most 32 characters). Exposures of several apps that give the same
   * name share one load balancer (their listener settings must agree).
   * @default derived from the namespace and the app's name, e.g. `shop-web`
   */
  readonly loadBalancerName?: string;
  /**
   * The base of the target group names (at most 32 characters with the version suffix).
   *
   * Target group names are fixed, because the TargetGroupBindings name them. AWS cannot change a target
   * group's port, protocol, protocol version, target type or VPC, so changing the pod port, the backend
   * protocol (`traffic.backendProtocol`, the port's appProtocol, `protocolVersion`) or the VPC makes
   * Terraform replace the group, and a second group of the same name cannot exist: the apply fails
   * (nothing is changed). Make such a change together with a new `targetGroupName` (e.g. `shop-web-80-b`):
   * Terraform creates the new group, moves the listener to it and deletes the old one
   * (`create_before_destroy`), and the chart's TargetGroupBinding follows the new name. The new group
   * starts empty until the controller registers the pods, so apply the chart right after Terraform,
   * at a quiet time.
   * @default derived from the namespace, the app's name and the Service port, e.g. `shop-web-80`
   */
  readonly targetGroupName?: string;
  /**
   * An internal load balancer (private subnets) instead of an internet-facing one.
   * @default false
   */
  readonly internal?: boolean;
  /**
   * The Service port to send traffic to, by name or number. The target group sends to the pod port it targets.
   * @default the Service's first port
   */
  readonly port?: PortRef;
  /**
   * The client CIDR blocks allowed to reach the listener ports (IPv4 or IPv6), or cdktf references to IPv4
   * blocks (`vpc.cidrBlock`: a reference is written as an IPv4 rule).
   * @default ['0.0.0.0/0'] for an internet-facing load balancer; required for an internal one
   */
  readonly allowFrom?: readonly string[];
  /**
   * The TLS certificate (required for HTTPS and TLS listeners).
   * @default none
   */
  readonly certificate?: Certificate;
  /**
   * The TLS policy of HTTPS and TLS listeners.
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
   * The target groups' health check: `HealthCheck.override({ ..., reason })` replaces the one derived
   * from the readiness probe (for an exec probe, or timings AWS cannot express).
   * @default HealthCheck.fromReadiness()
   */
  readonly healthCheck?: HealthCheck;
  /**
   * Deletion protection of the load balancer.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * Access logs to an S3 bucket.
   * @default none
   */
  readonly accessLogs?: { readonly bucket: string; readonly prefix?: string };
  /**
   * An existing security group for the load balancer (e.g. managed in another Terraform state), given
   * as a plain id. The stack then adds its rules to that group instead of creating one, and every
   * TargetGroupBinding gets `networking.ingress` from it, so the AWS Load Balancer Controller opens the
   * pods' security group on the target port. Without it the stack creates the group and writes the
   * pod-side rule itself (the id is not known before apply, so it cannot reach a manifest).
   * @default a security group created by the stack
   */
  readonly securityGroupId?: string;
  /**
   * Label the namespace so the AWS Load Balancer Controller injects pod readiness gates: a rolling
   * update then waits until new pods are healthy in the target group. Not possible in `default`.
   * @default true
   */
  readonly podReadinessGate?: boolean;
  /**
   * Route 53 alias records for the hosts, in the stack's hosted zone.
   * @default true when `hosts` are given
   */
  readonly dnsRecords?: boolean;
}

/** An application load balancer (HTTP/HTTPS, host and path rules). */
export interface TerraformAlbProps extends TerraformLoadBalancerCommonProps {
  /**
   * Host names routed to the app (a listener rule per host). Without hosts and paths the app is the
   * listener's default action.
   * @default none
   */
  readonly hosts?: readonly string[];
  /**
   * Path patterns routed to the app (at most 4 per rule with a host, 5 without), e.g. `/api/*`.
   * @default none (every path)
   */
  readonly paths?: readonly string[];
  /**
   * HTTPS on 443 with HTTP on 80 redirecting to it. `false` serves plain HTTP on 80: say why in `plainHttpReason`.
   * @default true
   */
  readonly https?: boolean;
  /**
   * Why the load balancer serves plain HTTP (required with `https: false`).
   * @default none
   */
  readonly plainHttpReason?: string;
  /**
   * The target group's protocol version: 'HTTP2' or 'GRPC' for h2c/gRPC pods (they need HTTPS).
   * @default from `traffic.backendProtocol` (grpc -> 'GRPC', http2 -> 'HTTP2'), else from the exposed Service
   * port's appProtocol (grpc -> 'GRPC'; kubernetes.io/h2c, h2c, http2 -> 'HTTP2'), else 'HTTP1': the same
   * derivation as the ALB Ingress and the mesh (`backendProtocolOf`)
   */
  readonly protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  /**
   * How long an idle client keeps its connection to the load balancer (60-604800 s).
   * @default Duration.seconds(3600) (the AWS default)
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#client-keep-alive-duration (60-604800 s)
   * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb (`aws_lb.client_keep_alive`)
   */
  readonly clientKeepAlive?: Duration;
}

/**
 * A network load balancer (TCP or TLS). Its target group takes the NLB Service's attributes
 * (`connectionTermination`, `preserveClientIp`, `proxyProtocolV2`), with the same defaults and checks.
 */
export interface TerraformNlbProps extends TerraformLoadBalancerCommonProps, NlbTargetGroupAttributeProps {
  /**
   * The listener port.
   * Range: 1-65535.
   * @default the Service port
   * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener (`aws_lb_listener.port`, 1-65535)
   */
  readonly listenerPort?: number;
  /**
   * Terminate TLS at the load balancer (needs `certificate`).
   * @default true when a certificate is given
   */
  readonly tls?: boolean;
  /**
   * The ALPN policy of the TLS listener: the application protocols it offers in the TLS handshake.
   * gRPC clients require HTTP/2 by ALPN; with `None` or `HTTP1Only` their handshake fails (rule CT-TRAFFIC-044).
   * @default 'HTTP2Only' in front of gRPC or HTTP/2 backends (`traffic.backendProtocol`, else the exposed
   * Service port's appProtocol), else none (the listener negotiates no ALPN)
   */
  readonly alpnPolicy?: AlpnPolicy;
  /**
   * Idle timeout of TCP connections (60-6000 s).
   * @default the traffic policy's idle timeout, at least 60 s
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html (60-6000 s)
   * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener (`aws_lb_listener.tcp_idle_timeout_seconds`)
   */
  readonly tcpIdleTimeout?: Duration;
  /**
   * Cross-zone load balancing (always on for ALBs).
   * @default true
   */
  readonly crossZone?: boolean;
}

/** One target group: one Service port of one version. */
export interface TerraformTargetGroupSpec {
  /** The AWS name, also the TargetGroupBinding's `targetGroupName`. */
  readonly name: string;
  /** The pod port targets register on. */
  readonly port: number;
  readonly protocol: 'HTTP' | 'TCP';
  /** ALB only. */
  readonly protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  /** The version label value, when the app has versions. */
  readonly version?: string;
  /**
   * Percent of traffic, 0-100: the version's declared share (`versions[].weight`, e.g. 0.5; 100 for a
   * single-version app). The Terraform stack writes the ALB forward action's integer weights from the shares
   * of the exposure's target groups (`writtenWeights` within `ALB_FORWARD_SPLIT`: 0.5 -> 995/5).
   */
  readonly share: number;
  /** The Service the TargetGroupBinding points at (the version's Service when there are several versions). */
  readonly serviceName: string;
  /** The Service port (number) the TargetGroupBinding points at. */
  readonly servicePort: number;
  readonly healthCheck: HealthCheckSpec;
  readonly deregistrationDelaySeconds: number;
  /** ALB only; 0 disables slow start. */
  readonly slowStartSeconds: number;
  /** ALB only. */
  readonly algorithm?: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  /** Sticky sessions; absent: off. */
  readonly stickiness?: StickinessSpec;
  /** NLB only: connection termination, client IP preservation, PROXY protocol v2 (the one AWS target group attribute model). */
  readonly network?: NlbTargetGroupAttributesSpec;
}

/** The resolved exposure: everything the Terraform stack and the TargetGroupBinding renderer need. */
export interface TerraformLoadBalancerSpec extends ExposureSpec {
  readonly kind: typeof TERRAFORM_LB_KIND;
  /** The problem field of this exposure, e.g. `expose[1]`. */
  readonly field: string;
  readonly loadBalancerName: string;
  /** True when the user named the load balancer (sharing is then intended). */
  readonly nameExplicit: boolean;
  readonly type: 'application' | 'network';
  readonly internal: boolean;
  readonly allowFrom: readonly string[];
  /** ALB: HTTPS 443 + redirect on 80, or plain HTTP 80. NLB: TCP or TLS on `listenerPort`. */
  readonly listenerProtocol: 'HTTPS' | 'HTTP' | 'TCP' | 'TLS';
  readonly listenerPort: number;
  /** ALB with HTTPS: an HTTP listener on 80 redirecting to 443. */
  readonly redirectHttp: boolean;
  readonly sslPolicy: string;
  readonly certificate?: CertificateSpec;
  readonly hosts: readonly string[];
  readonly paths: readonly string[];
  readonly dnsRecords: boolean;
  /** ALB idle timeout. */
  readonly idleTimeoutSeconds: number;
  readonly clientKeepAliveSeconds?: number;
  /** NLB TLS listener: the ALPN policy, when it negotiates one. */
  readonly alpnPolicy?: AlpnPolicy;
  /** NLB TCP idle timeout. */
  readonly tcpIdleTimeoutSeconds?: number;
  readonly crossZone: boolean;
  readonly deletionProtection: boolean;
  readonly accessLogs?: { readonly bucket: string; readonly prefix?: string };
  readonly securityGroupId?: string;
  readonly podReadinessGate: boolean;
  /** One per version (stable first). */
  readonly targetGroups: readonly TerraformTargetGroupSpec[];
  /** Adjustments worth a warning (clamped values, settings a network load balancer ignores), printed by `LoadBalancerStack`. */
  readonly notes: readonly HealthCheckNote[];
}

type Props = TerraformAlbProps & TerraformNlbProps;

const SG_ID = /^sg-[0-9a-f]{8,17}$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
/**
 * The client blocks of an internet-facing load balancer without `allowFrom`: one frozen list shared by every such
 * exposure, so the plan's check that a shared load balancer's exposures agree finds them equal without JSON.
 */
const OPEN_TO_ALL: readonly string[] = Object.freeze(['0.0.0.0/0']);
/** The protocol versions an ALB target group takes. */
const TARGET_GROUP_PROTOCOL_VERSIONS: readonly string[] = Object.freeze(['HTTP1', 'HTTP2', 'GRPC']);
/** Target group protocol versions by backend protocol (as the ALB Ingress writes them). */
const PROTOCOL_VERSIONS = { http1: 'HTTP1', http2: 'HTTP2', grpc: 'GRPC' } as const;

/**
 * A load balancer managed by Terraform (cdktf, `LoadBalancerStack`) and joined to the pods by
 * TargetGroupBindings (`TrafficChart`): one exposure, two outputs, consistent by construction.
 *
 * ```ts
 * expose: [TerraformLoadBalancer.alb({ hosts: ['www.example.com'], certificate: Certificate.dnsValidated() })]
 * ```
 */
export class TerraformLoadBalancer implements IExposure {
  /**
   * An application load balancer: HTTPS (TLS 1.3 policy) with HTTP redirecting to it, host and path rules.
   * @example
   * TerraformLoadBalancer.alb({ loadBalancerName: 'public-web', hosts: ['www.example.com'], certificate: Certificate.dnsValidated() });
   */
  static alb(props: TerraformAlbProps = {}): TerraformLoadBalancer {
    return new TerraformLoadBalancer('application', props);
  }

  /**
   * A network load balancer: a TCP (or TLS) listener.
   * @example
   * TerraformLoadBalancer.nlb(); // an NLB in Terraform, to the Service's TCP ports
   */
  static nlb(props: TerraformNlbProps = {}): TerraformLoadBalancer {
    return new TerraformLoadBalancer('network', props);
  }

  readonly kind = TERRAFORM_LB_KIND;

  private constructor(
    /** Application or network load balancer. */
    public readonly type: 'application' | 'network',
    /** The options as given. */
    public readonly props: TerraformAlbProps | TerraformNlbProps,
  ) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): TerraformLoadBalancerSpec {
    return resolveTerraformLb(problems, field, w, this.type, this.props as Props);
  }
}

/** What every step of the resolution reads. */
interface Ctx {
  readonly problems: Problems;
  readonly field: string;
  readonly f: (k: string) => string;
  readonly w: WorkloadSpec;
  readonly p: Props;
  readonly alb: boolean;
}

function resolveTerraformLb(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  type: 'application' | 'network',
  p: Props,
): TerraformLoadBalancerSpec {
  const c: Ctx = { problems, field, f: (k: string) => `${field}.${k}`, w, p, alb: type === 'application' };
  const notes: HealthCheckNote[] = [];
  const nameExplicit = p.loadBalancerName !== undefined;
  const base = w.namespace === 'default' ? [w.name] : [w.namespace, w.name];
  const loadBalancerName = p.loadBalancerName ?? awsName(base);
  if (nameExplicit) checkAwsName(problems, c.f('loadBalancerName'), p.loadBalancerName!, 'load balancer');
  const servicePort = exposedServicePort(c);
  const podPort = servicePort?.target.port ?? 0;
  const listener = resolveListener(c, servicePort);
  const clients = resolveClients(c, listener.hosts);
  const timeouts = resolveTimeouts(c, notes);
  const backendProtocol = exposedBackendProtocol(w, servicePort);
  const alpnPolicy = resolveAlpn(c, listener.tls, backendProtocol);
  const protocolVersion = resolveProtocolVersion(c, listener.https, backendProtocol);
  const hcTarget = { type, protocolVersion, targetPort: podPort };
  const healthCheck = resolveTargetGroupHealthCheck(problems, c.f('healthCheck'), p.healthCheck, w, hcTarget);
  const attrs = resolveTargetGroupAttributes(
    problems,
    field,
    {
      connectionTermination: p.connectionTermination,
      preserveClientIp: p.preserveClientIp,
      proxyProtocolV2: p.proxyProtocolV2,
      stickiness: p.stickiness,
    },
    w.traffic,
    type,
    notes,
    w.service,
  );
  const clientPeers = preservedClients(c, attrs.network, clients.allowFrom);
  if (c.alb) albCanaryHeader(problems, w);
  const targetGroups = resolveTargetGroups(c, base, servicePort, { protocolVersion, healthCheck, attrs });
  for (const n of healthCheck.notes) notes.push(n);

  // A preStop drain is required of every app behind a load balancer (CT-TRAFFIC-042).
  // The grace period covering the deregistration delay is checked in the model (CT-K8S-003), for every exposure.

  // One literal with every property, `traits` last, filled in below: a copy with a spread first (`{ ...spec, traits }`)
  // would get a hidden class of its own for every app in optimized code (docs/development.md, Benchmark).
  const spec: Omit<TerraformLoadBalancerSpec, 'traits'> & { traits?: ExposureTraits } = {
    kind: TERRAFORM_LB_KIND,
    name: loadBalancerName,
    field,
    loadBalancerName,
    nameExplicit,
    type,
    internal: clients.internal,
    allowFrom: clients.allowFrom,
    listenerProtocol: listener.listenerProtocol,
    listenerPort: listener.listenerPort,
    redirectHttp: c.alb && listener.https,
    sslPolicy: listener.sslPolicy,
    certificate: listener.certificate,
    hosts: listener.hosts,
    paths: listener.paths,
    dnsRecords: p.dnsRecords ?? listener.hosts.length > 0,
    idleTimeoutSeconds: timeouts.idleTimeoutSeconds,
    clientKeepAliveSeconds: timeouts.clientKeepAliveSeconds,
    tcpIdleTimeoutSeconds: timeouts.tcpIdleTimeoutSeconds,
    alpnPolicy,
    crossZone: c.alb ? true : (p.crossZone ?? true),
    deletionProtection: p.deletionProtection ?? false,
    accessLogs: p.accessLogs,
    securityGroupId: p.securityGroupId,
    podReadinessGate: clients.podReadinessGate,
    targetGroups,
    notes,
    traits: undefined,
  };
  spec.traits = terraformLbTraits(c, spec, healthCheck, clientPeers);
  return spec as TerraformLoadBalancerSpec;
}

/** The Service port the load balancer sends to: `port`, or the first. */
function exposedServicePort({ problems, field, f, w, p }: Ctx): ServicePortSpec | undefined {
  let servicePort = w.service?.ports[0];
  if (!w.service) {
    problems.add(
      field,
      'service: false',
      "a load balancer sends to the app's Service ports, and the app has no Service",
      'remove `service: false`',
    );
  } else if (p.port !== undefined) {
    servicePort = resolvePort(w, p.port, 'service')?.service;
    if (!servicePort) {
      problems.add(
        f('port'),
        p.port,
        `is not a port of the Service (ports: ${w.service.ports.map((sp) => sp.name ?? sp.port).join(', ')})`,
        'name one of the Service ports, or leave `port` out for the first',
      );
    }
  }
  if (servicePort && servicePort.protocol !== 'TCP') {
    problems.add(
      f('port'),
      servicePort.protocol,
      'the Terraform load balancer exposures support TCP ports only',
      'expose a TCP port',
    );
  }
  return servicePort;
}

/** The backend protocol of the Service port this exposure sends to (the shared derivation, on that port only). */
function exposedBackendProtocol(w: WorkloadSpec, servicePort: ServicePortSpec | undefined): BackendProtocol {
  // The port itself, not a one-port copy of the Service and container built per app for `backendProtocolOf`.
  return servicePort && w.service
    ? backendProtocolFor(w.traffic, servicePort.appProtocol ?? servicePort.target.appProtocol)
    : backendProtocolOf(w);
}

/** The listener: protocol, port, hosts and paths, certificate and TLS policy. */
function resolveListener(c: Ctx, servicePort: ServicePortSpec | undefined) {
  const { problems, f, p, alb } = c;
  const https = alb ? (p.https ?? true) : false;
  if (alb && p.https === false && (typeof p.plainHttpReason !== 'string' || p.plainHttpReason.trim().length < 10)) {
    problems.add(
      f('https'),
      false,
      'plain HTTP sends requests and cookies unencrypted; opting out of HTTPS needs a reason',
      'remove `https: false` and give a certificate, or set `plainHttpReason: "..."`',
    );
  }
  const tls = !alb && (p.tls ?? p.certificate !== undefined);
  const listenerProtocol: TerraformLoadBalancerSpec['listenerProtocol'] = alb
    ? https
      ? 'HTTPS'
      : 'HTTP'
    : tls
      ? 'TLS'
      : 'TCP';
  const listenerPort = alb ? (https ? 443 : 80) : (p.listenerPort ?? servicePort?.port ?? 0);
  if (
    !alb &&
    p.listenerPort !== undefined &&
    (!Number.isInteger(p.listenerPort) || p.listenerPort < 1 || p.listenerPort > 65535)
  ) {
    problems.add(f('listenerPort'), p.listenerPort, 'must be a port number from 1 to 65535', 'use e.g. 443');
  }
  const { hosts, paths } = resolveHostsAndPaths(c);
  const certificate = resolveListenerCertificate(c, listenerProtocol, hosts);
  const sslPolicy = p.sslPolicy ?? DEFAULT_SSL_POLICY;
  if (p.sslPolicy !== undefined && !/^ELBSecurityPolicy-[A-Za-z0-9-]+$/.test(p.sslPolicy)) {
    problems.add(
      f('sslPolicy'),
      p.sslPolicy,
      'is not an ELB security policy name',
      `use "${DEFAULT_SSL_POLICY}" (the default) or another ELBSecurityPolicy-*`,
    );
  }
  return { https, tls, listenerProtocol, listenerPort, hosts, paths, certificate, sslPolicy };
}

/** The ALB rule's hosts and paths, checked against what an ALB rule takes. */
function resolveHostsAndPaths({ problems, f, p, alb }: Ctx): { hosts: string[]; paths: string[] } {
  const hosts = alb ? [...(p.hosts ?? [])] : [];
  const paths = alb ? [...(p.paths ?? [])] : [];
  // Loops, no closures: once per app.
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i];
    if (typeof h !== 'string' || !HOST.test(h) || h.length > 128)
      problems.add(
        f(`hosts[${i}]`),
        h,
        'is not a host name (lower-case DNS name, optionally starting with "*.", at most 128 characters)',
        'use a name such as "www.example.com"',
      );
  }
  if (hosts.length > 1 && new Set(hosts).size !== hosts.length)
    problems.add(f('hosts'), hosts, 'lists a host twice', 'list each host once');
  for (let i = 0; i < paths.length; i++) {
    const pa = paths[i];
    if (
      typeof pa !== 'string' ||
      !pa.startsWith('/') ||
      pa.length > 128 ||
      !/^[A-Za-z0-9_\-.$/~"'@:+*?&=]*$/.test(pa)
    ) {
      problems.add(
        f(`paths[${i}]`),
        pa,
        'is not an ALB path pattern (starts with "/", at most 128 characters, "*" and "?" as wildcards)',
        'use a pattern such as "/api/*"',
      );
    }
  }
  const maxPaths = hosts.length > 0 ? 4 : 5;
  if (paths.length > maxPaths) {
    problems.add(
      f('paths'),
      paths,
      `an ALB rule evaluates at most 5 conditions values, so at most ${maxPaths} paths fit${hosts.length > 0 ? ' next to a host' : ''}`,
      'merge paths with wildcards, e.g. "/api/*"',
    );
  }
  return { hosts, paths };
}

/** The certificate of an HTTPS or TLS listener (and none of the others). */
function resolveListenerCertificate(
  { problems, f, p, alb }: Ctx,
  listenerProtocol: string,
  hosts: readonly string[],
): CertificateSpec | undefined {
  const needsCert = listenerProtocol === 'HTTPS' || listenerProtocol === 'TLS';
  if (needsCert && !p.certificate) {
    problems.add(
      f('certificate'),
      undefined,
      `the ${listenerProtocol} listener needs a certificate`,
      alb
        ? 'give `certificate: Certificate.fromArn("arn:aws:acm:...")` or `Certificate.dnsValidated()`; plain HTTP needs `https: false` with a reason'
        : 'give `certificate: Certificate.fromArn("arn:aws:acm:...")`, or set `tls: false` for a TCP listener',
    );
  } else if (p.certificate) {
    if (!(p.certificate instanceof Certificate))
      problems.add(
        f('certificate'),
        p.certificate,
        'is not a Certificate',
        'use Certificate.fromArn(...) or Certificate.dnsValidated()',
      );
    else if (!needsCert)
      problems.add(
        f('certificate'),
        p.certificate.spec,
        `a ${listenerProtocol} listener does not use a certificate`,
        alb ? 'remove `https: false` or the certificate' : 'remove `tls: false` or the certificate',
      );
    else return p.certificate.resolve(problems, f('certificate'), hosts);
  }
  return undefined;
}

/** Who may connect (internal, client CIDRs, security group), the pod readiness gate, DNS and access logs. */
function resolveClients({ problems, f, w, p }: Ctx, hosts: readonly string[]) {
  const internal = p.internal ?? false;
  let allowFrom: readonly string[] = p.allowFrom ? [...p.allowFrom] : internal ? [] : OPEN_TO_ALL;
  if (internal && p.allowFrom === undefined) {
    problems.add(
      f('allowFrom'),
      undefined,
      'an internal load balancer needs the client CIDR blocks it serves (nothing is open by default)',
      'list them, e.g. `allowFrom: ["10.0.0.0/16"]`',
    );
  }
  // The blocks given (the default, 0.0.0.0/0, is a block).
  for (let i = 0; i < (p.allowFrom?.length ?? 0); i++) {
    const c = p.allowFrom![i];
    if (!isTerraformReference(c)) checkCidr(problems, f(`allowFrom[${i}]`), c, '10.0.0.0/16');
  }
  if (p.allowFrom && p.allowFrom.length === 0)
    problems.add(f('allowFrom'), [], 'no client could reach the load balancer', 'list at least one CIDR block');
  // One block (the default) has no repeats: no set for it.
  if (allowFrom.length > 1) allowFrom = [...new Set(allowFrom)];
  if (p.securityGroupId !== undefined && !SG_ID.test(p.securityGroupId)) {
    problems.add(
      f('securityGroupId'),
      p.securityGroupId,
      'is not a security group id',
      'use an id such as "sg-0123456789abcdef0", or leave it out to let the stack create the group',
    );
  }
  const podReadinessGate = resolvePodReadinessGate(
    problems,
    f('podReadinessGate'),
    w.namespace,
    p.podReadinessGate,
    true,
  );
  if (p.dnsRecords && hosts.length === 0)
    problems.add(
      f('dnsRecords'),
      true,
      'there are no hosts to write records for',
      'add `hosts`, or remove `dnsRecords`',
    );
  if (
    p.accessLogs &&
    (typeof p.accessLogs.bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(p.accessLogs.bucket))
  ) {
    problems.add(
      f('accessLogs.bucket'),
      p.accessLogs.bucket,
      'is not an S3 bucket name',
      'use the bucket name (not its ARN), e.g. "acme-lb-logs"',
    );
  }
  return { internal, allowFrom, podReadinessGate };
}

/** The idle timeout (from the traffic policy), the ALB's client keep-alive and the NLB's TCP idle timeout. */
function resolveTimeouts({ problems, f, w, p, alb }: Ctx, notes: HealthCheckNote[]) {
  const idleTimeoutSeconds = w.traffic.idleTimeoutSeconds;
  let clientKeepAliveSeconds: number | undefined;
  if (p.clientKeepAlive !== undefined) {
    clientKeepAliveSeconds = alb
      ? wholeSeconds(problems, f('clientKeepAlive'), p.clientKeepAlive, 3600, {
          min: 60,
          max: 604800,
          fix: 'use a duration from 60 s to 7 days (the AWS range)',
        })
      : undefined;
    if (!alb)
      problems.add(f('clientKeepAlive'), p.clientKeepAlive, 'applies to application load balancers only', 'remove it');
  }
  let tcpIdleTimeoutSeconds: number | undefined;
  if (!alb) {
    const fromTraffic = Math.min(Math.max(idleTimeoutSeconds, 60), 6000);
    if (p.tcpIdleTimeout === undefined && fromTraffic !== idleTimeoutSeconds)
      notes.push({
        id: 'CT-AWS-107',
        field: 'traffic.idleTimeout',
        message: `the NLB's TCP idle timeout is ${fromTraffic}s: the traffic policy's ${idleTimeoutSeconds}s is outside the NLB range 60-6000 s`,
      });
    tcpIdleTimeoutSeconds = wholeSeconds(problems, f('tcpIdleTimeout'), p.tcpIdleTimeout, fromTraffic, {
      min: 60,
      max: 6000,
      fix: 'use a duration from 60 s to 6000 s (the NLB range)',
    });
  }
  return { idleTimeoutSeconds, clientKeepAliveSeconds, tcpIdleTimeoutSeconds };
}

/** ALPN (NLB TLS listeners): HTTP/2 backends need h2 negotiated, gRPC clients require it. */
function resolveAlpn({ problems, f, p, alb }: Ctx, tls: boolean, backendProtocol: string): AlpnPolicy | undefined {
  if (p.alpnPolicy !== undefined && !ALPN_POLICIES.includes(p.alpnPolicy)) {
    problems.add(
      f('alpnPolicy'),
      p.alpnPolicy,
      `is not an ALPN policy (${ALPN_POLICIES.map((a) => `'${a}'`).join(', ')})`,
      "use 'HTTP2Only' for gRPC or HTTP/2 backends, or leave it out",
    );
  } else if (p.alpnPolicy !== undefined && alb) {
    problems.add(
      f('alpnPolicy'),
      p.alpnPolicy,
      'applies to network load balancers only (an ALB negotiates HTTP/2 with clients itself)',
      'remove it; an ALB reaches gRPC or HTTP/2 pods through `protocolVersion`',
    );
  } else if (p.alpnPolicy !== undefined && !tls) {
    problems.add(
      f('alpnPolicy'),
      p.alpnPolicy,
      'a TCP listener does not negotiate ALPN (TLS passes through to the pods)',
      'remove it, or terminate TLS at the load balancer with a certificate',
    );
  }
  if (!tls) return undefined;
  const valid = p.alpnPolicy !== undefined && ALPN_POLICIES.includes(p.alpnPolicy);
  return valid ? p.alpnPolicy : backendProtocol === 'http1' ? undefined : 'HTTP2Only';
}

/** The ALB target groups' protocol version: given, else from the backend protocol. */
function resolveProtocolVersion(
  { problems, f, p, alb }: Ctx,
  https: boolean,
  backendProtocol: keyof typeof PROTOCOL_VERSIONS,
): TerraformTargetGroupSpec['protocolVersion'] {
  if (!alb) {
    if (p.protocolVersion !== undefined)
      problems.add(f('protocolVersion'), p.protocolVersion, 'applies to application load balancers only', 'remove it');
    return undefined;
  }
  const protocolVersion = p.protocolVersion ?? PROTOCOL_VERSIONS[backendProtocol];
  if (!TARGET_GROUP_PROTOCOL_VERSIONS.includes(protocolVersion))
    problems.add(
      f('protocolVersion'),
      protocolVersion,
      "must be 'HTTP1', 'HTTP2' or 'GRPC'",
      "use 'HTTP1' unless the pods speak h2c or gRPC",
    );
  if (protocolVersion !== 'HTTP1' && !https)
    problems.add(
      f('protocolVersion'),
      protocolVersion,
      `${protocolVersion} target groups need an HTTPS listener`,
      'keep HTTPS (the default) with a certificate',
    );
  return protocolVersion;
}

/** With client IP preservation the pods see the clients' addresses: the network policy must admit them. */
function preservedClients(
  { problems, f }: Ctx,
  network: NlbTargetGroupAttributesSpec | undefined,
  allowFrom: readonly string[],
) {
  if (network?.preserveClientIp !== true) return undefined;
  const refs = allowFrom.filter(isTerraformReference);
  if (refs.length > 0) {
    problems.add(
      f('preserveClientIp'),
      true,
      `the pods then see the clients' addresses, and the network policy cannot admit clients given as a Terraform reference (${refs.join(', ')})`,
      'list the client CIDR blocks in `allowFrom` as plain CIDRs, or leave client IP preservation off',
    );
    return undefined;
  }
  return { kind: 'peer' as const, peer: { kind: 'cidrs' as const, cidrs: allowFrom } };
}

/** One target group per version (an NLB: the first version only). */
function resolveTargetGroups(
  c: Ctx,
  base: readonly string[],
  servicePort: ServicePortSpec | undefined,
  shared: {
    readonly protocolVersion: TerraformTargetGroupSpec['protocolVersion'];
    readonly healthCheck: HealthCheckSpec;
    readonly attrs: ReturnType<typeof resolveTargetGroupAttributes>;
  },
): TerraformTargetGroupSpec[] {
  const { problems, f, w, p, alb } = c;
  const { attrs } = shared;
  const podPort = servicePort?.target.port ?? 0;
  // The per-version backends of the Service port (an NLB sends to the stable version's only).
  const all = versionBackends(w, servicePort?.port ?? podPort);
  const multi = all.length > 1;
  const tgBase = p.targetGroupName;
  const tgBaseOk = tgBase === undefined || checkAwsName(problems, f('targetGroupName'), tgBase, 'target group');
  const portLabel = String(servicePort?.port ?? podPort);
  const backends = alb ? all : all.slice(0, 1);
  return mapList(backends, (v) => {
    const suffix = multi && v.version ? [v.version] : [];
    const name = tgBase !== undefined ? awsName([tgBase], suffix) : awsName(base, [portLabel, ...suffix]);
    // awsName shortens to fit: an explicit name must fit as written, suffix included, or it changes silently.
    if (
      tgBase !== undefined &&
      tgBaseOk &&
      suffix.length > 0 &&
      [tgBase, ...suffix].join('-').length > AWS_LB_NAME_MAX &&
      !problems.items.some((x) => x.field === f('targetGroupName'))
    ) {
      problems.add(
        f('targetGroupName'),
        tgBase,
        `with the version suffix ("-${suffix.join('-')}") the name is over ${AWS_LB_NAME_MAX} characters and would be shortened`,
        `shorten it to at most ${AWS_LB_NAME_MAX - suffix.join('-').length - 1} characters`,
      );
    }
    return {
      name,
      port: podPort,
      protocol: alb ? 'HTTP' : 'TCP',
      protocolVersion: shared.protocolVersion,
      version: v.version,
      share: v.share,
      serviceName: v.serviceName,
      servicePort: v.port,
      healthCheck: shared.healthCheck,
      deregistrationDelaySeconds: attrs.deregistrationDelaySeconds,
      slowStartSeconds: attrs.slowStartSeconds,
      algorithm: attrs.algorithm,
      ...(attrs.network ? { network: attrs.network } : {}),
      ...(attrs.stickiness ? { stickiness: attrs.stickiness } : {}),
    };
  });
}

/** The traits of the resolved load balancer: its split, what fronts the pods, the settings it writes. */
function terraformLbTraits(
  { field, alb }: Ctx,
  s: Omit<TerraformLoadBalancerSpec, 'traits'>,
  healthCheck: HealthCheckSpec,
  clients: ReturnType<typeof preservedClients>,
) {
  // The label once (it is also the stickiness cell's and the fronts' text).
  const label = `Terraform ${alb ? 'ALB' : 'NLB'} "${s.loadBalancerName}"`;
  // The target groups' pod ports, without repeats, pushed (once per app; every target group sends TCP).
  const ports: PolicyPortSpec[] = [];
  for (let i = 0; i < s.targetGroups.length; i++) ports.push({ port: s.targetGroups[i].port, protocol: 'TCP' });
  return traits({
    label,
    implementationDefaults: alb ? IMPLEMENTATION_DEFAULTS.awsAlb : IMPLEMENTATION_DEFAULTS.awsNlb,
    reach: s.internal ? 'internal' : 'internet',
    // Each host's paths are the spec's own list (frozen with it), not a copy per host.
    hosts: mapList(s.hosts, (host) => ({ host, paths: s.paths })),
    split: alb ? ALB_FORWARD_SPLIT : { by: 'pods' },
    ...(alb ? { loadBalancing: ALB_BALANCING } : {}),
    routesCanaryHeader: alb,
    // An NLB forwards to one target group (the first version's): a weighted canary is refused (CT-TRAFFIC-033).
    support: alb
      ? { stickiness: awsStickinessCell('application', label) }
      : { canarySplit: NLB_NO_SPLIT, stickiness: awsStickinessCell('network', label) },
    loadBalancerTargetsPods: true,
    namespaceLabels: podReadinessGateLabels(s.podReadinessGate),
    fronts: awsLoadBalancerFronts(`${field} ${label}`, uniquePorts(ports), healthCheck, 'ip', clients),
    settings: terraformLbSettings(field, alb, s),
    requires: TERRAFORM_LB_REQUIRES,
    notes: s.notes,
  });
}

/** The settings the load balancer writes, by field: the timeouts, ALPN, and each target group's. */
function terraformLbSettings(field: string, alb: boolean, s: Omit<TerraformLoadBalancerSpec, 'traits'>) {
  // Pushed one by one (once per app: no intermediate arrays spread into the result).
  const out: LayerSetting[] = [];
  if (alb) out.push({ field: `${field}.idleTimeoutSeconds`, name: 'idleTimeoutSeconds', value: s.idleTimeoutSeconds });
  if (s.tcpIdleTimeoutSeconds !== undefined)
    out.push({ field: `${field}.tcpIdleTimeoutSeconds`, name: 'idleTimeoutSeconds', value: s.tcpIdleTimeoutSeconds });
  if (!alb && s.listenerProtocol === 'TLS')
    out.push({ field: `${field}.alpnPolicy`, name: 'alpnPolicy', value: s.alpnPolicy ?? 'None' });
  for (let i = 0; i < s.targetGroups.length; i++) {
    const g = s.targetGroups[i];
    const at = `${field}.targetGroups[${i}]`;
    out.push({
      field: `${at}.deregistrationDelaySeconds`,
      name: 'deregistrationDelaySeconds',
      value: g.deregistrationDelaySeconds,
    });
    if (g.protocolVersion)
      out.push({ field: `${at}.protocolVersion`, name: 'protocolVersion', value: g.protocolVersion });
  }
  // The spec keeps the list: room for its items only (a pushed list keeps room for 17).
  return exactList(out);
}

/** Selects the Terraform load balancer exposures of a resolved app. */
export function terraformExposures(app: { readonly exposures: readonly ExposureSpec[] }): TerraformLoadBalancerSpec[] {
  return app.exposures.filter((e): e is TerraformLoadBalancerSpec => e.kind === TERRAFORM_LB_KIND);
}

/** What every Terraform load balancer needs of the cluster: one frozen list for all of them, not one per app. */
const TERRAFORM_LB_REQUIRES = Object.freeze([
  Object.freeze({
    name: 'AWS Load Balancer Controller',
    target: 'awsLoadBalancerController' as const,
    minVersion: TARGET_FEATURES.targetGroupName.since,
    why: 'TargetGroupBindings name their target groups by targetGroupName',
  }),
]);

const NLB_NO_SPLIT = {
  state: 'refused',
  id: REFUSED_SETTING,
  why: 'a network load balancer forwards to one target group (the first version), so it cannot split traffic by weight',
  fix: 'expose the app through an ALB (TerraformLoadBalancer.alb) or a Gateway route for canaries, or set the canary weights to 0',
} as const;
