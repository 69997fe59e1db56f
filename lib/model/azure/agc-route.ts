import { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from '../exposure/exposure';
import { GatewayRouteExposure, GatewayRouteSpec, HttpRouteProps } from '../exposure/gateway-route';
import { FrontTrait, traits } from '../exposure/traits';
import { Problems } from '../problems';
import { wholeSeconds } from '../durations';
import { checkDnsLabel } from '../kubernetes-syntax';
import { parseCidr } from '../ip';
import { podPortsOfServicePorts } from '../dataplane/exposure-sources';
import { findPort } from '../workload/port-resolution';
import { agcProbe, AzureProbeSpec, azureProbedEndpoint } from './health-probe';
import type { CloudHealthCheckOverride } from '../exposure/cloud';
import type { HealthCheck } from '../health/health-check';
import { IMPLEMENTATION_DEFAULTS } from '../exposure/implementation-defaults';

/** The `kind` of a resolved Application Gateway for Containers route. */
export const AGC_ROUTE_KIND = 'agc-http-route';

/** The GatewayClass the ALB Controller installs for Application Gateway for Containers. */
export const AGC_GATEWAY_CLASS = 'azure-alb-external';

/** Session affinity of an Application Gateway for Containers route (RoutePolicy `sessionAffinity`). */
export interface AgcSessionAffinityProps {
  /** `managed-cookie`: the gateway issues the cookie; `application-cookie`: the app's own cookie (`cookieName`). */
  readonly type: 'managed-cookie' | 'application-cookie';
  /** The application's cookie (application-cookie only). @default none */
  readonly cookieName?: string;
  /**
   * Lifetime of the managed cookie.
   * Range: at least 1 s.
   * @default a session cookie
   * @see https://learn.microsoft.com/azure/application-gateway/for-containers/api-specification-kubernetes (RoutePolicy `sessionAffinity.cookieDuration`)
   */
  readonly cookieDuration?: Duration;
}

/** An HTTPRoute served by Azure Application Gateway for Containers, with its HealthCheckPolicy and RoutePolicy. */
export interface AgcRouteProps extends HttpRouteProps {
  /**
   * With `gateway`: the ApplicationLoadBalancer (ALB Controller managed) the Gateway runs on
   * (`alb.networking.azure.io/alb-name` / `alb-namespace` annotations).
   * @default none: required with `gateway`
   */
  readonly applicationLoadBalancer?: { readonly name: string; readonly namespace: string };
  /**
   * Time limit of a request (RoutePolicy `timeouts.routeTimeout`).
   * Range: at least 1 s.
   * @default the app's `traffic.requestTimeout`, or in the streaming profile the longest stream
   * @see https://learn.microsoft.com/azure/application-gateway/for-containers/api-specification-kubernetes (RoutePolicy `timeouts.routeTimeout`)
   */
  readonly routeTimeout?: Duration;
  /** @default none */
  readonly sessionAffinity?: AgcSessionAffinityProps;
  /**
   * The HealthCheckPolicy, when it must differ from the readiness probe.
   * `HealthCheck.override({ reason, ... })` as on every cloud (the plain `{ path, port, reason }` form is deprecated).
   * @default the readiness probe
   */
  readonly healthCheck?: HealthCheck | CloudHealthCheckOverride;
  /**
   * The subnet associated with the Application Gateway for Containers: its proxies (and health probes) connect
   * to the pods from there; the network policy admits it.
   * @default anywhere (`world`): the policy cannot tell the gateway's addresses
   */
  readonly subnetCidrs?: readonly string[];
}

/** A resolved Application Gateway for Containers route. */
export interface AgcRouteSpec extends ExposureSpec {
  readonly kind: typeof AGC_ROUTE_KIND;
  readonly name: string;
  /** The HTTPRoute (and Gateway) as the Gateway API kind resolves them. */
  readonly route: GatewayRouteSpec;
  readonly applicationLoadBalancer?: { readonly name: string; readonly namespace: string };
  /** One HealthCheckPolicy per backend Service. */
  readonly healthChecks: readonly { readonly serviceName: string; readonly probe: AzureProbeSpec }[];
  readonly routeTimeoutSeconds?: number;
  readonly sessionAffinity?: {
    readonly type: 'managed-cookie' | 'application-cookie';
    readonly cookieName?: string;
    readonly cookieDurationSeconds?: number;
  };
}

/**
 * Exposes the app through Azure Application Gateway for Containers (ALB Controller): a Gateway API
 * HTTPRoute (weighted by the versions, canary header rule) on a Gateway of class `azure-alb-external`, a
 * HealthCheckPolicy per backend Service from the readiness probe, and a RoutePolicy with the request timeout
 * and session affinity.
 *
 * ```ts
 * AgcRoute.http({ parents: [{ name: 'public', namespace: 'gateways' }], hostnames: ['shop.example.com'] })
 * ```
 */
export class AgcRoute implements IExposure {
  /**
   * An HTTPRoute on Application Gateway for Containers.
   * @example
   * AgcRoute.http({
   *   parents: [{ name: 'public', sectionName: 'https' }],
   *   hostnames: ['shop.example.com'],
   *   rules: [{ matches: [{ path: '/notify' }] }],
   *   subnetCidrs: ['10.225.0.0/24'],
   * });
   */
  static http(props: AgcRouteProps): AgcRoute {
    return new AgcRoute(props);
  }

  readonly kind = AGC_ROUTE_KIND;

  private constructor(
    /** The settings. */
    public readonly props: AgcRouteProps,
  ) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): AgcRouteSpec {
    const o = this.props;
    const f = (n: string) => `${field}.${n}`;
    const route = GatewayRouteExposure.http(o).resolve(problems, field, w);
    checkAgcGateway(problems, f, o);
    const t = w.traffic;
    const defTimeout = t.requestTimeoutSeconds ?? t.maxStreamSeconds;
    const routeTimeoutSeconds =
      o.routeTimeout === undefined
        ? defTimeout
        : wholeSeconds(problems, f('routeTimeout'), o.routeTimeout, defTimeout ?? 60, {
            min: 1,
            fix: 'use a whole number of seconds, at least 1',
          });
    const sessionAffinity = resolveAgcAffinity(problems, f, o.sessionAffinity);
    const cidrs = resolveSubnetCidrs(problems, f, o.subnetCidrs);

    const probe = agcProbe(problems, field, w, o.healthCheck);
    const services = [...new Set(route.rules.flatMap((r) => r.backends.map((b) => b.serviceName)))];
    const why = `${field} HTTPRoute "${route.name}" (Application Gateway for Containers)`;
    const podPorts = podPortsOfServicePorts(
      w,
      route.rules.flatMap((r) => r.backends.map((b) => b.port)),
    );
    const withProbe =
      probe.port > 0 && !findPort(podPorts, probe.port)
        ? [...podPorts, { port: probe.port, protocol: 'TCP' as const }]
        : podPorts;
    const fronts: FrontTrait[] = [
      {
        why,
        from: {
          kind: 'peer',
          peer: cidrs && cidrs.length > 0 ? { kind: 'cidrs', cidrs } : { kind: 'entities', entities: ['world'] },
        },
        ports: withProbe,
        healthChecks: [azureProbedEndpoint(probe)],
      },
    ];
    const inner = route.traits;
    return {
      kind: AGC_ROUTE_KIND,
      name: route.name,
      route,
      ...(o.applicationLoadBalancer ? { applicationLoadBalancer: o.applicationLoadBalancer } : {}),
      healthChecks: services.map((serviceName) => ({ serviceName, probe })),
      ...(routeTimeoutSeconds !== undefined ? { routeTimeoutSeconds } : {}),
      ...(sessionAffinity ? { sessionAffinity } : {}),
      traits: traits({
        ...{ ...inner, implementationDefaults: IMPLEMENTATION_DEFAULTS.agc },
        label: `HTTPRoute "${route.name}" (Application Gateway for Containers)`,
        // An Application Gateway for Containers frontend has a public address.
        reach: 'internet',
        fronts,
        loadBalancerTargetsPods: true,
        objects: [
          ...inner.objects,
          {
            kind: 'RoutePolicy',
            namespace: w.namespace,
            name: route.name,
            field: f('name'),
            fix: 'give the exposure its own `name`',
          },
          ...services.map((s) => ({
            kind: 'HealthCheckPolicy (alb.networking.azure.io)',
            namespace: w.namespace,
            name: s,
            field: f('name'),
            fix: 'expose the app through one Application Gateway for Containers route (give it several rules)',
          })),
        ],
        settings: [
          ...inner.settings,
          ...(routeTimeoutSeconds !== undefined
            ? [{ field: f('routeTimeout'), name: 'requestTimeoutSeconds' as const, value: routeTimeoutSeconds }]
            : []),
        ],
        notes: [...inner.notes, ...probe.notes],
      }),
    };
  }
}

/** A Gateway created with the route: the AGC class, and the ApplicationLoadBalancer it runs on. */
function checkAgcGateway(problems: Problems, f: (n: string) => string, o: AgcRouteProps): void {
  if (o.gateway !== undefined) {
    if (o.gateway.className !== AGC_GATEWAY_CLASS)
      problems.add(
        f('gateway.className'),
        o.gateway.className,
        `is not the Application Gateway for Containers class (${AGC_GATEWAY_CLASS})`,
        `use className '${AGC_GATEWAY_CLASS}'`,
      );
    if (o.gateway.controllerName !== undefined)
      problems.add(
        f('gateway.controllerName'),
        o.gateway.controllerName,
        `the ALB Controller installs the GatewayClass ${AGC_GATEWAY_CLASS} itself`,
        'remove `controllerName`',
      );
    const alb = o.applicationLoadBalancer;
    if (alb === undefined)
      problems.add(
        f('applicationLoadBalancer'),
        undefined,
        'a Gateway created for Application Gateway for Containers names the ApplicationLoadBalancer it runs on',
        "give applicationLoadBalancer: { name: 'alb', namespace: 'alb-infra' }",
      );
    else {
      checkDnsLabel(problems, f('applicationLoadBalancer.name'), alb.name);
      checkDnsLabel(problems, f('applicationLoadBalancer.namespace'), alb.namespace);
    }
  } else if (o.applicationLoadBalancer !== undefined) {
    problems.add(
      f('applicationLoadBalancer'),
      o.applicationLoadBalancer,
      'applies to a Gateway created with the route (`gateway`)',
      'remove it: the existing Gateway names its ApplicationLoadBalancer',
    );
  }
}

/** Session affinity: the gateway's managed cookie, or the app's own cookie by name. */
function resolveAgcAffinity(
  problems: Problems,
  f: (n: string) => string,
  sa: AgcRouteProps['sessionAffinity'],
): AgcRouteSpec['sessionAffinity'] {
  let sessionAffinity: AgcRouteSpec['sessionAffinity'];
  if (sa !== undefined) {
    const sf = (n: string) => `${f('sessionAffinity')}.${n}`;
    if (sa.type !== 'managed-cookie' && sa.type !== 'application-cookie')
      problems.add(sf('type'), sa.type, "must be 'managed-cookie' or 'application-cookie'", "use 'managed-cookie'");
    if (sa.type === 'application-cookie' && !sa.cookieName)
      problems.add(
        sf('cookieName'),
        sa.cookieName,
        "application-cookie affinity follows the app's own cookie, which needs a name",
        "give cookieName, e.g. 'SESSION'",
      );
    if (sa.type === 'managed-cookie' && sa.cookieName !== undefined)
      problems.add(
        sf('cookieName'),
        sa.cookieName,
        'the managed cookie is named by the gateway',
        "remove cookieName or use type 'application-cookie'",
      );
    if (sa.cookieName !== undefined && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(sa.cookieName))
      problems.add(
        sf('cookieName'),
        sa.cookieName,
        'is not a cookie name (RFC 6265 token)',
        "use letters, digits and '-', e.g. 'SESSION'",
      );
    const d =
      sa.cookieDuration === undefined
        ? undefined
        : wholeSeconds(problems, sf('cookieDuration'), sa.cookieDuration, 0, {
            min: 1,
            fix: 'use a whole number of seconds, at least 1',
          });
    sessionAffinity = {
      type: sa.type,
      ...(sa.cookieName !== undefined ? { cookieName: sa.cookieName } : {}),
      ...(d ? { cookieDurationSeconds: d } : {}),
    };
  }
  return sessionAffinity;
}

/** The association subnets the gateway's requests come from (the pods' network policy admits them). */
function resolveSubnetCidrs(
  problems: Problems,
  f: (n: string) => string,
  subnetCidrs: readonly string[] | undefined,
): string[] | undefined {
  const cidrs = subnetCidrs === undefined ? undefined : [...subnetCidrs];
  if (cidrs?.length === 0)
    problems.add(
      f('subnetCidrs'),
      cidrs,
      'an empty list admits nobody',
      'list the association subnet CIDRs or leave it out',
    );
  cidrs?.forEach((c, i) => {
    const p = parseCidr(c);
    if (!p.ok)
      problems.add(`${f('subnetCidrs')}[${i}]`, c, `is not a CIDR: it ${p.reason}`, 'use e.g. "10.225.0.0/24"');
  });
  return cidrs;
}
