import type { WorkloadSpec } from '../app-spec';
import { checkDnsLabel } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { NOT_CARRIED_OUT } from '../traffic/layer-support';
import { GATEWAY_API_SPLIT } from './gateway-route';
import { httpRouteRetryWritten } from '../targets/written-for-targets';
import type { VersionBackendSpec } from './service-backend';
import { ExposureTraits, FrontTrait, traits } from './traits';

/** The GatewayClass of Istio's waypoint proxies (ambient mode). */
export const ISTIO_WAYPOINT_CLASS = 'istio-waypoint';
/** The label on a waypoint Gateway saying what traffic it handles; `service`: traffic addressed to Services. */
export const ISTIO_WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
/** The label on a Service (or Namespace) that sends its traffic through the named waypoint. */
export const ISTIO_USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** The port of HBONE, the tunnel ztunnel and waypoints use to reach ambient pods. */
export const ISTIO_HBONE_PORT = 15008;
/** The address ztunnel gives the kubelet's probes of ambient pods (a default-deny policy must admit it). */
export const ISTIO_AMBIENT_PROBE_CIDR = '169.254.7.127/32';

/** The waypoint of an app in Istio ambient mode. */
export interface IstioWaypointProps {
  /**
   * The waypoint's name (a Gateway API Gateway of class `istio-waypoint`). Apps of one namespace may share one.
   * @default 'waypoint'
   */
  readonly name?: string;
  /**
   * The waypoint's namespace: the app's own (a Service uses a waypoint of its namespace here).
   * @default the app's namespace
   */
  readonly namespace?: string;
}

/** The resolved waypoint. */
export interface IstioWaypointSpec {
  readonly name: string;
  readonly namespace: string;
}

/** The Gateway API mesh route (GAMMA) of an app in Istio: an HTTPRoute parented by the app's Service. */
export interface IstioMeshRouteSpec {
  /** The HTTPRoute's name, `<service>-mesh`. */
  readonly name: string;
  /** The app Service: the route's parent. */
  readonly serviceName: string;
  /** The backend of the canary header rule, when `traffic.canaryHeader` is set and there is a canary. */
  readonly canaryBackend?: VersionBackendSpec;
}

/** Resolves and checks the waypoint: its name, and its namespace (the app's). */
export function resolveWaypoint(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  p: IstioWaypointProps | undefined,
): IstioWaypointSpec {
  const name = p?.name ?? 'waypoint';
  checkDnsLabel(problems, `${field}.name`, name);
  const namespace = p?.namespace ?? w.namespace;
  if (namespace !== w.namespace) {
    problems.add(
      `${field}.namespace`,
      namespace,
      `is not the app's namespace (${w.namespace}): the waypoint this library writes and the \`${ISTIO_USE_WAYPOINT_LABEL}\` label it puts on the Service name a waypoint of the Service's own namespace`,
      `leave \`namespace\` out (the waypoint is written in ${w.namespace}), or move the app to namespace ${namespace}`,
    );
  }
  return { name, namespace: w.namespace };
}

/**
 * The traits of an app in Istio ambient mode: the waypoint applies the Service-parented HTTPRoute (weights of the
 * per-version Services, the canary header rule, the request timeout; retries with the experimental channel), and
 * neither VirtualService nor DestinationRule is written (mixing them with Gateway API routes in ambient is undefined).
 * The pods are reached over HBONE (port 15008) from the waypoint, and the kubelet's probes come from ztunnel's
 * link-local address.
 * @see https://istio.io/latest/docs/ambient/usage/waypoint/
 * @see https://istio.io/latest/docs/ambient/usage/networkpolicy/
 */
export function ambientTraits(
  field: string,
  w: WorkloadSpec,
  route: IstioMeshRouteSpec,
  waypoint: IstioWaypointSpec | undefined,
  base: Pick<ExposureTraits, 'hosts' | 'namespaceLabels' | 'mesh'>,
  authorized = false,
  callersOnly = false,
): ExposureTraits {
  const label = waypoint
    ? `Istio waypoint "${waypoint.name}" (HTTPRoute "${route.name}")`
    : `Istio HTTPRoute "${route.name}" (sidecars)`;
  const once = 'one Mesh.istio() exposure per app';
  const notCarried = (what: string) => ({
    state: 'warned' as const,
    id: NOT_CARRIED_OUT,
    why: `${label}: ${what}: the route has no field for it (Gateway API), and no DestinationRule is written beside it, so ${waypoint ? "the waypoint's" : "the sidecars'"} defaults apply`,
  });
  const fronts: FrontTrait[] = waypoint
    ? ambientFronts(field, w, waypoint)
    : callersOnly // `allowFrom: 'callers'`: the declared callers, admitted by their allowances
      ? []
      : [{ why: `${field} Istio mesh clients`, from: { kind: 'mesh-clients' }, ports: [], healthChecks: [] }];
  const retryWritten = httpRouteRetryWritten(w);
  return traits({
    ...base,
    label,
    reach: 'cluster',
    split: GATEWAY_API_SPLIT,
    routesCanaryHeader: true,
    needsDrain: false,
    fronts,
    retries: retryWritten
      ? { written: true }
      : {
          written: false,
          message:
            'retries are declared, but HTTPRoute `retry` is in the Gateway API experimental channel before 1.7: the mesh route is written without them',
          fix: "set `traffic.gatewayApiChannel: 'experimental'` (the cluster needs the experimental HTTPRoute CRD), declare Gateway API 1.7 in the targets, or acknowledge CT-TRAFFIC-030",
        },
    requestTimeout: { written: true },
    support: {
      idleTimeout: notCarried('the idle timeout'),
      connectionLimits: notCarried('connection limits and outlier detection'),
    },
    objects: [
      ...authorizationObject(w, field, authorized ? { name: route.serviceName } : undefined),
      { kind: 'HTTPRoute', namespace: w.namespace, name: route.name, field, fix: once },
      ...waypointObject(field, waypoint),
    ],
  });
}

/** The waypoint among the written objects: shared by the apps of its namespace that name it. */
function waypointObject(field: string, waypoint: IstioWaypointSpec | undefined): ExposureTraits['objects'] {
  if (!waypoint) return [];
  return [
    {
      kind: 'Gateway',
      namespace: waypoint.namespace,
      name: waypoint.name,
      field: `${field}.waypoint`,
      shared: {
        settings: { gatewayClassName: ISTIO_WAYPOINT_CLASS, [ISTIO_WAYPOINT_FOR_LABEL]: 'service' },
        fix: 'give the waypoint another `name`: another Gateway of this name is written in the namespace',
      },
    },
  ];
}

/** The waypoint on HBONE (15008), and the kubelet's probes through ztunnel's link-local address. */
function ambientFronts(field: string, w: WorkloadSpec, waypoint: IstioWaypointSpec): FrontTrait[] {
  const c = w.container;
  const probePorts = [
    ...new Set(
      [c.readiness, c.liveness, c.startup].flatMap((pr) => (pr?.portNumber !== undefined ? [pr.portNumber] : [])),
    ),
  ];
  const fronts: FrontTrait[] = [
    {
      why: `${field} Istio waypoint "${waypoint.name}" (HBONE)`,
      from: {
        kind: 'peer',
        peer: {
          kind: 'pods',
          namespace: waypoint.namespace,
          labels: { 'gateway.networking.k8s.io/gateway-name': waypoint.name },
        },
      },
      ports: [{ port: ISTIO_HBONE_PORT, protocol: 'TCP' }],
      healthChecks: [],
    },
    ...(probePorts.length > 0
      ? [
          {
            why: `${field} the kubelet's probes through ztunnel (${ISTIO_AMBIENT_PROBE_CIDR})`,
            from: { kind: 'peer' as const, peer: { kind: 'cidrs' as const, cidrs: [ISTIO_AMBIENT_PROBE_CIDR] } },
            ports: probePorts.map((port) => ({ port, protocol: 'TCP' as const })),
            healthChecks: [],
          },
        ]
      : []),
  ];
  return fronts;
}

/** A meshed client allowed to call the app: its ServiceAccount (its mTLS identity), or every one of a namespace. */
export interface IstioClientProps {
  /**
   * The client's ServiceAccount.
   * @default - every ServiceAccount of `namespace`
   */
  readonly serviceAccount?: string;
  /**
   * The client's namespace.
   * @default the app's namespace
   */
  readonly namespace?: string;
}

/** The resolved authorization: the principals (`<trust domain>/ns/<ns>/sa/<sa>`) and namespaces admitted. */
export interface IstioAuthorizationSpec {
  /** The AuthorizationPolicy's name (the app Service's). */
  readonly name: string;
  readonly principals: readonly string[];
  readonly namespaces: readonly string[];
  /** Ambient: bound to the Service (`targetRefs`, enforced by the waypoint); sidecar: selects the app's pods. */
  readonly target: { readonly service: string } | { readonly selector: Readonly<Record<string, string>> };
  /** True for `allowFrom: 'callers'`: the in-mesh clients are exactly the apps that declare a call to this one. */
  readonly callersOnly?: boolean;
}

/**
 * Resolves `allowFrom` into an ALLOW AuthorizationPolicy: identities by the `cluster.local` trust domain (Istio's
 * default; trust domain aliases keep it valid after a change), whole namespaces by `source.namespaces`.
 * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
 */
export function resolveIstioClients(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  clients: readonly IstioClientProps[] | 'callers' | undefined,
  target: IstioAuthorizationSpec['target'],
): IstioAuthorizationSpec | undefined {
  if (clients === undefined) return undefined;
  // Only the apps that declare a call to this one: the policy admits no one by itself, each call writes its grant.
  if (clients === 'callers')
    return { name: w.service?.name ?? w.name, principals: [], namespaces: [], target, callersOnly: true };
  if (!Array.isArray(clients) || clients.length === 0) {
    problems.add(
      field,
      clients,
      'lists no client: an ALLOW policy without rules denies every request',
      "list the client ServiceAccounts, e.g. [{ serviceAccount: 'productpage', namespace: 'bookinfo' }], write 'callers' to admit the apps that declare a call to this one (`calls`), or leave `allowFrom` out",
    );
    return undefined;
  }
  const principals: string[] = [];
  const namespaces: string[] = [];
  clients.forEach((c, i) => {
    const cf = `${field}[${i}]`;
    if (!c || typeof c !== 'object' || (c.serviceAccount === undefined && c.namespace === undefined)) {
      problems.add(cf, c, 'names no ServiceAccount or namespace', "write { serviceAccount: 'web', namespace: 'shop' }");
      return;
    }
    const ns = c.namespace ?? w.namespace;
    checkDnsLabel(problems, `${cf}.namespace`, ns);
    if (c.serviceAccount === undefined) namespaces.push(ns);
    else if (checkDnsLabel(problems, `${cf}.serviceAccount`, c.serviceAccount, 253))
      principals.push(`cluster.local/ns/${ns}/sa/${c.serviceAccount}`);
  });
  return { name: w.service?.name ?? w.name, principals, namespaces, target };
}

/** The AuthorizationPolicy among the objects the exposure writes (Linkerd's of the same kind is another group). */
export function authorizationObject(
  w: WorkloadSpec,
  field: string,
  a: Pick<IstioAuthorizationSpec, 'name'> | undefined,
): ExposureTraits['objects'] {
  return a
    ? [
        {
          kind: 'AuthorizationPolicy.security.istio.io',
          namespace: w.namespace,
          name: a.name,
          field: `${field}.allowFrom`,
          fix: 'one Mesh.istio() exposure per app',
        },
      ]
    : [];
}
