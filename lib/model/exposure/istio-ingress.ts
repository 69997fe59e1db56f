import type { WorkloadSpec } from '../app-spec';
import type { ExposureSpec, IExposure } from './exposure';
import { checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import { isRe2Pattern } from '../re2-pattern';
import { Problems } from '../problems';
import type { PortRef } from '../workload/probe';
import { podPortsOfServicePorts } from '../dataplane/exposure-sources';
import { checkHost } from './ingress';
import { ISTIO_SPLIT } from './istio-mesh';
import { resolveServicePort, VersionBackendSpec, versionBackends } from './service-backend';
import { ExposureTraits, RouteClaim, traits } from './traits';

/** The `kind` of a resolved Istio ingress exposure. */
export const ISTIO_INGRESS_KIND = 'istio-ingress';
/** The kind of the Istio Gateway in `traits.objects` (not Gateway API's `Gateway`: another object). */
export const ISTIO_GATEWAY_OBJECT = 'Gateway.networking.istio.io';
/** The label Istio's default ingress gateway pods carry. */
export const ISTIO_DEFAULT_INGRESS_SELECTOR: Readonly<Record<string, string>> = { istio: 'ingressgateway' };

/** TLS of an Istio ingress Gateway: HTTPS on 443 with a certificate from a Secret, HTTP on 80 redirecting to it. */
export interface IstioGatewayTlsProps {
  /**
   * The Secret (type `kubernetes.io/tls`, in the namespace of the ingress gateway pods) with the certificate and
   * key: the server's `credentialName`.
   */
  readonly credentialName: string;
  /**
   * The oldest TLS version the gateway accepts.
   * @default 'TLSV1_3'
   */
  readonly minProtocolVersion?: 'TLSV1_2' | 'TLSV1_3';
  /**
   * Why clients older than TLS 1.3 must be served (required with `minProtocolVersion: 'TLSV1_2'`).
   * @default none
   */
  readonly minProtocolVersionReason?: string;
}

/**
 * An Istio ingress Gateway (`networking.istio.io/v1`) on the ingress gateway pods. Declare it once and pass the same
 * value to every app behind it: it is written once per chart, and declarers that differ are an error.
 */
export interface IstioGatewayProps {
  /** The Gateway's name (what VirtualServices name in `gateways`, as `<namespace>/<name>`). */
  readonly name: string;
  /**
   * Whether the chart writes the Gateway. `false`: it exists (installed with the ingress gateway, or written
   * elsewhere); the VirtualServices name it, and `selector` and `hosts` describe it for the network policy and the
   * host checks (`tls` and `plainHttpReason` are then refused: they would not be written).
   * @default true
   */
  readonly create?: boolean;
  /**
   * The namespace of the Gateway and of the ingress gateway pods (the `credentialName` Secret lives there too).
   * @default 'istio-system'
   */
  readonly namespace?: string;
  /**
   * The labels of the ingress gateway pods the Gateway configures (the network policy admits these pods).
   * @default { istio: 'ingressgateway' } (Istio's default ingress gateway)
   */
  readonly selector?: Readonly<Record<string, string>>;
  /** The hosts the Gateway serves: DNS names, `*.` wildcards, or a single `*` (every host). */
  readonly hosts: readonly string[];
  /**
   * HTTPS on 443 (TLS 1.3 by default) with HTTP on 80 redirecting to it (`httpsRedirect`).
   * @default none: refused unless `plainHttpReason` says why the Gateway serves plain HTTP
   */
  readonly tls?: IstioGatewayTlsProps;
  /**
   * Why the Gateway serves plain HTTP on 80 without TLS (required without `tls`).
   * @default none
   */
  readonly plainHttpReason?: string;
  /**
   * Who can reach the ingress gateway (its Service): `internet` (a public load balancer, Istio's default) or `internal`.
   * @default 'internet'
   */
  readonly reach?: 'internet' | 'internal';
}

/** One URI match of a VirtualService route: exactly one of `exact`, `prefix` or `regex` (RE2, the whole path). */
export interface IstioUriMatchProps {
  /**
   * The path, exactly.
   * @default none
   */
  readonly exact?: string;
  /**
   * A path prefix (a string prefix, not by segment: `/api` also matches `/apis`).
   * @default none
   */
  readonly prefix?: string;
  /**
   * An RE2 regular expression the whole path must match.
   * @default none
   */
  readonly regex?: string;
}

/** Options of an app behind an Istio ingress Gateway. */
export interface IstioIngressProps {
  /** The Gateway (declared once, shared by the apps behind it). */
  readonly gateway: IstioGatewayProps;
  /**
   * The hosts of the app's VirtualService; each must be served by the Gateway.
   * @default the Gateway's hosts
   */
  readonly hosts?: readonly string[];
  /**
   * The URI matches routed to the app (any of them).
   * @default every path (`prefix: '/'`)
   */
  readonly matches?: readonly IstioUriMatchProps[];
  /**
   * Rewrites the matched path (the matched prefix, or the whole path of an exact or regex match) before the request
   * reaches the app.
   * @default none
   */
  readonly rewriteUri?: string;
  /**
   * The Service port the routes send to (name or number).
   * @default the Service's first port
   */
  readonly port?: PortRef;
  /**
   * The VirtualService's name.
   * @default `<service>-ingress`
   */
  readonly name?: string;
}

/** A resolved Istio ingress Gateway. */
export interface IstioGatewaySpec {
  readonly name: string;
  /** False: the Gateway exists; only the VirtualServices naming it are written. */
  readonly create: boolean;
  readonly namespace: string;
  readonly selector: Readonly<Record<string, string>>;
  readonly hosts: readonly string[];
  readonly tls?: { readonly credentialName: string; readonly minProtocolVersion: 'TLSV1_2' | 'TLSV1_3' };
  readonly reach: 'internet' | 'internal';
}

/** A resolved URI match. */
export interface IstioUriMatchSpec {
  readonly type: 'exact' | 'prefix' | 'regex';
  readonly value: string;
}

/** The resolved Istio ingress routing of an app. */
export interface IstioIngressSpec extends ExposureSpec {
  readonly kind: typeof ISTIO_INGRESS_KIND;
  /** The VirtualService's name. */
  readonly name: string;
  readonly gateway: IstioGatewaySpec;
  readonly hosts: readonly string[];
  /** Empty: every path. */
  readonly matches: readonly IstioUriMatchSpec[];
  readonly rewriteUri?: string;
  /** The Service port. */
  readonly port: number;
  /** The per-version Services (the app's Service alone with one version), stable first, with their shares. */
  readonly backends: readonly VersionBackendSpec[];
  /** The canary header rule's backend, when `traffic.canaryHeader` is set and there is a canary. */
  readonly canaryBackend?: VersionBackendSpec;
}

/**
 * The app behind an Istio ingress Gateway: the Gateway (`networking.istio.io/v1`, on the ingress gateway pods, HTTPS
 * with TLS 1.3 from a Secret and HTTP redirecting to it) and the app's VirtualService bound to it, with URI matches,
 * a rewrite, the canary header rule, the version split (per-version Services) and the traffic policy's retries and
 * request timeout. Several apps share one Gateway; two apps claiming the same host and path are an error.
 *
 * ```ts
 * const gateway: IstioGatewayProps = { name: 'bookinfo', hosts: ['bookinfo.example.com'], tls: { credentialName: 'bookinfo-tls' } };
 * expose: [IstioIngress.route({ gateway, matches: [{ exact: '/productpage' }, { prefix: '/static' }] })],
 * ```
 * @see https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/
 */
export class IstioIngress implements IExposure {
  /**
   * The app's VirtualService bound to an Istio ingress Gateway (written with it).
   * @example
   * IstioIngress.route({
   *   gateway: { name: 'public', hosts: ['shop.example.com'], tls: { credentialName: 'shop-tls' } },
   *   matches: [{ prefix: '/api' }],
   * });
   */
  static route(props: IstioIngressProps): IstioIngress {
    return new IstioIngress(props);
  }

  readonly kind = ISTIO_INGRESS_KIND;

  private constructor(readonly props: IstioIngressProps) {}

  resolve(problems: Problems, field: string, w: WorkloadSpec): IstioIngressSpec {
    const p = (this.props ?? {}) as IstioIngressProps;
    const gateway = resolveIstioGateway(problems, `${field}.gateway`, p.gateway ?? ({} as IstioGatewayProps));
    const hosts = p.hosts ?? gateway.hosts;
    checkIstioHosts(problems, `${field}.hosts`, hosts, 'the app');
    hosts.forEach((h, i) => {
      if (typeof h === 'string' && !gateway.hosts.some((g) => hostCovers(g, h)))
        problems.add(
          `${field}.hosts[${i}]`,
          h,
          `is not served by the Gateway ${gateway.namespace}/${gateway.name} (its hosts: ${gateway.hosts.join(', ')}): Istio would not bind the VirtualService to it`,
          `add "${h}" to the Gateway's \`hosts\`, or use one of its hosts`,
        );
    });
    const matches = (p.matches ?? []).map((m, i) => resolveUriMatch(problems, `${field}.matches[${i}]`, m));
    if (p.rewriteUri !== undefined && (typeof p.rewriteUri !== 'string' || !p.rewriteUri.startsWith('/')))
      problems.add(`${field}.rewriteUri`, p.rewriteUri, 'is not a path', 'write a path starting with "/", e.g. "/"');
    const sp = resolveServicePort(problems, `${field}.port`, w, p.port);
    const port = sp?.port ?? 80;
    const serviceName = w.service?.name ?? w.name;
    const name = p.name ?? `${serviceName}-ingress`;
    checkDnsLabel(problems, `${field}.name`, name, 253);
    const backends = versionBackends(w, port, 'istio');
    const canary = backends.find((b) => !b.stable);
    const canaryBackend = w.traffic.canaryHeader && canary ? { ...canary, share: 100 } : undefined;
    return {
      kind: ISTIO_INGRESS_KIND,
      name,
      gateway,
      hosts: [...hosts],
      matches,
      ...(p.rewriteUri !== undefined ? { rewriteUri: p.rewriteUri } : {}),
      port,
      backends,
      ...(canaryBackend ? { canaryBackend } : {}),
      traits: ingressTraits(field, w, name, gateway, hosts, matches, port),
    };
  }
}

/** The traits: the ingress gateway pods in front, the hosts and paths, the VirtualService and the shared Gateway. */
function ingressTraits(
  field: string,
  w: WorkloadSpec,
  name: string,
  gateway: IstioGatewaySpec,
  hosts: readonly string[],
  matches: readonly IstioUriMatchSpec[],
  port: number,
): ExposureTraits {
  const ref = `${gateway.namespace}/${gateway.name}`;
  const paths = matches.filter((m) => m.type !== 'regex').map((m) => m.value);
  const claimed: readonly IstioUriMatchSpec[] = matches.length > 0 ? matches : [{ type: 'prefix', value: '/' }];
  const claims: RouteClaim[] = hosts.flatMap((host) =>
    claimed.map((path, i) => ({
      listener: `Istio Gateway ${ref}`,
      host,
      path,
      field: matches.length > 0 ? `${field}.matches[${i}]` : `${field}.matches`,
    })),
  );
  return traits({
    label: `Istio VirtualService "${name}" (Gateway ${ref})`,
    reach: gateway.reach,
    hosts: hosts.map((host) => ({ ...(host !== '*' ? { host } : {}), paths })),
    split: ISTIO_SPLIT,
    routesCanaryHeader: true,
    retries: { written: true },
    requestTimeout: { written: true },
    fronts: [
      {
        why: `${field} Istio ingress gateway of ${ref}`,
        from: { kind: 'peer', peer: { kind: 'pods', namespace: gateway.namespace, labels: { ...gateway.selector } } },
        ports: podPortsOfServicePorts(w, [port]),
        healthChecks: [],
      },
    ],
    objects: [
      {
        kind: 'VirtualService',
        namespace: w.namespace,
        name,
        field: `${field}.name`,
        fix: 'give the route its own `name`',
      },
      {
        kind: ISTIO_GATEWAY_OBJECT,
        namespace: gateway.namespace,
        name: gateway.name,
        field: `${field}.gateway`,
        shared: {
          settings: {
            create: String(gateway.create),
            selector: JSON.stringify(gateway.selector),
            hosts: gateway.hosts.join(','),
            tls: JSON.stringify(gateway.tls ?? null),
            reach: gateway.reach,
          },
          fix: 'declare the Gateway once (one value) and pass it to every app behind it, or give this one another `name`',
        },
      },
    ],
    claims,
    requires: [{ name: 'Istio', why: 'its ingress gateway pods' }],
  });
}

/** Resolves and checks the Gateway: name, namespace, selector, hosts, and TLS (or the reason for plain HTTP). */
export function resolveIstioGateway(problems: Problems, field: string, g: IstioGatewayProps): IstioGatewaySpec {
  const f = (n: string) => `${field}.${n}`;
  checkDnsLabel(problems, f('name'), g.name, 253);
  const namespace = g.namespace ?? 'istio-system';
  checkDnsLabel(problems, f('namespace'), namespace);
  const selector = g.selector ?? ISTIO_DEFAULT_INGRESS_SELECTOR;
  checkLabels(problems, f('selector'), selector);
  if (Object.keys(selector ?? {}).length === 0)
    problems.add(
      f('selector'),
      selector,
      'selects no pods: the Gateway would configure every gateway proxy of the cluster',
      "leave `selector` out (Istio's default ingress gateway, istio: ingressgateway) or name the gateway pods' labels",
    );
  const hosts = g.hosts ?? [];
  if (hosts.length === 0) problems.add(f('hosts'), hosts, 'lists no host', 'list the hosts, e.g. ["shop.example.com"]');
  checkIstioHosts(problems, f('hosts'), hosts, 'the Gateway');
  const reach = g.reach ?? 'internet';
  if (reach !== 'internet' && reach !== 'internal')
    problems.add(f('reach'), reach, "is not 'internet' or 'internal'", "use 'internet' (the default) or 'internal'");
  const create = g.create ?? true;
  if (create !== true && create !== false)
    problems.add(f('create'), create, 'is not true or false', 'leave `create` out (the chart writes the Gateway)');
  return {
    name: g.name,
    create: create !== false,
    namespace,
    selector: { ...selector },
    hosts: [...hosts],
    ...(create === false ? refuseTlsOfExisting(problems, field, g) : resolveGatewayTls(problems, field, g)),
    reach,
  };
}

/** An existing Gateway's TLS is its own: `tls` or `plainHttpReason` would not be written. */
function refuseTlsOfExisting(problems: Problems, field: string, g: IstioGatewayProps): Pick<IstioGatewaySpec, 'tls'> {
  for (const k of ['tls', 'plainHttpReason'] as const)
    if (g[k] !== undefined)
      problems.add(
        `${field}.${k}`,
        g[k],
        'is set, but `create: false` leaves the Gateway as it is: it would not be written',
        `remove \`${k}\`, or leave \`create\` out to write the Gateway`,
      );
  return {};
}

function resolveGatewayTls(problems: Problems, field: string, g: IstioGatewayProps): Pick<IstioGatewaySpec, 'tls'> {
  const reasonOk = (r: unknown) => typeof r === 'string' && r.trim().length >= 10;
  if (g.tls === undefined) {
    if (!reasonOk(g.plainHttpReason))
      problems.add(
        `${field}.tls`,
        undefined,
        'is missing: the Gateway would serve plain HTTP',
        "set `tls: { credentialName: '<tls Secret in the gateway namespace>' }` (HTTPS on 443, HTTP redirecting to it), or say why in `plainHttpReason` (10 characters or more)",
      );
    return {};
  }
  const t = g.tls;
  if (typeof t.credentialName !== 'string' || t.credentialName.length === 0) {
    problems.add(
      `${field}.tls.credentialName`,
      t.credentialName,
      'names no Secret: a TLS server without a certificate is refused by the gateway',
      "name the kubernetes.io/tls Secret in the ingress gateway's namespace, e.g. credentialName: 'shop-tls'",
    );
  } else checkDnsLabel(problems, `${field}.tls.credentialName`, t.credentialName, 253);
  const min = t.minProtocolVersion ?? 'TLSV1_3';
  if (min !== 'TLSV1_2' && min !== 'TLSV1_3')
    problems.add(
      `${field}.tls.minProtocolVersion`,
      min,
      "is not 'TLSV1_2' or 'TLSV1_3'",
      "use 'TLSV1_3' (the default)",
    );
  else if (min === 'TLSV1_2' && !reasonOk(t.minProtocolVersionReason))
    problems.add(
      `${field}.tls.minProtocolVersionReason`,
      t.minProtocolVersionReason,
      'is missing: TLS 1.2 is older than the default TLS 1.3',
      'say why older clients must be served (10 characters or more), or leave `minProtocolVersion` out',
    );
  if (g.plainHttpReason !== undefined)
    problems.add(
      `${field}.plainHttpReason`,
      g.plainHttpReason,
      'is set, but the Gateway has TLS (HTTP redirects to HTTPS)',
      'remove `plainHttpReason`, or remove `tls` to serve plain HTTP',
    );
  return { tls: { credentialName: t.credentialName, minProtocolVersion: min } };
}

/** Hosts of an Istio Gateway or VirtualService bound to it: DNS names, `*.` wildcards, or a single `*`. */
function checkIstioHosts(problems: Problems, field: string, hosts: readonly string[], whose: string): void {
  if (!Array.isArray(hosts)) return;
  hosts.forEach((h, i) => {
    if (h === '*') {
      if (hosts.length > 1)
        problems.add(
          `${field}[${i}]`,
          h,
          `is "*" (every host) beside other hosts of ${whose}`,
          'use "*" alone, or list the DNS names without it',
        );
      return;
    }
    checkHost(problems, `${field}[${i}]`, h);
  });
}

/** True when the Gateway host `g` serves the host `h` (`*`, a `*.` wildcard, or the same name). */
export function hostCovers(g: string, h: string): boolean {
  if (g === '*' || g === h) return true;
  if (h === '*') return false;
  if (g.startsWith('*.')) return h.endsWith(g.slice(1)) && (!h.startsWith('*.') || h.length >= g.length);
  return false;
}

function resolveUriMatch(problems: Problems, field: string, m: IstioUriMatchProps): IstioUriMatchSpec {
  const set = (['exact', 'prefix', 'regex'] as const).filter((k) => m?.[k] !== undefined);
  if (set.length !== 1) {
    problems.add(
      field,
      m,
      `sets ${set.length === 0 ? 'none' : set.join(' and ')} of exact, prefix and regex`,
      "set exactly one, e.g. { prefix: '/api' }",
    );
    return { type: 'prefix', value: '/' };
  }
  const type = set[0];
  const value = m[type] as string;
  if (type === 'regex') {
    if (!isRe2Pattern(value))
      problems.add(
        `${field}.regex`,
        value,
        'is not an RE2 regular expression (Istio and Envoy refuse lookaround and backreferences)',
        'rewrite it in RE2 syntax (https://github.com/google/re2/wiki/Syntax), or use `prefix` / `exact`',
      );
  } else if (typeof value !== 'string' || !value.startsWith('/') || /\s/.test(value)) {
    problems.add(
      `${field}.${type}`,
      value,
      'is not a path',
      `write a path starting with "/", e.g. { ${type}: '/api' }`,
    );
  }
  return { type, value };
}
