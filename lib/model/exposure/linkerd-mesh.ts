import { linkerdAnnotations } from './linkerd-annotations';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { checkDnsLabel } from '../kubernetes-syntax';
import { Problems } from '../problems';
import { backendProtocolOf } from '../traffic/backend-protocol';
import { resolveServicePort, versionBackends } from './service-backend';
import { GATEWAY_API_SPLIT } from './gateway-route';
import { ExposureTraits, MeshTrait, traits } from './traits';
import { IMPLEMENTATION_DEFAULTS } from './implementation-defaults';

/** The `kind` of a resolved Linkerd mesh exposure. */
export const LINKERD_MESH_KIND = 'linkerd-mesh';
/** The annotation that injects the Linkerd proxy, on the Namespace or on the pod template. */
export const LINKERD_INJECT_ANNOTATION = 'linkerd.io/inject';

/** A meshed client allowed to call the app: its ServiceAccount (its Linkerd identity). */
export interface LinkerdClientProps {
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

/** Options of the Linkerd mesh routing of an app. */
export interface LinkerdMeshProps {
  /**
   * Who may call the app through the mesh (mTLS identities, i.e. ServiceAccounts): a `Server` on the app's port,
   * a `MeshTLSAuthentication` and an `AuthorizationPolicy`. `'any-meshed'` admits every meshed client (identity `*`).
   * Clients outside the mesh are denied once the Server exists (kubelet probes stay allowed: the Server has no
   * HTTPRoute of its own).
   */
  readonly allowFrom: readonly LinkerdClientProps[] | 'any-meshed';
  /**
   * The Service port the HTTPRoute attaches to (its `parentRef` port), and whose target port the Server guards.
   * Range: 1-65535 (a port of the app's Service).
   * @default the Service's first port
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference (`parentRefs[].port`; Linkerd: https://linkerd.io/2/features/gateway-api/)
   */
  readonly port?: number;
  /**
   * Where `linkerd.io/inject: enabled` goes: on the app's `namespace` (the Namespace the chart manages), on the
   * `pod` template, or nowhere (`false`, injected elsewhere). Under Pod Security "restricted" install Linkerd
   * with its CNI plugin: the `linkerd-init` container needs NET_ADMIN and NET_RAW.
   * @default 'namespace'
   */
  readonly injection?: 'namespace' | 'pod' | false;
}

/** One backend of the Linkerd route: a Service (per version when there are several) and its declared share. */
export interface LinkerdBackendSpec {
  readonly serviceName: string;
  readonly port: number;
  /**
   * Percent of traffic, 0-100: the version's declared share (`versions[].weight`, e.g. 0.5), or 100 for the
   * app's Service of a single-version app and for the canary header rule's backend. The renderer writes the
   * integer weights (`writtenWeights` within `GATEWAY_API_SPLIT`: 0.5 -> 995/5).
   */
  readonly share: number;
  readonly version?: string;
  /** True when Argo Rollouts moves this backend's weight (its stable and canary Services): written even at 0. */
  readonly driven?: boolean;
}

/** The resolved Linkerd mesh routing and authorization. */
export interface LinkerdMeshSpec extends ExposureSpec {
  readonly kind: typeof LINKERD_MESH_KIND;
  /** The HTTPRoute name: `<service>-mesh` (apart from a Gateway API route exposure's `<service>`). */
  readonly name: string;
  /** The Server and AuthorizationPolicy name, `<service>-<port>` (the MeshTLSAuthentication: `<service>-<port>-clients`). */
  readonly policyName: string;
  /** The app Service: the route's parent. */
  readonly serviceName: string;
  readonly port: number;
  /** The container port the Service port targets (the Server's `port`: its name, else its number). */
  readonly podPort: string | number;
  /** Linkerd's protocol for the Server: `HTTP/1`, `HTTP/2` or `gRPC`. */
  readonly proxyProtocol: 'HTTP/1' | 'HTTP/2' | 'gRPC';
  /** The weighted rule's backends, stable first, with their declared shares (written as the same integer weights as the other layers). */
  readonly backends: readonly LinkerdBackendSpec[];
  /** The backend of the canary header rule, when `traffic.canaryHeader` is set and there is a canary. */
  readonly canaryBackend?: LinkerdBackendSpec;
  readonly injection?: 'namespace' | 'pod';
  /** The allowed identities; `'any-meshed'` for every meshed client. */
  readonly clients: readonly { readonly serviceAccount?: string; readonly namespace: string }[] | 'any-meshed';
  /** Retry and timeout settings, as typed values (the renderer writes Linkerd's annotations). */
  readonly retry?: {
    readonly statusCodes: readonly number[];
    readonly limit: number;
    readonly timeoutSeconds?: number;
    readonly dropped: readonly string[];
  };
  readonly requestTimeoutSeconds?: number;
  readonly idleTimeoutSeconds: number;
}

/**
 * The app is in a Linkerd mesh (2.18 or later): a Gateway API HTTPRoute whose parent is the app's Service splits
 * traffic between the per-version Services by the version weights, with the canary header rule first; retries and
 * timeouts of the traffic policy become Linkerd's `retry.linkerd.io/*` and `timeout.linkerd.io/*` annotations on
 * the route; `allowFrom` becomes a Server, a MeshTLSAuthentication and an AuthorizationPolicy. The route holds only
 * Gateway API 1.2.1 fields Linkerd reads (Linkerd ignores a route with newer ones).
 *
 * ```ts
 * expose: [Mesh.linkerd({ allowFrom: [{ serviceAccount: 'web', namespace: 'shop' }] })],
 * ```
 */
export class LinkerdMesh implements IExposure {
  readonly kind = LINKERD_MESH_KIND;

  constructor(readonly props: LinkerdMeshProps) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): LinkerdMeshSpec {
    const p = (this.props ?? {}) as LinkerdMeshProps;
    const service = w.service;
    if (!service) {
      problems.add(
        field,
        LINKERD_MESH_KIND,
        'mesh routing needs the app Service (the HTTPRoute attaches to it)',
        'remove `service: false`, or remove the mesh exposure',
      );
    }
    const serviceName = service?.name ?? w.name;
    const sp = service ? resolveServicePort(problems, `${field}.port`, w, p.port) : undefined;
    const port = sp?.port ?? 80;

    const injection = resolveInjection(problems, field, p, w);

    const clients = resolveClients(problems, field, p, w);

    const protocol = backendProtocolOf(w);
    const proxyProtocol = protocol === 'grpc' ? 'gRPC' : protocol === 'http2' ? 'HTTP/2' : 'HTTP/1';
    const t = w.traffic;
    const retry = resolveRetry(problems, w, protocol);

    // The declared shares, stable first (rule CT-TRAFFIC-013 reports a split the route cannot write exactly).
    const all = versionBackends(w, port, 'linkerd');
    const backends: LinkerdBackendSpec[] = all;
    const canary = all.find((b) => !b.stable);
    const canaryBackend = t.canaryHeader && canary ? { ...canary, share: 100 } : undefined;

    const name = `${serviceName}-mesh`;
    const policyName = `${serviceName}-${port}`;
    const once = 'one Mesh.linkerd() exposure per app and Service port';
    return {
      traits: traits({
        label: `Linkerd HTTPRoute "${name}"`,
        implementationDefaults: IMPLEMENTATION_DEFAULTS.linkerd,
        reach: 'cluster',
        hosts: [],
        split: GATEWAY_API_SPLIT,
        routesCanaryHeader: true,
        needsDrain: false,
        grpc: false,
        // In-mesh clients are pods the network policy cannot know: the dataplane policy's `allowFrom` names them.
        fronts: [{ why: `${field} Linkerd mesh clients`, from: { kind: 'mesh-clients' }, ports: [], healthChecks: [] }],
        retries: linkerdRetries(retry, t.retry !== undefined),
        requestTimeout: { written: true },
        support: { idleTimeout: { state: 'applied', where: `Linkerd HTTPRoute "${name}": timeout.linkerd.io/idle` } },
        objects: [
          { kind: 'HTTPRoute', namespace: w.namespace, name, field, fix: once },
          { kind: 'Server', namespace: w.namespace, name: policyName, field, fix: once },
          { kind: 'AuthorizationPolicy', namespace: w.namespace, name: policyName, field, fix: once },
          { kind: 'MeshTLSAuthentication', namespace: w.namespace, name: `${policyName}-clients`, field, fix: once },
        ],
        mesh: {
          mesh: 'linkerd',
          sidecar: injection === 'namespace' || injection === 'pod',
          field: `${field}.injection`,
          authorization: serverAuthorization(policyName, sp?.target.port ?? port, clients),
          // Flagger's gatewayapi:v1 provider makes this HTTPRoute: parented by the app's Service, with Linkerd's
          // annotations on the apex Service it makes there.
          delivered: {
            parentService: { name: serviceName, port },
            parentAnnotations: linkerdAnnotations({
              ...(retry ? { retry } : {}),
              requestTimeoutSeconds: t.requestTimeoutSeconds,
              idleTimeoutSeconds: t.idleTimeoutSeconds,
            }),
          },
        },
        namespaceAnnotations: injection === 'namespace' ? { [LINKERD_INJECT_ANNOTATION]: 'enabled' } : {},
        podAnnotations: injection === 'pod' ? { [LINKERD_INJECT_ANNOTATION]: 'enabled' } : {},
      }),
      kind: LINKERD_MESH_KIND,
      name,
      policyName,
      serviceName,
      port,
      podPort: sp?.targetPort ?? port,
      proxyProtocol,
      backends,
      ...(canaryBackend ? { canaryBackend } : {}),
      ...(injection === 'namespace' || injection === 'pod' ? { injection } : {}),
      clients,
      ...(retry ? { retry } : {}),
      requestTimeoutSeconds: t.requestTimeoutSeconds,
      idleTimeoutSeconds: t.idleTimeoutSeconds,
    };
  }
}

/** What a declared caller's grant targets: the app's `Server` (deny unless authorized) on the pods' port. */
function serverAuthorization(
  name: string,
  podPort: number,
  clients: LinkerdMeshSpec['clients'],
): NonNullable<MeshTrait['authorization']> {
  return {
    targetGroup: 'policy.linkerd.io',
    targetKind: 'Server',
    targetName: name,
    podPort,
    admits: clients === 'any-meshed' ? 'any-meshed' : 'listed',
  };
}

/** The meshed clients admitted: ServiceAccounts (by namespace), or any meshed client. */
function resolveClients(
  problems: Problems,
  field: string,
  p: LinkerdMeshProps,
  w: WorkloadSpec,
): LinkerdMeshSpec['clients'] {
  let clients: LinkerdMeshSpec['clients'] = [];
  if (p.allowFrom === 'any-meshed') clients = 'any-meshed';
  else if (!Array.isArray(p.allowFrom) || p.allowFrom.length === 0) {
    problems.add(
      `${field}.allowFrom`,
      p.allowFrom,
      "lists no client: Linkerd would apply the cluster's default policy (all-unauthenticated unless changed) to the app",
      "list the client ServiceAccounts, e.g. [{ serviceAccount: 'web', namespace: 'shop' }], or write 'any-meshed' to admit every meshed client",
    );
  } else {
    clients = p.allowFrom.map((c, i) => {
      const cf = `${field}.allowFrom[${i}]`;
      if (!c || typeof c !== 'object' || (c.serviceAccount === undefined && c.namespace === undefined)) {
        problems.add(
          cf,
          c,
          'names no ServiceAccount or namespace',
          "write { serviceAccount: 'web', namespace: 'shop' } (a namespace alone admits all its ServiceAccounts)",
        );
        return { namespace: w.namespace };
      }
      if (c.serviceAccount !== undefined) checkDnsLabel(problems, `${cf}.serviceAccount`, c.serviceAccount, 253);
      if (c.namespace !== undefined) checkDnsLabel(problems, `${cf}.namespace`, c.namespace);
      return {
        ...(c.serviceAccount !== undefined ? { serviceAccount: c.serviceAccount } : {}),
        namespace: c.namespace ?? w.namespace,
      };
    });
  }
  return clients;
}

/** The retry policy: Linkerd retries HTTP (not gRPC) on status codes only. */
function resolveRetry(problems: Problems, w: WorkloadSpec, protocol: string): LinkerdMeshSpec['retry'] {
  const t = w.traffic;
  let retry: LinkerdMeshSpec['retry'];
  if (t.retry) {
    if (protocol === 'grpc') {
      problems.add(
        'traffic.retry',
        t.retry.on,
        'is written as retry.linkerd.io/http, which Linkerd does not apply to gRPC (it retries gRPC by status on a GRPCRoute, which Mesh.linkerd() does not write)',
        'remove traffic.retry for this gRPC app, or retry in the client',
      );
    }
    const statusCodes = t.retry.on.filter((c): c is 502 | 503 | 504 => typeof c === 'number');
    const dropped = t.retry.on.filter((c) => typeof c !== 'number').map(String);
    if (statusCodes.length === 0) {
      problems.add(
        'traffic.retry.on',
        t.retry.on,
        'lists no HTTP status code, and Linkerd retries only on status codes (connection failures are retried by the proxy itself)',
        'add the status codes to retry on, e.g. on: [502, 503]',
      );
    }
    retry = { statusCodes, limit: t.retry.attempts, timeoutSeconds: t.retry.perTryTimeoutSeconds, dropped };
  }
  return retry;
}

/** Where the proxy is injected: by the Namespace's annotation (not `default`), the pods', or elsewhere (false). */
function resolveInjection(problems: Problems, field: string, p: LinkerdMeshProps, w: WorkloadSpec) {
  const injection = p.injection ?? 'namespace';
  if (injection !== 'namespace' && injection !== 'pod' && injection !== false) {
    problems.add(
      `${field}.injection`,
      injection,
      "is not 'namespace', 'pod' or false",
      "use 'namespace' (the default), 'pod', or false when the proxy is injected elsewhere",
    );
  } else if (injection === 'namespace' && w.namespace === 'default') {
    problems.add(
      `${field}.injection`,
      injection,
      'annotates the Namespace, and the library does not manage the `default` namespace',
      "put the app in its own namespace, or use injection: 'pod'",
    );
  }
  return injection;
}

/** Whether the retries are written: Linkerd retries only on HTTP status codes. */
function linkerdRetries(retry: LinkerdMeshSpec['retry'], declared: boolean): ExposureTraits['retries'] {
  const noRetry = retry === undefined || retry.statusCodes.length === 0;
  return noRetry && declared
    ? {
        written: false,
        message: 'Linkerd retries only on HTTP status codes',
        fix: 'add status codes to traffic.retry.on',
      }
    : { written: true };
}
