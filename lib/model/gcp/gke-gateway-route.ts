import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from '../exposure/exposure';
import { GatewayRouteExposure, GatewayRouteSpec, HttpRouteProps } from '../exposure/gateway-route';
import { FrontTrait, traits, WrittenObject } from '../exposure/traits';
import { Problems } from '../problems';
import type { CloudHealthCheckOverride } from '../exposure/cloud';
import type { HealthCheck } from '../health/health-check';
import { parseCidr } from '../ip';
import { podPortsOfServicePorts } from '../dataplane/exposure-sources';
import { GCP_L7_HEALTH_CHECK_RANGES, GcpHealthCheckSpec, gcpHealthCheckFront, gcpHealthCheck } from './health-check';
import { GcpBackendProps, GcpBackendSpec, gcpBackendSettings, resolveGcpBackend } from './backend-options';
import { IMPLEMENTATION_DEFAULTS } from '../exposure/implementation-defaults';

/** The `kind` of a resolved GKE Gateway route. */
export const GKE_ROUTE_KIND = 'gke-http-route';

/** GKE's single-cluster GatewayClasses (../shared/schemas/gke/gatewayclasses.yaml), with where their proxies run. */
export const GKE_GATEWAY_CLASSES: Readonly<Record<string, { readonly global: boolean; readonly internal: boolean }>> = {
  'gke-l7-global-external-managed': { global: true, internal: false },
  'gke-l7-regional-external-managed': { global: false, internal: false },
  'gke-l7-rilb': { global: false, internal: true },
  'gke-l7-gxlb': { global: true, internal: false },
  'gke-l7-global-external-managed-mc': { global: true, internal: false },
  'gke-l7-regional-external-managed-mc': { global: false, internal: false },
  'gke-l7-cross-regional-internal-managed-mc': { global: false, internal: true },
  'gke-l7-rilb-mc': { global: false, internal: true },
  'gke-l7-gxlb-mc': { global: true, internal: false },
};

/** An HTTPRoute on a GKE Gateway, with its HealthCheckPolicy, GCPBackendPolicy and (for a created Gateway) GCPGatewayPolicy. */
export interface GkeRouteProps extends HttpRouteProps {
  /**
   * The HealthCheckPolicy, when it must differ from the readiness probe.
   * `HealthCheck.override({ reason, ... })` as on every cloud (the plain `{ path, port, reason }` form is deprecated).
   * @default the readiness probe
   */
  readonly healthCheck?: HealthCheck | CloudHealthCheckOverride;
  /** The backend service settings (GCPBackendPolicy). @default from the traffic policy */
  readonly backend?: GcpBackendProps;
  /**
   * With `gateway`: the Google Cloud SSL policy of its HTTPS listeners (GCPGatewayPolicy `sslPolicy`).
   * @default none (Google's default policy, TLS 1.0+): name a policy with a TLS 1.2 minimum and MODERN/RESTRICTED profile
   */
  readonly sslPolicy?: string;
  /**
   * With `gateway` of an internal class: clients from every region (GCPGatewayPolicy `allowGlobalAccess`).
   * @default false
   */
  readonly allowGlobalAccess?: boolean;
  /**
   * Regional and internal classes: the proxy-only subnet the Envoy proxies connect from (the policy admits it).
   * @default global classes: Google's front ends (35.191.0.0/16, 130.211.0.0/22); regional: anywhere (`world`)
   */
  readonly proxyOnlySubnet?: readonly string[];
}

/** A resolved GKE Gateway route. */
export interface GkeRouteSpec extends ExposureSpec {
  readonly kind: typeof GKE_ROUTE_KIND;
  readonly name: string;
  readonly route: GatewayRouteSpec;
  /** The backend Services (one HealthCheckPolicy and GCPBackendPolicy each). */
  readonly services: readonly string[];
  readonly healthCheck: GcpHealthCheckSpec;
  readonly backend: GcpBackendSpec;
  /** GCPGatewayPolicy of the created Gateway. */
  readonly gatewayPolicy?: {
    readonly gateway: string;
    readonly sslPolicy?: string;
    readonly allowGlobalAccess?: boolean;
  };
}

/**
 * Exposes the app through a GKE Gateway: an HTTPRoute (weighted backendRefs, the canary header rule) on a
 * Gateway of one of GKE's classes, a HealthCheckPolicy per backend Service from the readiness probe (GKE
 * does not read the probe itself), a GCPBackendPolicy (timeout from the traffic policy, draining from the
 * deregistration delay, session affinity) and, for a created Gateway, a GCPGatewayPolicy (SSL policy).
 *
 * ```ts
 * GkeGatewayRoute.http({ gateway: { className: 'gke-l7-global-external-managed', listeners: [...] }, sslPolicy: 'tls13' })
 * ```
 */
export class GkeGatewayRoute implements IExposure {
  /**
   * An HTTPRoute on a GKE Gateway.
   * @example
   * GkeGatewayRoute.http({
   *   parents: [{ name: 'public', sectionName: 'https' }],
   *   hostnames: ['shop.example.com'],
   *   rules: [{ matches: [{ path: '/chat' }] }],
   * });
   */
  static http(props: GkeRouteProps): GkeGatewayRoute {
    return new GkeGatewayRoute(props);
  }

  readonly kind = GKE_ROUTE_KIND;

  private constructor(
    /** The settings. */
    public readonly props: GkeRouteProps,
  ) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): GkeRouteSpec {
    const o = this.props;
    const f = (n: string) => `${field}.${n}`;
    const route = GatewayRouteExposure.http(o).resolve(problems, field, w);
    const cls = o.gateway ? GKE_GATEWAY_CLASSES[o.gateway.className] : undefined;
    checkGkeGatewayOptions(problems, f, o, cls);
    const subnet = resolveProxyOnlySubnet(problems, f, o, cls);

    const healthCheck = gcpHealthCheck(problems, field, w, 'gateway', o.healthCheck);
    const backend = resolveGcpBackend(problems, f('backend'), o.backend, w, 'gateway');
    const services = [...new Set(route.rules.flatMap((r) => r.backends.map((b) => b.serviceName)))];
    const why = `${field} HTTPRoute "${route.name}" (GKE Gateway)`;
    const podPorts = podPortsOfServicePorts(
      w,
      route.rules.flatMap((r) => r.backends.map((b) => b.port)),
    );
    const notes = [...route.traits.notes, ...healthCheck.notes];
    const global = cls ? cls.global : subnet === undefined;
    if (!global && !subnet)
      notes.push({
        id: 'CT-GCP-105',
        field: f('proxyOnlySubnet'),
        message:
          "a regional GKE Gateway's proxies connect from the proxy-only subnet, which is not given: the network policy admits anywhere on the traffic ports",
      });
    const proxies: FrontTrait = {
      why,
      from: {
        kind: 'peer',
        peer: subnet
          ? { kind: 'cidrs', cidrs: subnet }
          : global
            ? { kind: 'cidrs', cidrs: [...GCP_L7_HEALTH_CHECK_RANGES] }
            : { kind: 'entities', entities: ['world'] },
      },
      ports: podPorts,
      healthChecks: [],
    };
    const gatewayPolicy =
      o.gateway && (o.sslPolicy !== undefined || o.allowGlobalAccess !== undefined)
        ? {
            gateway: route.gateway?.name ?? route.name,
            ...(o.sslPolicy !== undefined ? { sslPolicy: o.sslPolicy } : {}),
            ...(o.allowGlobalAccess !== undefined ? { allowGlobalAccess: o.allowGlobalAccess } : {}),
          }
        : undefined;
    const inner = route.traits;
    return {
      kind: GKE_ROUTE_KIND,
      name: route.name,
      route,
      services,
      healthCheck,
      backend,
      ...(gatewayPolicy ? { gatewayPolicy } : {}),
      traits: traits({
        ...inner,
        label: `HTTPRoute "${route.name}" (GKE Gateway)`,
        implementationDefaults: IMPLEMENTATION_DEFAULTS.gcpL7,
        reach: cls?.internal ? 'internal' : 'internet',
        fronts: [proxies, gcpHealthCheckFront(why, healthCheck)],
        loadBalancerTargetsPods: true,
        objects: gkeRouteObjects(f, w, inner.objects, services, gatewayPolicy),
        settings: [...inner.settings, ...gcpBackendSettings(f('backend'), backend)],
        notes,
      }),
    };
  }
}

/** The GKE GatewayClass, and the Gateway policy options of a Gateway created with the route. */
function checkGkeGatewayOptions(
  problems: Problems,
  f: (n: string) => string,
  o: GkeRouteProps,
  cls: (typeof GKE_GATEWAY_CLASSES)[string] | undefined,
): void {
  if (o.gateway !== undefined) {
    if (!cls)
      problems.add(
        f('gateway.className'),
        o.gateway.className,
        'is not a GKE GatewayClass',
        `use one of ${Object.keys(GKE_GATEWAY_CLASSES)
          .filter((c) => !c.endsWith('-mc'))
          .join(', ')}`,
      );
    if (o.gateway.controllerName !== undefined)
      problems.add(
        f('gateway.controllerName'),
        o.gateway.controllerName,
        'GKE installs its GatewayClasses itself',
        'remove `controllerName`',
      );
  } else {
    if (o.sslPolicy !== undefined)
      problems.add(
        f('sslPolicy'),
        o.sslPolicy,
        'a GCPGatewayPolicy is written for a Gateway created with the route',
        "set the SSL policy on the existing Gateway's GCPGatewayPolicy, or create the Gateway with `gateway`",
      );
    if (o.allowGlobalAccess !== undefined)
      problems.add(
        f('allowGlobalAccess'),
        o.allowGlobalAccess,
        'a GCPGatewayPolicy is written for a Gateway created with the route',
        "set it on the existing Gateway's GCPGatewayPolicy",
      );
  }
  if (o.sslPolicy !== undefined && !/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(o.sslPolicy))
    problems.add(
      f('sslPolicy'),
      o.sslPolicy,
      'is not a Google Cloud resource name',
      'use the SSL policy\'s name, e.g. "tls13-modern"',
    );
  if (o.allowGlobalAccess !== undefined && cls && !cls.internal)
    problems.add(
      f('allowGlobalAccess'),
      o.allowGlobalAccess,
      `applies to internal classes only, not ${o.gateway!.className}`,
      "remove it or use className 'gke-l7-rilb'",
    );
}

/** The proxy-only subnet a regional Gateway's proxies connect from. */
function resolveProxyOnlySubnet(
  problems: Problems,
  f: (n: string) => string,
  o: GkeRouteProps,
  cls: (typeof GKE_GATEWAY_CLASSES)[string] | undefined,
): string[] | undefined {
  const subnet = o.proxyOnlySubnet === undefined ? undefined : [...o.proxyOnlySubnet];
  if (subnet?.length === 0)
    problems.add(
      f('proxyOnlySubnet'),
      subnet,
      'an empty list admits nobody',
      'give the proxy-only subnet CIDR or leave it out',
    );
  subnet?.forEach((c, i) => {
    const p = parseCidr(c);
    if (!p.ok)
      problems.add(`${f('proxyOnlySubnet')}[${i}]`, c, `is not a CIDR: it ${p.reason}`, 'use e.g. "10.129.0.0/23"');
  });
  if (subnet && cls?.global)
    problems.add(
      f('proxyOnlySubnet'),
      subnet,
      `${o.gateway!.className} runs on Google's front ends, not in a proxy-only subnet`,
      'remove `proxyOnlySubnet`',
    );
  return subnet;
}

/** The objects: the route's, a HealthCheckPolicy and GCPBackendPolicy per Service, the GCPGatewayPolicy. */
function gkeRouteObjects(
  f: (n: string) => string,
  w: WorkloadSpec,
  routeObjects: readonly WrittenObject[],
  services: readonly string[],
  gatewayPolicy: { readonly gateway: string } | undefined,
): WrittenObject[] {
  return [
    ...routeObjects,
    ...services.flatMap((s) =>
      ['HealthCheckPolicy (networking.gke.io)', 'GCPBackendPolicy'].map((kind) => ({
        kind,
        namespace: w.namespace,
        name: s,
        field: f('name'),
        fix: 'expose the app through one GKE Gateway route (give it several rules)',
      })),
    ),
    ...(gatewayPolicy
      ? [
          {
            kind: 'GCPGatewayPolicy',
            namespace: w.namespace,
            name: gatewayPolicy.gateway,
            field: f('sslPolicy'),
            fix: 'set the Gateway policy on one route only',
          },
        ]
      : []),
  ];
}
