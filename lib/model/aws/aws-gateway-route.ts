import type { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import { awsLoadBalancerFronts } from './fronts';
import { HealthCheck, HealthCheckNote, HealthCheckSpec, resolveTargetGroupHealthCheck } from './health-check';
import { awsStickinessCell, StickinessProps } from './stickiness';
import {
  ALB_BALANCING,
  resolveTargetGroupAttributes,
  TargetGroupAlgorithm,
  TargetGroupAttributesSpec,
} from './target-group-attributes';
import { podPortsOfServicePorts } from '../dataplane/exposure-sources';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { backendProtocolOf } from '../traffic/backend-protocol';
import type { PortRef } from '../workload/probe';
import { AwsGatewayProps, AwsGatewaySpec, resolveAwsGateway } from './aws-gateway';
import type { ExposureSpec, IExposure } from '../exposure/exposure';
import type { GatewayParentProps, ParentRefSpec } from '../exposure/gateway';
import {
  GATEWAY_API_SPLIT,
  GatewayRouteExposure,
  GatewayRouteSpec,
  GrpcRouteRuleProps,
  HttpRouteRuleProps,
  RouteBackendSpec,
} from '../exposure/gateway-route';
import { IMPLEMENTATION_DEFAULTS } from '../exposure/implementation-defaults';
import { resolveServicePort, versionBackends } from '../exposure/service-backend';
import { ExposureTraits, traits, WrittenObject } from '../exposure/traits';

/** The `kind` of a resolved AWS Gateway route. */
export const AWS_GATEWAY_ROUTE_KIND = 'aws-gateway-route';

/**
 * The target groups the controller makes for the app's Services (one `TargetGroupConfiguration` per Service).
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/gateway/targetgroupconfig/
 */
export interface AwsTargetGroupProps {
  /**
   * `ip` registers the pods, `instance` the nodes' node ports.
   * @default 'ip'
   */
  readonly targetType?: 'ip' | 'instance';
  /**
   * The health check, when it must differ from the readiness probe (`HealthCheck.override({ reason, ... })`).
   * @default the readiness probe
   */
  readonly healthCheck?: HealthCheck;
  /**
   * Time a deregistered pod keeps its in-flight requests (0-3600 s).
   * @default the traffic policy's deregistration delay
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#deregistration-delay (`deregistration_delay.timeout_seconds`, 0-3600 s)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Ramp-up time of new pods, ALB target groups only (0 or 30-900 s).
   * @default the traffic policy's slow start
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#slow-start-mode (`slow_start.duration_seconds`, 0 or 30-900 s)
   */
  readonly slowStart?: Duration;
  /** ALB: @default from the traffic policy's load balancing */
  readonly algorithm?: TargetGroupAlgorithm;
  /** Sticky sessions. @default from the Service's session affinity, else off */
  readonly stickiness?: StickinessProps;
  /** NLB: close connections when deregistration ends. @default true */
  readonly connectionTermination?: boolean;
  /** NLB: keep the client's address. @default not written (AWS default) */
  readonly preserveClientIp?: boolean;
  /** NLB: PROXY protocol v2. @default false */
  readonly proxyProtocolV2?: boolean;
}

/** What every AWS Gateway route takes. */
export interface AwsRouteCommonProps {
  /** The route's name. @default the app's name */
  readonly name?: string;
  /**
   * Existing AWS Gateways (of the same load balancer type) to attach to. Exactly one of `parents` and `gateway`.
   * @default none
   */
  readonly parents?: readonly GatewayParentProps[];
  /**
   * An AWS Gateway created with the app (Gateway, GatewayClass, LoadBalancerConfiguration).
   * @default none
   */
  readonly gateway?: AwsGatewayProps;
  /** With `gateway`: the listeners to attach to. @default every listener */
  readonly listeners?: readonly string[];
  /** The Service port rules go to. @default the Service's first port */
  readonly port?: PortRef;
  /** The target groups. @default ip targets, health check from the readiness probe */
  readonly targetGroup?: AwsTargetGroupProps;
  /** Extra labels. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An HTTPRoute on an ALB Gateway. */
export interface AwsHttpRouteProps extends AwsRouteCommonProps {
  /** Host names the route serves. @default every host the listeners accept */
  readonly hostnames?: readonly string[];
  /** @default one rule: every path to the app */
  readonly rules?: readonly HttpRouteRuleProps[];
}

/** A GRPCRoute on an ALB Gateway (HTTPS listeners). */
export interface AwsGrpcRouteProps extends AwsRouteCommonProps {
  /** Host names the route serves. @default every host the listeners accept */
  readonly hostnames?: readonly string[];
  /** @default one rule: every call to the app */
  readonly rules?: readonly GrpcRouteRuleProps[];
}

/** A TCPRoute or UDPRoute on an NLB Gateway: every connection of its listeners to the app's versions, by weight. */
export type AwsL4RouteProps = AwsRouteCommonProps;

/** A resolved L4 route (TCPRoute or UDPRoute). */
export interface AwsL4RouteSpec {
  readonly kind: 'TCPRoute' | 'UDPRoute';
  readonly name: string;
  readonly parentRefs: readonly ParentRefSpec[];
  readonly backends: readonly RouteBackendSpec[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A resolved AWS target group configuration (one per Service). */
export interface AwsTargetGroupSpec {
  readonly targetType: 'ip' | 'instance';
  readonly protocolVersion?: 'HTTP1' | 'HTTP2' | 'GRPC';
  readonly healthCheck: HealthCheckSpec;
  readonly attributes: TargetGroupAttributesSpec;
}

/** A resolved AWS Gateway route. */
export interface AwsGatewayRouteSpec extends ExposureSpec {
  readonly kind: typeof AWS_GATEWAY_ROUTE_KIND;
  readonly name: string;
  readonly loadBalancer: 'alb' | 'nlb';
  /** L7 (ALB): the HTTPRoute or GRPCRoute, parented by the Gateway. */
  readonly route?: GatewayRouteSpec;
  /** L4 (NLB): the TCPRoute or UDPRoute. */
  readonly l4?: AwsL4RouteSpec;
  /** The Gateway created with the app. */
  readonly gateway?: AwsGatewaySpec;
  /** The backend Services, one TargetGroupConfiguration each. */
  readonly services: readonly string[];
  readonly targetGroup: AwsTargetGroupSpec;
}

/** The protocol of an AWS Gateway route: L7 (`http`, `grpc`) on an ALB Gateway, L4 (`tcp`, `udp`) on an NLB Gateway. */
export type AwsGatewayRouteProtocol = 'http' | 'grpc' | 'tcp' | 'udp';

/**
 * Exposes the app through the AWS Load Balancer Controller's Gateway API (v3): L7 routes (HTTPRoute, GRPCRoute) on
 * an ALB Gateway, L4 routes (TCPRoute, UDPRoute) on an NLB Gateway, never both on one Gateway. Per backend Service a
 * `TargetGroupConfiguration` whose health check is the readiness probe (the one AWS health check model of the ALB
 * Ingress and the Terraform load balancers), target type, deregistration delay and stickiness; for a Gateway created
 * with the app its GatewayClass and a `LoadBalancerConfiguration` (scheme, subnets, security groups, ACM certificates,
 * TLS policy, WAF, attributes). Certificates never go in `certificateRefs`.
 *
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/gateway/gateway/
 */
export class AwsGatewayRoute implements IExposure {
  /**
   * An HTTPRoute on an ALB Gateway.
   * @example
   * AwsGatewayRoute.http({
   *   gateway: {
   *     scheme: 'internet-facing',
   *     listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, certificates: [Certificate.fromArn('arn:aws:acm:...')] }],
   *   },
   *   hostnames: ['shop.example.com'],
   * });
   */
  static http(props: AwsHttpRouteProps): AwsGatewayRoute {
    return new AwsGatewayRoute('http', props);
  }

  /**
   * A GRPCRoute on an ALB Gateway (the ALB forwards gRPC on HTTPS listeners).
   * @example
   * AwsGatewayRoute.grpc({ parents: [{ name: 'edge', namespace: 'gateways', sectionName: 'https' }] });
   */
  static grpc(props: AwsGrpcRouteProps): AwsGatewayRoute {
    return new AwsGatewayRoute('grpc', props);
  }

  /**
   * A TCPRoute on an NLB Gateway.
   * @example
   * AwsGatewayRoute.tcp({ gateway: { listeners: [{ name: 'grpc', protocol: 'TCP', port: 443 }] } });
   */
  static tcp(props: AwsL4RouteProps): AwsGatewayRoute {
    return new AwsGatewayRoute('tcp', props);
  }

  /**
   * A UDPRoute on an NLB Gateway.
   * @example
   * AwsGatewayRoute.udp({ gateway: { listeners: [{ name: 'dns', protocol: 'UDP', port: 53 }] } });
   */
  static udp(props: AwsL4RouteProps): AwsGatewayRoute {
    return new AwsGatewayRoute('udp', props);
  }

  readonly kind = AWS_GATEWAY_ROUTE_KIND;

  private constructor(
    /** The route's protocol. */
    public readonly protocol: AwsGatewayRouteProtocol,
    /** The settings. */
    public readonly props: AwsHttpRouteProps | AwsGrpcRouteProps | AwsL4RouteProps,
  ) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): AwsGatewayRouteSpec {
    const o = this.props;
    const f = (n: string) => `${field}.${n}`;
    const lb = this.protocol === 'http' || this.protocol === 'grpc' ? 'alb' : 'nlb';
    const gateway = o.gateway ? resolveAwsGateway(problems, f('gateway'), o.gateway, lb, w) : undefined;
    const parents = awsParents(problems, f, o, gateway);
    if (this.protocol === 'grpc' && gateway && !gateway.listeners.some((l) => l.protocol === 'HTTPS'))
      problems.add(
        f('gateway.listeners'),
        gateway.listeners.map((l) => l.name),
        'an ALB forwards gRPC only on HTTPS listeners, and this Gateway has none',
        "add { name: 'https', protocol: 'HTTPS', port: 443, certificates: [Certificate.fromArn('arn:aws:acm:...')] }",
      );
    let route: GatewayRouteSpec | undefined;
    let l4: AwsL4RouteSpec | undefined;
    if (lb === 'alb') {
      const inner = { ...(o as AwsHttpRouteProps), gateway: undefined, listeners: undefined, targetGroup: undefined };
      const r = this.protocol === 'grpc' ? GatewayRouteExposure.grpc : GatewayRouteExposure.http;
      route = albRoute(problems, f, r({ ...inner, parents }).resolve(problems, field, w), o as AwsHttpRouteProps);
    } else {
      l4 = resolveL4(problems, f, this.protocol === 'udp' ? 'UDPRoute' : 'TCPRoute', o, parents, w);
    }
    const backends = route ? route.rules.flatMap((r) => r.backends) : l4!.backends;
    const services = [...new Set(backends.map((b) => b.serviceName))];
    const notes: HealthCheckNote[] = [];
    const targetGroup = resolveAwsTargetGroup(problems, f('targetGroup'), o.targetGroup, w, lb, this.protocol, notes);
    const name = route?.name ?? l4!.name;
    return {
      kind: AWS_GATEWAY_ROUTE_KIND,
      name,
      loadBalancer: lb,
      ...(route ? { route } : {}),
      ...(l4 ? { l4 } : {}),
      ...(gateway ? { gateway } : {}),
      services,
      targetGroup,
      traits: awsRouteTraits(field, w, { name, lb, route, l4, gateway, services, targetGroup, backends, notes }),
    };
  }
}

/**
 * What the ALB Gateway does not implement (LBC v3.5.0 conformance table): HTTPRoute timeouts and retries, header
 * modifier filters. Timeouts and filters given on a rule are refused; the traffic policy's request timeout and
 * retries are not written (an ALB has neither, as for the ALB Ingress: CT-TRAFFIC-032 warns when they are declared).
 */
function albRoute(
  problems: Problems,
  f: (n: string) => string,
  route: GatewayRouteSpec,
  o: AwsHttpRouteProps,
): GatewayRouteSpec {
  (o.rules ?? []).forEach((r, i) => {
    for (const k of ['timeout', 'backendTimeout'] as const)
      if (r[k] !== undefined)
        problems.add(
          `${f('rules')}[${i}].${k}`,
          r[k],
          'the ALB Gateway does not implement HTTPRoute timeouts (AWS Load Balancer Controller v3.5): it would be ignored',
          "remove it; the ALB's idle timeout (`gateway.idleTimeout`) bounds a silent connection",
        );
    (r.filters ?? []).forEach((x, j) => {
      if (x.type === 'RequestHeaderModifier' || x.type === 'ResponseHeaderModifier')
        problems.add(
          `${f('rules')}[${i}].filters[${j}].type`,
          x.type,
          'the ALB Gateway does not implement header modifier filters (AWS Load Balancer Controller v3.5): it would be ignored',
          'remove the filter, or set the headers in the app',
        );
    });
  });
  const rules = route.rules.map((r) => ({
    ...r,
    requestTimeoutSeconds: undefined,
    backendRequestTimeoutSeconds: undefined,
  }));
  const t = route.traits;
  return {
    ...route,
    rules,
    traits: {
      ...t,
      settings: t.settings.filter((x) => x.name !== 'requestTimeoutSeconds'),
      // Like the ALB Ingress: an ALB neither retries nor times requests out (absent: the layer has none).
      retries: undefined,
      requestTimeout: undefined,
    },
  };
}

/** The parent references: the created Gateway's listeners, or the existing Gateways. */
function awsParents(
  problems: Problems,
  f: (n: string) => string,
  o: AwsRouteCommonProps,
  gateway: AwsGatewaySpec | undefined,
): GatewayParentProps[] | undefined {
  if (o.parents !== undefined && o.gateway !== undefined)
    problems.add(
      f('gateway'),
      o.gateway.name,
      'conflicts with `parents`: a route attaches either to existing Gateways or to the one it creates',
      'keep `parents` (existing Gateway) or `gateway` (create one), not both',
    );
  if (o.listeners !== undefined && gateway === undefined)
    problems.add(
      f('listeners'),
      o.listeners,
      '`listeners` selects listeners of a created `gateway`',
      'use `sectionName` in `parents`',
    );
  if (!gateway) return o.parents === undefined ? undefined : [...o.parents];
  const ls = o.listeners ?? [];
  ls.forEach((l, i) => {
    if (!gateway.listeners.some((gl) => gl.name === l))
      problems.add(
        `${f('listeners')}[${i}]`,
        l,
        `is not a listener of the Gateway (its listeners: ${gateway.listeners.map((gl) => gl.name).join(', ')})`,
        "name one of the Gateway's listeners",
      );
  });
  return ls.length > 0 ? ls.map((l) => ({ name: gateway.name, sectionName: l })) : [{ name: gateway.name }];
}

/** A TCPRoute or UDPRoute: its parents and one weighted backend per version. */
function resolveL4(
  problems: Problems,
  f: (n: string) => string,
  kind: AwsL4RouteSpec['kind'],
  o: AwsL4RouteProps,
  parents: readonly GatewayParentProps[] | undefined,
  w: WorkloadSpec,
): AwsL4RouteSpec {
  const name = o.name ?? w.name;
  checkDnsLabel(problems, f('name'), name, 253);
  checkLabels(problems, f('labels'), o.labels);
  checkAnnotationKeys(problems, f('annotations'), o.annotations);
  for (const k of ['hostnames', 'rules'] as const) {
    const v = (o as Readonly<Record<string, unknown>>)[k];
    if (v !== undefined)
      problems.add(f(k), v, `a ${kind} has no ${k}: it forwards every connection of its listener`, `remove \`${k}\``);
  }
  if (parents === undefined || parents.length === 0)
    problems.add(f('parents'), parents, 'a route must attach to a Gateway', 'give `parents` or `gateway`');
  const parentRefs = (parents ?? []).map((p) => ({
    name: p.name,
    namespace: p.namespace !== w.namespace ? p.namespace : undefined,
    sectionName: p.sectionName,
  }));
  const sp = resolveServicePort(problems, f('port'), w, o.port);
  const backends: RouteBackendSpec[] = sp ? versionBackends(w, sp.port) : [];
  return {
    kind,
    name,
    parentRefs,
    backends,
    labels: { ...(o.labels ?? {}) },
    annotations: { ...(o.annotations ?? {}) },
  };
}

/** The target group settings every backend Service gets: target type, protocol version, health check, attributes. */
function resolveAwsTargetGroup(
  problems: Problems,
  field: string,
  o: AwsTargetGroupProps | undefined,
  w: WorkloadSpec,
  lb: 'alb' | 'nlb',
  protocol: AwsGatewayRouteProtocol,
  notes: HealthCheckNote[],
): AwsTargetGroupSpec {
  const tg = o ?? {};
  const targetType = tg.targetType ?? 'ip';
  if (targetType !== 'ip' && targetType !== 'instance')
    problems.add(`${field}.targetType`, tg.targetType, "must be 'ip' or 'instance'", "use 'ip'");
  const versions = { http1: 'HTTP1', http2: 'HTTP2', grpc: 'GRPC' } as const;
  const protocolVersion =
    lb === 'nlb' ? undefined : protocol === 'grpc' ? ('GRPC' as const) : versions[backendProtocolOf(w)];
  const type = lb === 'alb' ? 'application' : 'network';
  const healthCheck = resolveTargetGroupHealthCheck(problems, `${field}.healthCheck`, tg.healthCheck, w, {
    type,
    protocolVersion,
    targetType,
  });
  notes.push(...healthCheck.notes);
  const attributes = resolveTargetGroupAttributes(problems, field, tg, w.traffic, type, notes, w.service);
  return { targetType, ...(protocolVersion ? { protocolVersion } : {}), healthCheck, attributes };
}

interface Resolved {
  readonly name: string;
  readonly lb: 'alb' | 'nlb';
  readonly route?: GatewayRouteSpec;
  readonly l4?: AwsL4RouteSpec;
  readonly gateway?: AwsGatewaySpec;
  readonly services: readonly string[];
  readonly targetGroup: AwsTargetGroupSpec;
  readonly backends: readonly RouteBackendSpec[];
  readonly notes: readonly HealthCheckNote[];
}

/** The traits: an AWS load balancer in front of the pods (as the ALB Ingress and NLB Service), its objects and settings. */
function awsRouteTraits(field: string, w: WorkloadSpec, r: Resolved): ExposureTraits {
  const kind = r.route ? (r.route.protocol === 'grpc' ? 'GRPCRoute' : 'HTTPRoute') : r.l4!.kind;
  const label = `${kind} "${r.name}" (AWS ${r.lb.toUpperCase()} Gateway)`;
  const why = `${field} ${label}`;
  const ports = podPortsOfServicePorts(
    w,
    r.backends.map((b) => b.port),
  );
  // An NLB Gateway (L4 routes) skipped a weight-0 backend's target group before 3.4.0 (LBC#4732, fixed by #4738); an
  // ALB Gateway's listener rules make one for every backend, weight 0 included (since 2.13.4, #4273), so only L4.
  const zero = r.lb === 'nlb' && r.backends.some((b) => b.share === 0);
  const inner = r.route?.traits;
  const idle =
    r.gateway?.loadBalancerAttributes['idle_timeout.timeout_seconds'] ??
    r.gateway?.listenerConfigurations.find((l) => l.tcpIdleTimeoutSeconds !== undefined)?.tcpIdleTimeoutSeconds;
  return traits({
    ...(inner ?? {}),
    label,
    reach: r.gateway?.scheme === 'internal' ? 'internal' : 'internet',
    hosts: inner?.hosts ?? [],
    split: GATEWAY_API_SPLIT,
    routesCanaryHeader: r.route !== undefined,
    grpc: r.route?.protocol === 'grpc',
    fronts: awsLoadBalancerFronts(why, ports, r.targetGroup.healthCheck, r.targetGroup.targetType),
    loadBalancerTargetsPods: true,
    ...(r.lb === 'alb' ? { loadBalancing: ALB_BALANCING } : {}),
    // The Service's ClientIP affinity is carried by the target groups (resolveStickiness): as on the ALB Ingress / NLB.
    support: {
      ...(inner?.support ?? {}),
      stickiness: awsStickinessCell(r.lb === 'alb' ? 'application' : 'network', label),
    },
    objects: awsObjects(field, w, r, inner?.objects ?? []),
    settings: [
      ...(inner?.settings ?? []),
      {
        field: `${field}.targetGroup.deregistrationDelay`,
        name: 'deregistrationDelaySeconds',
        value: r.targetGroup.attributes.deregistrationDelaySeconds,
      },
      ...(idle !== undefined
        ? [{ field: `${field}.gateway.idleTimeout`, name: 'idleTimeoutSeconds' as const, value: Number(idle) }]
        : []),
    ],
    requires: [
      {
        name: 'AWS Load Balancer Controller',
        target: 'awsLoadBalancerController' as const,
        minVersion: r.lb === 'nlb' ? '3.5.0' : '3.0.0',
        why:
          r.lb === 'nlb'
            ? `${kind} v1 (Gateway API v1.6 CRDs) on an NLB Gateway, gateway.k8s.aws/v1 TargetGroupConfiguration`
            : 'Gateway API on an ALB Gateway, gateway.k8s.aws/v1 LoadBalancerConfiguration and TargetGroupConfiguration',
      },
      ...(zero
        ? [
            {
              name: 'AWS Load Balancer Controller',
              target: 'awsLoadBalancerController' as const,
              minVersion: '3.4.0',
              why: 'a weight-0 backend gets a target group (LBC#4732)',
            },
          ]
        : []),
    ],
    ...(r.lb === 'alb'
      ? { implementationDefaults: IMPLEMENTATION_DEFAULTS.awsAlb }
      : { implementationDefaults: IMPLEMENTATION_DEFAULTS.awsNlb }),
    notes: [
      ...r.notes,
      ...(r.gateway?.notes ?? []),
      ...(zero
        ? [
            {
              id: 'CT-AWS-120',
              field: 'versions',
              message: `a version at weight 0 gets a target group (health-checked before traffic shifts to it) only from AWS Load Balancer Controller 3.4.0 (LBC#4732); older controllers create it when its weight rises`,
            },
          ]
        : []),
    ],
  });
}

/** The objects: the route (and for L4 routes itself), the Gateway, its class and configuration, a TGC per Service. */
function awsObjects(
  field: string,
  w: WorkloadSpec,
  r: Resolved,
  routeObjects: readonly WrittenObject[],
): WrittenObject[] {
  const g = r.gateway;
  const gf = `${field}.gateway`;
  return [
    ...routeObjects,
    ...(r.l4
      ? [
          {
            kind: r.l4.kind,
            namespace: w.namespace,
            name: r.name,
            field: `${field}.name`,
            fix: 'give the exposure its own `name`',
          },
        ]
      : []),
    ...(g
      ? [
          {
            kind: 'Gateway',
            namespace: g.namespace,
            name: g.name,
            field: `${gf}.name`,
            fix: `give this Gateway its own \`name\`, or attach the route to it with \`parents: [{ name: "${g.name}" }]\``,
          },
          {
            kind: 'LoadBalancerConfiguration',
            namespace: g.namespace,
            name: g.name,
            field: `${gf}.name`,
            fix: 'give this Gateway its own `name`',
          },
          {
            kind: 'GatewayClass',
            name: g.className,
            field: `${gf}.className`,
            shared: {
              settings: { controllerName: g.controllerName },
              fix: 'use another `className` for the other load balancer type',
            },
          },
        ]
      : []),
    ...r.services.map((s) => ({
      kind: 'TargetGroupConfiguration',
      namespace: w.namespace,
      name: s,
      field: `${field}.targetGroup`,
      fix: 'expose the app through one AWS Gateway route (the controller takes one TargetGroupConfiguration per Service)',
    })),
  ];
}
