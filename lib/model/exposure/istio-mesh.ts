import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { ExposureTraits, traits, WeightSplit } from './traits';
import { VersionBackendSpec, versionBackends } from './service-backend';
import { findPort } from '../workload/port-resolution';
import { checkDnsSubdomain } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { LinkerdMesh, LinkerdMeshProps } from './linkerd-mesh';
import { IMPLEMENTATION_DEFAULTS } from './implementation-defaults';
import {
  ambientTraits,
  authorizationObject,
  IstioAuthorizationSpec,
  IstioClientProps,
  resolveIstioClients,
  IstioMeshRouteSpec,
  IstioWaypointProps,
  IstioWaypointSpec,
  resolveWaypoint,
} from './istio-ambient';
import { istioMeshTrait } from './istio-mesh-traffic';
import { labelsOnlySelector } from '../delivery/primary-pods';

/** Options of the Istio mesh routing of an app. */
export interface IstioMeshProps {
  /**
   * The hosts the VirtualService routes (what clients in the mesh call).
   * @default the app Service's cluster-local name, `<service>.<namespace>.svc.cluster.local`
   */
  readonly hosts?: readonly string[];
  /**
   * Istio Gateways (`<namespace>/<name>`) the VirtualService also applies to; `mesh` (the sidecars) is
   * always included.
   * @default none: sidecars only
   */
  readonly gateways?: readonly string[];
  /**
   * The Service port the routes send to.
   * Range: 1-65535 (a port of the app's Service).
   * @default the Service's first port
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#PortSelector (`destination.port.number`)
   */
  readonly port?: number;
  /**
   * How the app's namespace joins the mesh, written as a label on the Namespace the chart manages:
   * 'sidecar' (`istio-injection: enabled`), `{ revision }` (`istio.io/rev: <revision>`, revision-based
   * installs), 'ambient' (`istio.io/dataplane-mode: ambient`), or `false` when the namespace is labelled
   * elsewhere. Under the restricted pod security level, sidecars need the Istio CNI plugin (the
   * `istio-init` container needs NET_ADMIN).
   * @default 'sidecar'
   */
  readonly injection?: 'sidecar' | 'ambient' | { readonly revision: string } | false;
  /**
   * Ambient mode only: the waypoint that applies the app's L7 traffic policy (a Gateway API Gateway of class
   * `istio-waypoint`, `istio.io/waypoint-for: service`, in the app's namespace, used through the Service's
   * `istio.io/use-waypoint` label). Apps of one namespace share a waypoint of the same name.
   * @default { name: 'waypoint' } in the app's namespace, with `injection: 'ambient'`
   * @see https://istio.io/latest/docs/ambient/usage/waypoint/
   */
  readonly waypoint?: IstioWaypointProps;
  /**
   * How the sidecars route: a `VirtualService` with a `DestinationRule` (subsets by version), or `'gateway-api'`, an
   * HTTPRoute `<service>-mesh` parented by the Service (GAMMA; no VirtualService or DestinationRule, so the idle
   * timeout and connection limits are not written). Ambient mode always uses the Gateway API route, through its
   * waypoint.
   * @default 'virtual-service' with sidecars; 'gateway-api' in ambient mode
   * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/#mesh-traffic
   */
  readonly routing?: 'virtual-service' | 'gateway-api';
  /**
   * Who may call the app through the mesh (mTLS identities): an ALLOW `AuthorizationPolicy` (security.istio.io/v1)
   * of these ServiceAccounts or namespaces, bound to the app's Service with `targetRefs` in ambient mode (the waypoint
   * enforces it) and selecting the app's pods in sidecar mode. Every other caller is denied once it exists. Each app
   * in the mesh that declares a call to this one (`calls: [app]`) is granted too: an ALLOW policy
   * `<service>-from-<caller>` of its ServiceAccount's principal on the called ports. `'callers'`: those apps only
   * (the app's own policy then admits no one by itself).
   * @default none: no AuthorizationPolicy is written (the mesh's own policies apply)
   * @example [{ serviceAccount: 'productpage', namespace: 'bookinfo' }]
   * @see https://istio.io/latest/docs/reference/config/security/authorization-policy/
   */
  readonly allowFrom?: readonly IstioClientProps[] | 'callers';
}

/** Namespace labels that put a namespace in an Istio mesh. */
export const ISTIO_NAMESPACE_LABELS = ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode'] as const;

/** The resolved Istio mesh routing. */
export interface IstioMeshSpec extends ExposureSpec {
  readonly kind: 'istio-mesh';
  /** The VirtualService and DestinationRule name (the app Service's name). */
  readonly name: string;
  readonly hosts: readonly string[];
  /** The Service FQDN destinations route to (the per-version subsets select by the `version` label). */
  readonly destinationHost: string;
  /** `mesh` first, then the given gateways. */
  readonly gateways: readonly string[];
  readonly port: number;
  /**
   * One backend per version of the Service port, stable first: the VirtualService's subsets (by the `version` label of
   * the destination host) and their declared shares, written as Istio's integer weights.
   */
  readonly backends: readonly VersionBackendSpec[];
  /** The Namespace label that puts the namespace in the mesh; undefined: labelled elsewhere. */
  readonly namespaceLabel?: { readonly key: (typeof ISTIO_NAMESPACE_LABELS)[number]; readonly value: string };
  /**
   * The Gateway API mesh route parented by the Service, written instead of the VirtualService and the
   * DestinationRule: in ambient mode with its waypoint, with sidecars when `routing` is 'gateway-api'; undefined:
   * the VirtualService and DestinationRule.
   */
  readonly gatewayApi?: { readonly waypoint?: IstioWaypointSpec; readonly route: IstioMeshRouteSpec };
  /** The AuthorizationPolicy of `allowFrom`; undefined: none written. */
  readonly authorization?: IstioAuthorizationSpec;
}

/**
 * The app is in an Istio mesh: its traffic policy is rendered as a `VirtualService` (weights per
 * version subset, the canary header route, retries, timeout) and a `DestinationRule` (subsets per
 * version by the `version` label, load balancing, outlier detection, connection pool).
 *
 * ```ts
 * expose: [Mesh.istio()],
 * ```
 * The chart labels the app's namespace for sidecar injection (see `injection`); under the restricted pod
 * security level use the Istio CNI plugin, since the `istio-init` container needs NET_ADMIN.
 */
export class IstioMesh implements IExposure {
  readonly kind = 'istio-mesh';

  constructor(readonly props: IstioMeshProps = {}) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): IstioMeshSpec {
    const p = this.props;
    const service = requireService(problems, field, w);
    const name = service?.name ?? w.name;
    const destinationHost = `${name}.${w.namespace}.svc.cluster.local`;
    const hosts = p.hosts ?? [destinationHost];
    checkMeshHosts(problems, field, hosts);
    checkGatewayRefs(problems, field, p.gateways);
    const port = resolveMeshPort(problems, field, p.port, service, name);
    const namespaceLabel = resolveInjection(problems, `${field}.injection`, w.namespace, p.injection);
    const hostTraits = hosts.map((host) => ({ host, paths: [] }));
    const namespaceLabels = namespaceLabel ? { [namespaceLabel.key]: namespaceLabel.value } : {};
    const backends = versionBackends(w, port, 'istio');
    const gatewayApi = resolveGatewayApiRouting(problems, field, w, p, namespaceLabel, name, backends);
    const authorization = resolveIstioClients(
      problems,
      `${field}.allowFrom`,
      w,
      p.allowFrom,
      // With Flagger, a label its primary pods keep too (Istio's workload selector takes labels only).
      gatewayApi?.waypoint ? { service: name } : { selector: labelsOnlySelector(w) },
    );
    const gateways = ['mesh', ...(p.gateways ?? [])];
    const meshTrait = istioMeshTrait(field, w, namespaceLabel, gatewayApi?.waypoint, authorization, gateways);
    const base = { hosts: hostTraits, namespaceLabels, mesh: meshTrait, ...ISTIO_DEFAULTS };
    return {
      kind: 'istio-mesh',
      name,
      hosts: [...hosts],
      destinationHost,
      gateways,
      port,
      backends,
      namespaceLabel,
      ...(gatewayApi ? { gatewayApi } : {}),
      ...(authorization ? { authorization } : {}),
      traits: gatewayApi
        ? ambientTraits(
            field,
            w,
            gatewayApi.route,
            gatewayApi.waypoint,
            base,
            authorization !== undefined,
            authorization?.callersOnly,
          )
        : traits({
            ...base,
            label: `Istio VirtualService "${name}"`,
            reach: 'cluster',
            split: ISTIO_SPLIT,
            routesCanaryHeader: true,
            needsDrain: false,
            // With `allowFrom: 'callers'` the in-mesh clients are the declared callers, whose allowances admit them.
            fronts: authorization?.callersOnly
              ? []
              : [{ why: `${field} Istio mesh clients`, from: { kind: 'mesh-clients' }, ports: [], healthChecks: [] }],
            retries: { written: true },
            requestTimeout: { written: true },
            ...ISTIO_LAYER,
            support: istioSupport(name),
            objects: [
              ...authorizationObject(w, field, authorization),
              { kind: 'VirtualService', namespace: w.namespace, name, field, fix: 'one Mesh.istio() exposure per app' },
              {
                kind: 'DestinationRule',
                namespace: w.namespace,
                name,
                field,
                fix: 'one Mesh.istio() exposure per app',
              },
            ],
          }),
    };
  }
}

/** The app's Service, which the mesh routes to (a problem when the app has none). */
function requireService(problems: Problems, field: string, w: WorkloadSpec): WorkloadSpec['service'] {
  if (!w.service)
    problems.add(
      field,
      'istio-mesh',
      'mesh routing needs the app Service (the VirtualService routes to it)',
      'remove `service: false`, or remove the mesh exposure',
    );
  return w.service;
}

/** Every balancing algorithm, in the DestinationRule's `trafficPolicy.loadBalancer` (sidecar mode). */
const ISTIO_BALANCING: ExposureTraits['loadBalancing'] = {
  algorithms: ['round-robin', 'least-request', 'random', 'hash-header', 'hash-cookie', 'hash-source-ip', 'locality'],
  where: 'DestinationRule trafficPolicy.loadBalancer',
};

/** What Istio applies by itself: every balancing algorithm, and its own timeouts where none is written. */
/** Istio's own timeouts where the written objects set none (the streaming chain reads them), in both modes. */
const ISTIO_DEFAULTS = { implementationDefaults: IMPLEMENTATION_DEFAULTS.istio };

const ISTIO_LAYER: Pick<ExposureTraits, 'loadBalancing' | 'implementationDefaults'> = {
  loadBalancing: ISTIO_BALANCING,
  implementationDefaults: IMPLEMENTATION_DEFAULTS.istio,
};

/**
 * What Istio (sidecar mode) does with the settings its other traits do not say: the DestinationRule writes the idle
 * timeout and the connection limits. Ambient mode has its own traits (`ambientTraits`: the waypoint's route).
 * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
 */
function istioSupport(name: string): ExposureTraits['support'] {
  const applied = (where: string) => ({
    state: 'applied' as const,
    where: `Istio DestinationRule "${name}": ${where}`,
  });
  return {
    idleTimeout: applied('connectionPool idleTimeout'),
    connectionLimits: applied('connectionPool, outlierDetection'),
  };
}

/**
 * The Gateway API mesh route: in ambient mode with the waypoint (a VirtualService there is refused: only a waypoint
 * would apply it, and mixing it with Gateway API routes is undefined), with sidecars when `routing` is 'gateway-api';
 * undefined for the VirtualService. `waypoint` outside ambient mode is refused.
 */
function resolveGatewayApiRouting(
  problems: Problems,
  field: string,
  w: WorkloadSpec,
  p: IstioMeshProps,
  namespaceLabel: IstioMeshSpec['namespaceLabel'],
  serviceName: string,
  backends: readonly VersionBackendSpec[],
): IstioMeshSpec['gatewayApi'] {
  const ambient = namespaceLabel?.key === 'istio.io/dataplane-mode';
  const routing = p.routing ?? (ambient ? 'gateway-api' : 'virtual-service');
  if (routing !== 'gateway-api' && routing !== 'virtual-service')
    problems.add(`${field}.routing`, routing, "is not 'virtual-service' or 'gateway-api'", 'leave `routing` out');
  else if (ambient && routing === 'virtual-service')
    problems.add(
      `${field}.routing`,
      routing,
      'is not applied in ambient mode: ztunnel is L4 only, and the waypoint applies the Gateway API route',
      "leave `routing` out in ambient mode (the waypoint's HTTPRoute is written), or use `injection: 'sidecar'`",
    );
  if (!ambient && p.waypoint !== undefined)
    problems.add(
      `${field}.waypoint`,
      p.waypoint,
      'is set, but the app is not in ambient mode: sidecars apply the routes themselves and use no waypoint',
      "set `injection: 'ambient'`, or remove `waypoint`",
    );
  if (!ambient && routing !== 'gateway-api') return undefined;
  const canary = backends.find((b) => !b.stable);
  const canaryBackend = w.traffic.canaryHeader && canary ? { ...canary, share: 100 } : undefined;
  return {
    ...(ambient ? { waypoint: resolveWaypoint(problems, `${field}.waypoint`, w, p.waypoint) } : {}),
    route: { name: `${serviceName}-mesh`, serviceName, ...(canaryBackend ? { canaryBackend } : {}) },
  };
}

/** The mesh VirtualService's hosts: at least one, DNS names (`*.` wildcards allowed). */
function checkMeshHosts(problems: Problems, field: string, hosts: readonly string[]): void {
  if (hosts.length === 0)
    problems.add(
      `${field}.hosts`,
      hosts,
      'lists no host',
      'leave `hosts` out (the Service name is used) or list at least one',
    );
  hosts.forEach((h, i) => checkDnsSubdomain(problems, `${field}.hosts[${i}]`, h.startsWith('*.') ? h.slice(2) : h));
}

/** Istio Gateways the mesh VirtualService also applies to: `<namespace>/<name>` references. */
function checkGatewayRefs(problems: Problems, field: string, gateways: IstioMeshProps['gateways']): void {
  (gateways ?? []).forEach((g, i) => {
    if (!/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\/)?[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/.test(g) || g === 'mesh') {
      problems.add(
        `${field}.gateways[${i}]`,
        g,
        'is not an Istio Gateway reference',
        'use "<namespace>/<name>" of an Istio Gateway ("mesh" is always included)',
      );
    }
  });
}

/** The Service port the mesh routes send to: `port`, else the Service's first. */
function resolveMeshPort(
  problems: Problems,
  field: string,
  wanted: number | undefined,
  service: WorkloadSpec['service'],
  name: string,
): number {
  let port = service?.ports[0]?.port ?? 80;
  if (wanted !== undefined) {
    if (service && !findPort(service.ports, wanted)) {
      problems.add(
        `${field}.port`,
        wanted,
        `is not a port of the Service ${name} (${service.ports.map((sp) => sp.port).join(', ')})`,
        'use one of the Service ports, or leave `port` out',
      );
    }
    port = wanted;
  }
  return port;
}

/** Service mesh routing of an app. */
export class Mesh {
  /**
   * Istio: a VirtualService and a DestinationRule rendered from the app's versions and traffic policy.
   * @example
   * Mesh.istio(); // VirtualService and DestinationRule for the app's Service, split by version
   */
  static istio(props: IstioMeshProps = {}): IstioMesh {
    return new IstioMesh(props);
  }

  /**
   * Linkerd (2.18 or later): an HTTPRoute with the app's Service as parent (version weights, the canary header
   * rule), Linkerd's retry and timeout annotations, and a Server + AuthorizationPolicy for `allowFrom`.
   * @example
   * Mesh.linkerd({ allowFrom: [{ serviceAccount: 'storefront', namespace: 'shop' }] });
   */
  static linkerd(props: LinkerdMeshProps): LinkerdMesh {
    return new LinkerdMesh(props);
  }

  private constructor() {}
}

function resolveInjection(
  problems: Problems,
  field: string,
  namespace: string,
  injection: IstioMeshProps['injection'],
): IstioMeshSpec['namespaceLabel'] {
  const i = injection ?? 'sidecar';
  if (i === false) return undefined;
  let label: IstioMeshSpec['namespaceLabel'];
  if (i === 'sidecar') label = { key: 'istio-injection', value: 'enabled' };
  else if (i === 'ambient') label = { key: 'istio.io/dataplane-mode', value: 'ambient' };
  else if (
    typeof i === 'object' &&
    typeof i.revision === 'string' &&
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(i.revision)
  )
    label = { key: 'istio.io/rev', value: i.revision };
  else {
    problems.add(
      field,
      i,
      "is not 'sidecar', 'ambient', { revision } with a revision name, or false",
      "use 'sidecar' (the default), { revision: '1-24' } for a revision-based install, 'ambient', or false",
    );
    return undefined;
  }
  if (namespace === 'default') {
    problems.add(
      field,
      injection ?? 'sidecar',
      'joins the namespace to the mesh by a namespace label, and the library does not manage the `default` namespace',
      `put the app in its own namespace, or set \`injection: false\` and label \`default\` with ${label.key}=${label.value} yourself`,
    );
  }
  return label;
}

/** Istio route weights: whole numbers whose sum fits an int32. */
export const ISTIO_SPLIT: WeightSplit = {
  by: 'weight',
  maxTotal: 2_147_483_647,
  maxWeight: 2_147_483_647,
  precision: 'whole-number weights',
};
