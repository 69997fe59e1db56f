import { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import { AT_LEAST_1, wholeSeconds } from '../durations';
import type { ExposureSpec, IExposure } from './exposure';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import type { PortRef } from '../workload/probe';
import { Problems } from '../problems';
import { GatewayParentProps, GatewayProps, GatewaySpec, ParentRefSpec, resolveGateway } from './gateway';
import { checkHost, IngressProps, IngressTlsProps } from './ingress';
import { podPortsOfServicePorts } from '../dataplane/exposure-sources';
import { ExposureTraits, traits, WeightSplit, WrittenObject } from './traits';
import { resolveServicePort, versionBackends } from './service-backend';
import { httpRouteRetryWritten } from '../targets/written-for-targets';
import { GATEWAY_IMPLEMENTATIONS, GatewayImplementation } from './gateway-implementations';
import { withoutRequestTimeout } from './implementation-defaults';
import { FLAGGER_ROUTE_REFUSED, flaggerRouteName } from '../delivery/flagger-route';

/** HTTP methods a route can match. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'CONNECT' | 'OPTIONS' | 'TRACE' | 'PATCH';

/** A header or query parameter match. */
export interface ValueMatch {
  readonly name: string;
  readonly value: string;
  /**
   * How `value` matches.
   * @default 'Exact'
   */
  readonly type?: 'Exact' | 'RegularExpression';
}

/** How a request path matches. */
export interface PathMatch {
  /**
   * @default 'PathPrefix'
   */
  readonly type?: 'PathPrefix' | 'Exact' | 'RegularExpression';
  readonly value: string;
}

/** One HTTPRoute match: every condition given must hold. */
export interface HttpRouteMatchProps {
  /**
   * The path: a string is a PathPrefix match.
   * @default '/' (PathPrefix)
   */
  readonly path?: string | PathMatch;
  /** @default none */
  readonly headers?: readonly ValueMatch[];
  /** @default any method */
  readonly method?: HttpMethod;
  /** @default none */
  readonly queryParams?: readonly ValueMatch[];
}

/** A path rewrite of a redirect or URL rewrite. */
export type PathModifier = { readonly replaceFullPath: string } | { readonly replacePrefixMatch: string };

/** An HTTPRoute filter (build one with `HttpFilter`). */
export type HttpFilterSpec =
  | {
      readonly type: 'RequestRedirect';
      readonly scheme?: 'http' | 'https';
      readonly hostname?: string;
      readonly port?: number;
      readonly statusCode?: 301 | 302 | 303 | 307 | 308;
      readonly path?: PathModifier;
    }
  | { readonly type: 'URLRewrite'; readonly hostname?: string; readonly path?: PathModifier }
  | {
      readonly type: 'RequestHeaderModifier' | 'ResponseHeaderModifier';
      readonly set: Readonly<Record<string, string>>;
      readonly add: Readonly<Record<string, string>>;
      readonly remove: readonly string[];
    };

/** Header changes of a header modifier filter. */
export interface HeaderModifierProps {
  /** Headers to set (replacing). @default none */
  readonly set?: Readonly<Record<string, string>>;
  /** Headers to add (appending). @default none */
  readonly add?: Readonly<Record<string, string>>;
  /** Headers to remove. @default none */
  readonly remove?: readonly string[];
}

/** Filters of HTTPRoute rules. */
export class HttpFilter {
  /**
   * Redirects the request (e.g. to HTTPS): the rule then has no backend.
   * @example
   * GatewayRouteExposure.http({
   *   parents: [{ name: 'public', sectionName: 'http' }],
   *   rules: [{ filters: [HttpFilter.redirect({ scheme: 'https' })] }],
   * });
   */
  static redirect(o: {
    scheme?: 'http' | 'https';
    hostname?: string;
    port?: number;
    statusCode?: 301 | 302 | 303 | 307 | 308;
    path?: PathModifier;
  }): HttpFilterSpec {
    return { type: 'RequestRedirect', ...o };
  }

  /**
   * Rewrites the host and/or path before forwarding.
   * @example
   * HttpFilter.rewrite({ path: { replacePrefixMatch: '/' } });
   */
  static rewrite(o: { hostname?: string; path?: PathModifier }): HttpFilterSpec {
    return { type: 'URLRewrite', ...o };
  }

  /**
   * Changes request headers.
   * @example
   * HttpFilter.requestHeaders({ set: { 'x-route': 'orders' } });
   */
  static requestHeaders(o: HeaderModifierProps): HttpFilterSpec {
    return { type: 'RequestHeaderModifier', set: o?.set ?? {}, add: o?.add ?? {}, remove: o?.remove ?? [] };
  }

  /**
   * Changes response headers.
   * @example
   * HttpFilter.responseHeaders({ add: { 'x-served-by': 'web' } });
   */
  static responseHeaders(o: HeaderModifierProps): HttpFilterSpec {
    return { type: 'ResponseHeaderModifier', set: o?.set ?? {}, add: o?.add ?? {}, remove: o?.remove ?? [] };
  }
}

/** One HTTPRoute rule. */
export interface HttpRouteRuleProps {
  /** The rule's name (sectionName of policies). @default none */
  readonly name?: string;
  /** @default [{ path: '/' }] */
  readonly matches?: readonly HttpRouteMatchProps[];
  /** @default none */
  readonly filters?: readonly HttpFilterSpec[];
  /**
   * The Service port (name or number).
   * @default the route's `port`
   */
  readonly port?: PortRef;
  /**
   * Time limit of the whole request (`timeouts.request`); `null` for none.
   * Range: at least 1 s, whole seconds.
   * @default the app's `traffic.requestTimeout`
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts (`timeouts.request`; GEP-1742)
   */
  readonly timeout?: Duration | null;
  /**
   * Time limit of one request to a backend (`timeouts.backendRequest`), at most `timeout`.
   * @default none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts (`timeouts.backendRequest`: at most `timeouts.request`; GEP-1742)
   */
  readonly backendTimeout?: Duration;
}

/** One GRPCRoute match. */
export interface GrpcRouteMatchProps {
  /** The gRPC service, e.g. `acme.orders.v1.Orders`. @default any */
  readonly service?: string;
  /** The method. @default any */
  readonly method?: string;
  /** @default 'Exact' */
  readonly type?: 'Exact' | 'RegularExpression';
  /** @default none */
  readonly headers?: readonly ValueMatch[];
}

/** One GRPCRoute rule. */
export interface GrpcRouteRuleProps {
  /** @default none */
  readonly name?: string;
  /** @default every call */
  readonly matches?: readonly GrpcRouteMatchProps[];
  /** Header modifiers only. @default none */
  readonly filters?: readonly HttpFilterSpec[];
  /** The Service port. @default the route's `port` */
  readonly port?: PortRef;
}

/** What HTTP and gRPC routes share. */
export interface GatewayRouteCommonProps {
  /** The route's name. @default the app's name */
  readonly name?: string;
  /**
   * Existing Gateways (or listeners, with `sectionName`) to attach to. Exactly one of `parents` and `gateway`.
   * @default none
   */
  readonly parents?: readonly GatewayParentProps[];
  /**
   * A Gateway created with the app (and its GatewayClass when `controllerName` is given).
   * @default none
   */
  readonly gateway?: GatewayProps;
  /**
   * With `gateway`: the listeners to attach to.
   * @default every listener
   */
  readonly listeners?: readonly string[];
  /** Host names the route serves. @default every host the listeners accept */
  readonly hostnames?: readonly string[];
  /** The Service port (name or number) rules go to. @default the Service's first port */
  readonly port?: PortRef;
  /** Extra labels. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations. @default none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The Gateway API implementation that serves the route: the traffic policy is written where it reads it (Envoy
   * Gateway: retries and gRPC timeouts in a `BackendTrafficPolicy`, the client idle timeout of a created Gateway in a
   * `ClientTrafficPolicy`), and the rules know its defaults (Envoy Gateway's 15 s route timeout).
   * @default unknown: the route's fields only; checks that need the implementation's defaults cannot use them
   * @see https://gateway-api.sigs.k8s.io/implementations/
   */
  readonly implementation?: GatewayImplementation;
}

/** Props of an HTTPRoute. */
export interface HttpRouteProps extends GatewayRouteCommonProps {
  /** @default one rule: every path to the app */
  readonly rules?: readonly HttpRouteRuleProps[];
}

/** Props of a GRPCRoute. */
export interface GrpcRouteProps extends GatewayRouteCommonProps {
  /** @default one rule: every call to the app */
  readonly rules?: readonly GrpcRouteRuleProps[];
}

/** A resolved match (HTTP or gRPC fields). */
export interface RouteMatchSpec {
  readonly path?: { readonly type: 'PathPrefix' | 'Exact' | 'RegularExpression'; readonly value: string };
  readonly method?: HttpMethod;
  readonly grpc?: { readonly service?: string; readonly method?: string; readonly type: 'Exact' | 'RegularExpression' };
  readonly headers: readonly ValueMatch[];
  readonly queryParams: readonly ValueMatch[];
}

/** A resolved backendRef. */
export interface RouteBackendSpec {
  readonly serviceName: string;
  readonly port: number;
  /**
   * Percent of traffic, 0-100: the version's declared share (`versions[].weight`, e.g. 0.5), or 100 for the
   * one backend of a single-version app and of the canary header rule. The renderer writes the integer
   * `weight` from the shares of a rule's backends (`writtenWeights` within `GATEWAY_API_SPLIT`: 0.5 -> 995/5).
   */
  readonly share: number;
  readonly version?: string;
}

/** A resolved rule. */
export interface RouteRuleSpec {
  readonly name?: string;
  readonly matches: readonly RouteMatchSpec[];
  readonly filters: readonly HttpFilterSpec[];
  /** Empty when the rule redirects. */
  readonly backends: readonly RouteBackendSpec[];
  readonly requestTimeoutSeconds?: number;
  readonly backendRequestTimeoutSeconds?: number;
  /** True for the rule added for `traffic.canaryHeader`. */
  readonly canaryHeaderRule?: boolean;
}

/** A resolved Gateway API route. */
export interface GatewayRouteSpec extends ExposureSpec {
  readonly kind: 'gateway-http-route' | 'gateway-grpc-route';
  readonly protocol: 'http' | 'grpc';
  readonly name: string;
  readonly hostnames: readonly string[];
  readonly parentRefs: readonly ParentRefSpec[];
  /** The Gateway to create, when the route brings its own. */
  readonly gateway?: GatewaySpec;
  readonly rules: readonly RouteRuleSpec[];
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The implementation that serves it; undefined: unknown. */
  readonly implementation?: GatewayImplementation;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
// Limits of the HTTPRoute and GRPCRoute CRDs (Gateway API v1.6.1, both channels).
const MAX_RULES = 16;
const MAX_MATCHES_PER_RULE = 64;
const MAX_MATCHES_PER_ROUTE = 128;
/** Headers (and HTTP query parameters) per match. */
const MAX_VALUE_MATCHES = 16;

/**
 * Exposes the app through Gateway API (v1.6, standard channel) routes, attached to an existing Gateway or
 * to one created with the app. Weights come from the app's versions (one backendRef per version Service).
 *
 * ```ts
 * GatewayRouteExposure.http({ parents: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }], hostnames: ['shop.example.com'] })
 * GatewayRouteExposure.grpc({ gateway: { className: 'cilium', listeners: [...] } })
 * ```
 */
export class GatewayRouteExposure implements IExposure {
  /**
   * An HTTPRoute.
   * @example
   * GatewayRouteExposure.http({
   *   parents: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
   *   hostnames: ['catalog.example.com'],
   *   rules: [{ matches: [{ path: '/api/v1' }], filters: [HttpFilter.rewrite({ path: { replacePrefixMatch: '/' } })] }],
   * });
   */
  static http(props: HttpRouteProps): GatewayRouteExposure {
    return new GatewayRouteExposure('http', props);
  }

  /**
   * A GRPCRoute.
   * @example
   * GatewayRouteExposure.grpc({ parents: [{ name: 'internal', namespace: 'gateways', sectionName: 'grpc' }] });
   */
  static grpc(props: GrpcRouteProps): GatewayRouteExposure {
    return new GatewayRouteExposure('grpc', props);
  }

  /** `gateway-http-route` or `gateway-grpc-route`. */
  readonly kind: 'gateway-http-route' | 'gateway-grpc-route';

  /**
   * The way off an Ingress (ingress-nginx was retired in March 2026): the HTTPRoute that serves what
   * `IngressExposure.withClass(ingress)` served (name, hosts, paths as PathPrefix or Exact matches, ports, labels,
   * annotations), attached to `to`'s Gateway. The traffic settings live on the app, so every one is kept and the route
   * carries more of them (the weighted canary, the canary header, timeouts, retries on the experimental channel or by
   * the implementation's policy). The Ingress' TLS is the Gateway's (a warning unless the created Gateway's listener
   * holds its Secret); a default backend is refused (a route has none); `nginx.ingress.kubernetes.io/*` annotations
   * are refused (they do nothing on a route).
   * @example
   * // before: IngressExposure.withClass({ className: 'nginx', hosts: ['shop.example.com'], paths: [{ path: '/api' }] })
   * GatewayRouteExposure.fromIngress({ className: 'nginx', hosts: ['shop.example.com'], paths: [{ path: '/api' }] }, { parents: [{ name: 'public', namespace: 'gateways' }] });
   * @see https://kubernetes.io/blog/2025/11/11/ingress-nginx-retirement/
   */
  static fromIngress(ingress: IngressProps, to: IngressSwitchProps): GatewayRouteExposure {
    const i = ingress ?? ({} as IngressProps);
    const paths = i.paths;
    const props: HttpRouteProps = {
      ...(i.name !== undefined ? { name: i.name } : {}),
      ...(i.hosts !== undefined ? { hostnames: i.hosts } : {}),
      ...(i.port !== undefined ? { port: i.port } : {}),
      ...(i.labels !== undefined ? { labels: i.labels } : {}),
      ...(i.annotations !== undefined ? { annotations: i.annotations } : {}),
      ...(Array.isArray(paths)
        ? {
            rules: paths.map((x) => ({
              matches: [
                {
                  path: { type: x.pathType === 'Exact' ? ('Exact' as const) : ('PathPrefix' as const), value: x.path },
                },
              ],
              ...(x.port !== undefined ? { port: x.port } : {}),
            })),
          }
        : {}),
      ...to,
    };
    return new GatewayRouteExposure('http', props, { tls: i.tls ?? [], defaultBackend: i.defaultBackend === true });
  }

  private constructor(
    /** HTTPRoute or GRPCRoute. */
    public readonly protocol: 'http' | 'grpc',
    /** The route's settings. */
    public readonly props: HttpRouteProps | GrpcRouteProps,
    /** What an Ingress switched with `fromIngress` had that a route does not carry. */
    public readonly fromIngressOf?: IngressLeftovers,
  ) {
    this.kind = protocol === 'http' ? 'gateway-http-route' : 'gateway-grpc-route';
  }

  /** The same route (and Ingress origin) with checked props: the input check rebuilds it with this. */
  withProps(props: HttpRouteProps | GrpcRouteProps): GatewayRouteExposure {
    return new GatewayRouteExposure(this.protocol, props, this.fromIngressOf);
  }

  resolve(problems: Problems, field: string, workload: WorkloadSpec): GatewayRouteSpec {
    const p = this.props;
    const f = (n: string) => `${field}.${n}`;
    // Flagger over this route makes the HTTPRoute itself, named after the app's Service.
    const flagger = flaggerRouteName(workload, field);
    if (flagger !== undefined && p.name !== undefined && p.name !== flagger)
      problems.add(
        f('name'),
        p.name,
        `names the HTTPRoute, and Flagger makes this one from the Canary, named after the app's Service ("${flagger}")`,
        `leave \`name\` out (or set it to "${flagger}"), or name the Service instead (\`names.service\`)`,
        FLAGGER_ROUTE_REFUSED,
      );
    const name = flagger ?? p.name ?? workload.name;
    checkDnsLabel(problems, f('name'), name, 253);
    checkLabels(problems, f('labels'), p.labels);
    checkAnnotationKeys(problems, f('annotations'), p.annotations);
    const hostnames = [...(p.hostnames ?? [])];
    hostnames.forEach((h, i) => checkHost(problems, `${f('hostnames')}[${i}]`, h));

    const { gateway, parentRefs } = resolveParents(problems, f, p, workload);

    const defaultPort = resolveServicePort(problems, f('port'), workload, p.port);
    const backendsFor = (ruleField: string, ref: PortRef | undefined): RouteBackendSpec[] => {
      const sp = ref === undefined ? defaultPort : resolveServicePort(problems, `${ruleField}.port`, workload, ref);
      // The declared shares, stable first (rule CT-TRAFFIC-013 reports a split the route cannot write exactly); a
      // delivery's stable and canary Services when Argo Rollouts drives the route.
      return sp ? versionBackends(workload, sp.port, 'gateway-api') : [];
    };

    const rules: RouteRuleSpec[] =
      this.protocol === 'http'
        ? this.httpRules(problems, f('rules'), (p as HttpRouteProps).rules, workload, backendsFor)
        : this.grpcRules(problems, f('rules'), (p as GrpcRouteProps).rules, backendsFor);

    const withCanary = withCanaryHeaderRules(problems, f, workload, rules);
    checkRenderedRules(problems, f('rules'), this.protocol, rules.length, withCanary);
    const implementation = p.implementation;
    if (implementation === 'aws-lbc')
      problems.add(
        f('implementation'),
        implementation,
        'a plain route on the AWS Load Balancer Controller gets no TargetGroupConfiguration (its health check would not follow the readiness probe), and the ALB Gateway ignores route timeouts and retries',
        'use AwsGatewayRoute.http({...}) (or .grpc, .tcp), which writes what the controller reads',
      );
    checkNoIngressNginxAnnotations(problems, f('annotations'), p.annotations);
    const routed = routeTraits(field, this.protocol, name, gateway, workload, withCanary, hostnames, flagger);
    const withLeftovers = this.fromIngressOf
      ? { ...routed, notes: [...routed.notes, ...ingressLeftovers(problems, field, this.fromIngressOf, gateway)] }
      : routed;
    const labels = { ...(p.labels ?? {}) };
    const annotations = { ...(p.annotations ?? {}) };
    const traits: ExposureTraits =
      this.protocol === 'http'
        ? { ...withLeftovers, httpRoute: { name, parentRefs, hostnames, rules: withCanary, labels, annotations } }
        : withLeftovers;
    return {
      kind: this.kind,
      protocol: this.protocol,
      name,
      hostnames,
      parentRefs,
      gateway,
      rules: withCanary,
      labels,
      annotations,
      ...(implementation !== undefined ? { implementation } : {}),
      traits: implementation ? withImplementation(traits, this.protocol, implementation, workload) : traits,
    };
  }

  private httpRules(
    problems: Problems,
    field: string,
    props: readonly HttpRouteRuleProps[] | undefined,
    workload: WorkloadSpec,
    backendsFor: (f: string, ref: PortRef | undefined) => RouteBackendSpec[],
  ): RouteRuleSpec[] {
    const list = props ?? [{}];
    if (list.length === 0)
      problems.add(
        field,
        list,
        'a route needs at least one rule',
        'leave `rules` out to send every request to the app',
      );
    return list.map((r, i) => {
      const rf = `${field}[${i}]`;
      if (r.name !== undefined) checkDnsLabel(problems, `${rf}.name`, r.name);
      const matches = (r.matches ?? []).map((m, j) => resolveHttpMatch(problems, `${rf}.matches[${j}]`, m));
      const filters = checkFilters(problems, `${rf}.filters`, r.filters ?? [], 'http');
      const redirect = filters.some((x) => x.type === 'RequestRedirect');
      // The CRD (CEL) accepts replacePrefixMatch only in a rule with exactly one match, a PathPrefix one. A rule
      // without matches gets one PathPrefix "/" match by default, and a match without a path a PathPrefix "/" path.
      const onePrefix =
        matches.length === 0 || (matches.length === 1 && (matches[0].path?.type ?? 'PathPrefix') === 'PathPrefix');
      filters.forEach((x, j) => {
        if (
          (x.type === 'URLRewrite' || x.type === 'RequestRedirect') &&
          x.path &&
          'replacePrefixMatch' in x.path &&
          !onePrefix
        ) {
          const has =
            matches.length > 1
              ? `this rule has ${matches.length} matches`
              : `its match is of type ${matches[0].path?.type}`;
          problems.add(
            `${rf}.filters[${j}].path`,
            x.path,
            `replacePrefixMatch needs the rule to have exactly one match, of type PathPrefix (${has})`,
            'give each path prefix its own rule with this filter, or use replaceFullPath',
          );
        }
      });
      const t = workload.traffic;
      const request =
        r.timeout === null
          ? undefined
          : r.timeout === undefined
            ? t.requestTimeoutSeconds
            : wholeSeconds(problems, `${rf}.timeout`, r.timeout, 60, AT_LEAST_1);
      const backendReq =
        r.backendTimeout === undefined
          ? undefined
          : wholeSeconds(problems, `${rf}.backendTimeout`, r.backendTimeout, 1, AT_LEAST_1);
      if (backendReq !== undefined && request !== undefined && backendReq > request) {
        problems.add(
          `${rf}.backendTimeout`,
          r.backendTimeout,
          `is longer than the request timeout (${request}s)`,
          'make it at most the request timeout',
        );
      }
      if (redirect && r.port !== undefined)
        problems.add(
          `${rf}.port`,
          r.port,
          'a redirecting rule sends nothing to the app',
          'remove `port` or the redirect',
        );
      return {
        name: r.name,
        matches,
        filters,
        backends: redirect ? [] : backendsFor(rf, r.port),
        requestTimeoutSeconds: redirect ? undefined : request,
        backendRequestTimeoutSeconds: redirect ? undefined : backendReq,
      };
    });
  }

  private grpcRules(
    problems: Problems,
    field: string,
    props: readonly GrpcRouteRuleProps[] | undefined,
    backendsFor: (f: string, ref: PortRef | undefined) => RouteBackendSpec[],
  ): RouteRuleSpec[] {
    const list = props ?? [{}];
    if (list.length === 0)
      problems.add(field, list, 'a route needs at least one rule', 'leave `rules` out to send every call to the app');
    return list.map((r, i) => {
      const rf = `${field}[${i}]`;
      if (r.name !== undefined) checkDnsLabel(problems, `${rf}.name`, r.name);
      const matches = (r.matches ?? []).map((m, j): RouteMatchSpec => {
        const mf = `${rf}.matches[${j}]`;
        if (m.service === undefined && m.method === undefined && (m.headers ?? []).length === 0)
          problems.add(
            mf,
            m,
            'a gRPC match needs a service, a method or headers',
            'give e.g. { service: "acme.orders.v1.Orders" }',
          );
        const type = m.type ?? 'Exact';
        if (type === 'Exact') {
          if (m.service !== undefined && !/^[A-Za-z_][A-Za-z_0-9]*(\.[A-Za-z_][A-Za-z_0-9]*)*$/.test(m.service))
            problems.add(
              `${mf}.service`,
              m.service,
              'is not a fully qualified gRPC service name',
              'use e.g. "acme.orders.v1.Orders"',
            );
          if (m.method !== undefined && !/^[A-Za-z_][A-Za-z_0-9]*$/.test(m.method))
            problems.add(`${mf}.method`, m.method, 'is not a gRPC method name', 'use e.g. "GetOrder"');
        }
        return {
          grpc:
            m.service === undefined && m.method === undefined
              ? undefined
              : { service: m.service, method: m.method, type },
          headers: checkValueMatches(problems, `${mf}.headers`, m.headers, true),
          queryParams: [],
        };
      });
      const filters = checkFilters(problems, `${rf}.filters`, r.filters ?? [], 'grpc');
      return { name: r.name, matches, filters, backends: backendsFor(rf, r.port) };
    });
  }
}

/**
 * The limits of the route's rules as written, the canary header rules included (HTTPRoute and GRPCRoute
 * CRDs of Gateway API v1.6.1: `rules` maxItems 16; a rule's `matches` maxItems 64; at most 128 matches in
 * all rules together, where an HTTPRoute rule without matches defaults to one; rule names unique).
 */
function checkRenderedRules(
  problems: Problems,
  field: string,
  protocol: 'http' | 'grpc',
  declared: number,
  rendered: readonly RouteRuleSpec[],
): void {
  const added = rendered.filter((r) => r.canaryHeaderRule).length;
  const why =
    added > 0
      ? ` (${declared} declared + ${added} canary header rule(s) for \`traffic.canaryHeader\`, one per rule to the weighted split)`
      : '';
  if (rendered.length > MAX_RULES) {
    problems.add(
      field,
      rendered.length,
      `a route holds at most ${MAX_RULES} rules; this one would be written with ${rendered.length}${why}`,
      `split the rules over several routes (at most ${MAX_RULES} rules each, counting the canary header rules)`,
    );
  }
  let total = 0;
  let declaredIndex = -1;
  const names = new Map<string, { index: number; canary: boolean }>();
  for (const r of rendered) {
    // A canary header rule comes just before the rule it copies.
    const index = r.canaryHeaderRule ? declaredIndex + 1 : ++declaredIndex;
    if (r.name !== undefined) {
      const prev = names.get(r.name);
      if (prev) {
        const other = prev.canary ? `the canary header rule of rules[${prev.index}]` : `rules[${prev.index}]`;
        const self = r.canaryHeaderRule ? 'the canary header rule of this rule' : 'this rule';
        problems.add(
          `${field}[${index}].name`,
          r.name,
          `${self} would be named "${r.name}" like ${other}: rule names must be unique within a route`,
          'give every rule its own name (a rule to the weighted split names its canary header rule "<name>-canary")',
        );
      } else names.set(r.name, { index, canary: r.canaryHeaderRule === true });
    }
    if (!r.canaryHeaderRule && r.matches.length > MAX_MATCHES_PER_RULE)
      problems.add(
        `${field}[${index}].matches`,
        r.matches.length,
        `a rule holds at most ${MAX_MATCHES_PER_RULE} matches`,
        'split the matches over several rules',
      );
    total += protocol === 'http' ? Math.max(1, r.matches.length) : r.matches.length;
  }
  if (total > MAX_MATCHES_PER_ROUTE) {
    problems.add(
      field,
      total,
      `the rules of a route hold at most ${MAX_MATCHES_PER_ROUTE} matches in all; this one would be written with ${total}${why}`,
      'split the rules over several routes',
    );
  }
}

function checkValueMatches(
  problems: Problems,
  field: string,
  list: readonly ValueMatch[] | undefined,
  header: boolean,
): ValueMatch[] {
  if ((list ?? []).length > MAX_VALUE_MATCHES)
    problems.add(
      field,
      list!.length,
      `a match holds at most ${MAX_VALUE_MATCHES} ${header ? 'headers' : 'query parameters'}`,
      'match fewer, or split the match',
    );
  return (list ?? []).map((h, i) => {
    if (typeof h.name !== 'string' || !(header ? HEADER_NAME : /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/).test(h.name))
      problems.add(
        `${field}[${i}].name`,
        h.name,
        `is not a valid ${header ? 'header' : 'query parameter'} name`,
        'use a token such as "x-version"',
      );
    if (h.type !== undefined && h.type !== 'Exact' && h.type !== 'RegularExpression')
      problems.add(`${field}[${i}].type`, h.type, "must be 'Exact' or 'RegularExpression'", "use 'Exact'");
    return { name: h.name, value: h.value, type: h.type ?? 'Exact' };
  });
}

function resolveHttpMatch(problems: Problems, field: string, m: HttpRouteMatchProps): RouteMatchSpec {
  let path: RouteMatchSpec['path'];
  if (m.path !== undefined) {
    const pm: PathMatch = typeof m.path === 'string' ? { value: m.path } : m.path;
    const type = pm.type ?? 'PathPrefix';
    if (!['PathPrefix', 'Exact', 'RegularExpression'].includes(type))
      problems.add(
        `${field}.path.type`,
        pm.type,
        "must be 'PathPrefix', 'Exact' or 'RegularExpression'",
        "use 'PathPrefix'",
      );
    if (
      type !== 'RegularExpression' &&
      (typeof pm.value !== 'string' || !pm.value.startsWith('/') || /\/\/|\/\.\.?(\/|$)|[#?]/.test(pm.value))
    ) {
      problems.add(
        `${field}.path`,
        pm.value,
        'a path must start with "/" and contain no "//", "/./", "/../", "#" or "?"',
        'use e.g. "/api"',
      );
    }
    path = { type, value: pm.value };
  }
  const methods: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];
  if (m.method !== undefined && !methods.includes(m.method))
    problems.add(`${field}.method`, m.method, 'is not an HTTP method', `use one of ${methods.join(', ')}`);
  return {
    path,
    method: m.method,
    headers: checkValueMatches(problems, `${field}.headers`, m.headers, true),
    queryParams: checkValueMatches(problems, `${field}.queryParams`, m.queryParams, false),
  };
}

function checkFilters(
  problems: Problems,
  field: string,
  filters: readonly HttpFilterSpec[],
  protocol: 'http' | 'grpc',
): HttpFilterSpec[] {
  const types = new Map<string, number>();
  filters.forEach((x, i) => {
    const xf = `${field}[${i}]`;
    const prev = types.get(x.type);
    if (prev !== undefined)
      problems.add(xf, x.type, `a rule may have one ${x.type} filter (also filters[${prev}])`, 'merge them into one');
    types.set(x.type, i);
    if (protocol === 'grpc' && x.type !== 'RequestHeaderModifier' && x.type !== 'ResponseHeaderModifier') {
      problems.add(
        `${xf}.type`,
        x.type,
        'a GRPCRoute supports header modifier filters only',
        'use HttpFilter.requestHeaders / responseHeaders, or an HTTPRoute',
      );
    }
    if (x.type === 'RequestRedirect') {
      if (x.hostname !== undefined) checkHost(problems, `${xf}.hostname`, x.hostname);
      if (x.port !== undefined && (!Number.isInteger(x.port) || x.port < 1 || x.port > 65535))
        problems.add(`${xf}.port`, x.port, 'must be a port from 1 to 65535', 'use e.g. 443');
      if (x.statusCode !== undefined && ![301, 302, 303, 307, 308].includes(x.statusCode))
        problems.add(
          `${xf}.statusCode`,
          x.statusCode,
          'must be 301, 302, 303, 307 or 308',
          'use 301 for a permanent redirect',
        );
      if (x.scheme !== undefined && x.scheme !== 'http' && x.scheme !== 'https')
        problems.add(`${xf}.scheme`, x.scheme, "must be 'http' or 'https'", "use 'https'");
    }
    if (x.type === 'URLRewrite' && x.hostname !== undefined) checkHost(problems, `${xf}.hostname`, x.hostname);
    if ((x.type === 'URLRewrite' || x.type === 'RequestRedirect') && x.path) {
      const v = 'replaceFullPath' in x.path ? x.path.replaceFullPath : x.path.replacePrefixMatch;
      if (typeof v !== 'string' || !v.startsWith('/'))
        problems.add(`${xf}.path`, v, 'a replacement path must start with "/"', 'use e.g. "/"');
    }
    if (x.type === 'RequestHeaderModifier' || x.type === 'ResponseHeaderModifier') {
      const names = [...Object.keys(x.set), ...Object.keys(x.add), ...x.remove];
      names.forEach((n) => {
        if (!HEADER_NAME.test(n))
          problems.add(xf, n, 'is not a valid header name', 'use a token such as "x-request-source"');
      });
      const lower = names.map((n) => n.toLowerCase());
      const dup = lower.find((n, j) => lower.indexOf(n) !== j);
      if (dup)
        problems.add(
          xf,
          dup,
          'the same header appears twice in one modifier (set, add and remove must not overlap)',
          'list each header once',
        );
      if (names.length === 0)
        problems.add(xf, x.type, 'the header modifier changes nothing', 'give set, add or remove, or drop the filter');
    }
  });
  if (types.has('RequestRedirect') && types.has('URLRewrite')) {
    problems.add(
      `${field}[${types.get('URLRewrite')}]`,
      'URLRewrite',
      'conflicts with the RequestRedirect filter of the same rule',
      'keep either the redirect or the rewrite',
    );
  }
  return [...filters];
}

/** Gateway API weights: whole numbers, at most 1,000,000 each. */
export const GATEWAY_API_SPLIT: WeightSplit = {
  by: 'weight',
  maxTotal: 1_000_000,
  maxWeight: 1_000_000,
  precision: 'whole-number weights (at most 4 decimals of a percent)',
};

/** What a Gateway API route does: weighted backends, the canary header rule, the Gateway's proxy in front. */
/** The Gateway the route creates, or the existing ones it attaches to, and its parent references. */
function resolveParents(
  problems: Problems,
  f: (n: string) => string,
  p: HttpRouteProps | GrpcRouteProps,
  workload: WorkloadSpec,
): { gateway: GatewaySpec | undefined; parentRefs: ParentRefSpec[] } {
  let gateway: GatewaySpec | undefined;
  let parentRefs: ParentRefSpec[] = [];
  if (p.parents !== undefined && p.gateway !== undefined) {
    problems.add(
      f('gateway'),
      p.gateway.name ?? workload.name,
      'conflicts with `parents`: a route attaches either to existing Gateways or to the one it creates',
      'keep `parents` (existing Gateway) or `gateway` (create one), not both',
    );
  }
  if (p.gateway !== undefined) {
    gateway = resolveGateway(problems, f('gateway'), p.gateway, workload);
    checkAwsController(problems, f('gateway'), gateway);
    const listeners = p.listeners ?? [];
    listeners.forEach((l, i) => {
      if (!gateway!.listeners.some((gl) => gl.name === l))
        problems.add(
          `${f('listeners')}[${i}]`,
          l,
          `is not a listener of the Gateway (its listeners: ${gateway!.listeners.map((gl) => gl.name).join(', ')})`,
          "name one of the Gateway's listeners",
        );
    });
    parentRefs =
      listeners.length > 0 ? listeners.map((l) => ({ name: gateway!.name, sectionName: l })) : [{ name: gateway.name }];
  } else if (p.parents !== undefined) {
    if (p.parents.length === 0)
      problems.add(
        f('parents'),
        p.parents,
        'a route needs at least one parent Gateway',
        'name the Gateway, e.g. { name: "public", namespace: "gateways" }',
      );
    parentRefs = p.parents.map((pr, i) => {
      const pf = `${f('parents')}[${i}]`;
      checkDnsLabel(problems, `${pf}.name`, pr.name, 253);
      if (pr.namespace !== undefined) checkDnsLabel(problems, `${pf}.namespace`, pr.namespace);
      if (pr.sectionName !== undefined) checkDnsLabel(problems, `${pf}.sectionName`, pr.sectionName, 253);
      return {
        name: pr.name,
        namespace: pr.namespace !== workload.namespace ? pr.namespace : undefined,
        sectionName: pr.sectionName,
      };
    });
  } else {
    problems.add(
      f('parents'),
      undefined,
      'a route must attach to a Gateway',
      'give `parents` (an existing Gateway) or `gateway` (create one)',
    );
  }
  if (p.listeners !== undefined && p.gateway === undefined)
    problems.add(
      f('listeners'),
      p.listeners,
      '`listeners` selects listeners of a created `gateway`',
      'use `sectionName` in `parents` for an existing Gateway',
    );
  return { gateway, parentRefs };
}

/**
 * A Gateway created for the AWS Load Balancer Controller: it reads no `certificateRefs` (certificates come from its
 * LoadBalancerConfiguration) and its NLB controller serves no HTTP or gRPC route; `AwsGatewayRoute` writes both right.
 */
function checkAwsController(problems: Problems, field: string, g: GatewaySpec): void {
  if (g.controllerName === 'gateway.k8s.aws/nlb')
    problems.add(
      `${field}.controllerName`,
      g.controllerName,
      'an NLB Gateway serves L4 routes (TCPRoute, UDPRoute), not HTTPRoutes or GRPCRoutes (one Gateway cannot mix L4 and L7)',
      "use AwsGatewayRoute.tcp({...}) for the NLB, or AwsGatewayRoute.http({...}) on an ALB Gateway ('gateway.k8s.aws/alb')",
    );
  if (!g.controllerName?.startsWith('gateway.k8s.aws/')) return;
  g.listeners.forEach((l, i) => {
    if (l.certificateSecrets.length > 0)
      problems.add(
        `${field}.listeners[${i}].certificateSecrets`,
        l.certificateSecrets,
        "the AWS Load Balancer Controller does not read a Gateway's certificateRefs: its certificates come from the LoadBalancerConfiguration (ACM)",
        'use AwsGatewayRoute.http({ gateway: { listeners: [{ ..., certificates: [Certificate.fromArn("arn:aws:acm:...")] }] } })',
      );
  });
}

/** Where a route switched from an Ingress attaches (`GatewayRouteExposure.fromIngress`). */
export interface IngressSwitchProps {
  /** Existing Gateways (or listeners) to attach to. Exactly one of `parents` and `gateway`. @default none */
  readonly parents?: readonly GatewayParentProps[];
  /** A Gateway created with the app. @default none */
  readonly gateway?: GatewayProps;
  /** With `gateway`: the listeners to attach to. @default every listener */
  readonly listeners?: readonly string[];
  /** The implementation that serves the route. @default unknown */
  readonly implementation?: GatewayImplementation;
}

/** What an Ingress had that its route does not carry. */
export interface IngressLeftovers {
  readonly tls: readonly IngressTlsProps[];
  readonly defaultBackend: boolean;
}

/** The Ingress' TLS Secrets are the Gateway's to hold (a warning unless the created Gateway does); no default backend. */
function ingressLeftovers(
  problems: Problems,
  field: string,
  o: IngressLeftovers,
  gateway: GatewaySpec | undefined,
): ExposureTraits['notes'] {
  if (o.defaultBackend)
    problems.add(
      `${field}.defaultBackend`,
      true,
      'a Gateway API route has no default backend (requests no rule matches)',
      'remove `defaultBackend`, or add a route without hostnames for the other hosts',
    );
  const held = new Set((gateway?.listeners ?? []).flatMap((l) => l.certificateSecrets));
  const missing = (Array.isArray(o.tls) ? o.tls : []).filter((t) => !held.has(t.secretName));
  return missing.map((t) => ({
    id: 'CT-NGINX-102',
    field: `${field}.tls`,
    message: `the Ingress terminated TLS for ${(t.hosts ?? []).join(', ')} with Secret "${t.secretName}": a route does not, the Gateway does; its HTTPS listener must hold that certificate (\`certificateSecrets\` of a created Gateway, or the parent Gateway's listener with a ReferenceGrant when the Secret is in another namespace)`,
  }));
}

/** ingress-nginx annotations do nothing on a route: refused, each with the way to say it on a route. */
function checkNoIngressNginxAnnotations(
  problems: Problems,
  field: string,
  annotations: Readonly<Record<string, string>> | undefined,
): void {
  for (const k of Object.keys(annotations ?? {}))
    if (k.startsWith('nginx.ingress.kubernetes.io/'))
      problems.add(
        `${field}.${k}`,
        annotations![k],
        'is an ingress-nginx annotation: it does nothing on a Gateway API route',
        'say it with the route (rules, HttpFilter, timeouts), the traffic policy or the implementation, and remove it',
      );
}

/** The canary header: requests carrying it go to the first canary, whatever the weights (a rule before each split rule). */
function withCanaryHeaderRules(
  problems: Problems,
  f: (n: string) => string,
  workload: WorkloadSpec,
  rules: readonly RouteRuleSpec[],
): RouteRuleSpec[] {
  const ch = workload.traffic.canaryHeader;
  const canary = workload.versions.find((v) => !v.stable);
  const withCanary: RouteRuleSpec[] = [];
  for (const [i, r] of rules.entries()) {
    if (ch && canary && r.backends.length > 1) {
      r.matches.forEach((m, j) => {
        const hf = `${f('rules')}[${i}].matches[${j}].headers`;
        const same = m.headers.findIndex((h) => h.name.toLowerCase() === ch.name.toLowerCase());
        if (same >= 0) {
          problems.add(
            `${hf}[${same}].name`,
            m.headers[same].name,
            `already matches the canary header \`traffic.canaryHeader\` (${ch.name}), which the canary header rule adds to this match: a header matched twice keeps only the first entry`,
            'remove the header from this match, or choose another `traffic.canaryHeader` name',
          );
        } else if (m.headers.length >= MAX_VALUE_MATCHES) {
          problems.add(
            hf,
            m.headers.length,
            `with the canary header \`traffic.canaryHeader\` (${ch.name}) the canary header rule's copy of this match holds ${m.headers.length + 1} headers; a match holds at most ${MAX_VALUE_MATCHES}`,
            `match at most ${MAX_VALUE_MATCHES - 1} headers here`,
          );
        }
      });
      const matches = (r.matches.length > 0 ? r.matches : [{ headers: [], queryParams: [] }]).map((m) => ({
        ...m,
        headers: [...m.headers, { name: ch.name, value: ch.value, type: 'Exact' as const }],
      }));
      const b = r.backends.find((x) => x.version === canary.version)!;
      withCanary.push({
        ...r,
        name: r.name ? `${r.name}-canary` : undefined,
        matches,
        backends: [{ ...b, share: 100 }],
        canaryHeaderRule: true,
      });
    }
    withCanary.push(r);
  }
  return withCanary;
}

function routeTraits(
  field: string,
  protocol: 'http' | 'grpc',
  name: string,
  gateway: GatewaySpec | undefined,
  w: WorkloadSpec,
  rules: readonly RouteRuleSpec[],
  hostnames: readonly string[],
  madeByFlagger: string | undefined,
): ExposureTraits {
  const kind = protocol === 'grpc' ? 'GRPCRoute' : 'HTTPRoute';
  const paths = [...new Set(rules.flatMap((r) => r.matches.flatMap((m) => (m.path ? [m.path.value] : []))))];
  const className = gateway?.className;
  return traits({
    label: `${kind} "${name}"`,
    // The Gateway's address is not known here (a parent Gateway, or one whose Service the controller makes): public.
    reach: 'internet',
    hosts: hostnames.length > 0 ? hostnames.map((host) => ({ host, paths })) : paths.length > 0 ? [{ paths }] : [],
    split: GATEWAY_API_SPLIT,
    routesCanaryHeader: true,
    grpc: protocol === 'grpc',
    fronts: [
      {
        why: `${field} ${kind} "${name}" (GatewayClass ${className ?? 'of the parent Gateway'})`,
        from: {
          kind: 'proxy',
          classKind: 'GatewayClass',
          ...(className !== undefined ? { className } : {}),
          what: `the Gateway of route "${name}"`,
        },
        ports: podPortsOfServicePorts(
          w,
          rules.flatMap((r) => r.backends.map((b) => b.port)),
        ),
        healthChecks: [],
      },
    ],
    objects: routeObjects(field, kind, name, gateway, w),
    settings: rules.flatMap((r, i) =>
      r.requestTimeoutSeconds !== undefined && !r.canaryHeaderRule
        ? [
            {
              field: `${field}.rules[${i}].requestTimeoutSeconds`,
              name: 'requestTimeoutSeconds' as const,
              value: r.requestTimeoutSeconds,
            },
          ]
        : [],
    ),
    ...routeWritten(protocol, httpRouteRetryWritten(w), w.targets.versions.gatewayApi.text),
    ...(madeByFlagger !== undefined ? { retries: FLAGGER_ROUTE_RETRIES } : {}),
  });
}

/**
 * What the implementation adds: its defaults where the written objects set none (an HTTPRoute always sets its request
 * timeout, `0s` when there is none; a GRPCRoute has no field for it), and with Envoy Gateway the retries and the gRPC
 * request timeout its BackendTrafficPolicy carries.
 */
function withImplementation(
  t: ExposureTraits,
  protocol: 'http' | 'grpc',
  implementation: GatewayImplementation,
  w: WorkloadSpec,
): ExposureTraits {
  const d = GATEWAY_IMPLEMENTATIONS[implementation];
  const envoy = implementation === 'envoy-gateway';
  const requestWritten = protocol === 'http' || (envoy && w.traffic.requestTimeoutSeconds !== undefined);
  const clientPolicy = envoy && t.objects.some((o) => o.kind === 'Gateway');
  return {
    ...t,
    implementationDefaults: requestWritten ? withoutRequestTimeout(d) : d,
    ...(envoy ? { retries: { written: true }, requestTimeout: { written: true } } : {}),
    ...(clientPolicy
      ? {
          settings: [
            ...t.settings,
            { field: 'traffic.idleTimeout', name: 'idleTimeoutSeconds' as const, value: w.traffic.idleTimeoutSeconds },
          ],
        }
      : {}),
  };
}

/** The objects a route writes: itself, and the Gateway and GatewayClass it creates. */
function routeObjects(
  field: string,
  kind: string,
  name: string,
  gateway: GatewaySpec | undefined,
  w: WorkloadSpec,
): WrittenObject[] {
  const gf = `${field}.gateway`;
  return [
    { kind, namespace: w.namespace, name, field: `${field}.name`, fix: 'give the exposure its own `name`' },
    ...(gateway
      ? [
          {
            kind: 'Gateway',
            namespace: gateway.namespace,
            name: gateway.name,
            field: `${gf}.name`,
            fix: `give this Gateway its own \`name\`, or attach the route to the other one with \`parents: [{ name: "${gateway.name}" }]\` instead of \`gateway\``,
          },
        ]
      : []),
    ...(gateway?.controllerName !== undefined
      ? [
          {
            kind: 'GatewayClass',
            name: gateway.className,
            field: `${gf}.controllerName`,
            shared: {
              settings: { controllerName: gateway.controllerName },
              fix: 'use the same controllerName, another `className`, or leave `controllerName` out to use the class as it is',
            },
          },
        ]
      : []),
  ];
}

/**
 * Retries on the HTTPRoute Flagger makes: its Gateway API provider writes no `retry` (the Canary's `service.retries`
 * is Istio's); Envoy Gateway's BackendTrafficPolicy still carries them (`withImplementation`).
 */
const FLAGGER_ROUTE_RETRIES: ExposureTraits['retries'] = {
  written: false,
  message:
    "retries are declared, but Flagger makes this HTTPRoute from the Canary, and its Gateway API provider writes no `retry` (the Canary's `service.retries` is Istio's): the route is made without them",
  fix: "set `implementation: 'envoy-gateway'` (its BackendTrafficPolicy carries them), or acknowledge CT-TRAFFIC-030 with the gateway's own retry policy, or deliver with Argo Rollouts",
};

/** Whether the route writes the retries and the request timeout, and what to do where it cannot. */
function routeWritten(
  protocol: 'http' | 'grpc',
  retryWritten: boolean,
  gatewayApi: string,
): Pick<ExposureTraits, 'retries' | 'requestTimeout'> {
  return {
    retries:
      protocol === 'grpc'
        ? {
            written: false,
            message:
              'retries are declared, but GRPCRoute has no retry field (Gateway API v1.6): this route is written without them',
            fix: 'configure retries in the gateway implementation or the mesh (Mesh.istio()), and acknowledge CT-TRAFFIC-030 saying where',
          }
        : retryWritten
          ? { written: true }
          : {
              written: false,
              message: `retries are declared, but HTTPRoute \`retry\` is in the Gateway API experimental channel before 1.7 (targets: Gateway API ${gatewayApi}): this route is written without them`,
              fix: "set `traffic.gatewayApiChannel: 'experimental'` (the cluster needs the experimental CRDs), declare Gateway API 1.7 in the targets (retry is standard there), or acknowledge CT-TRAFFIC-030 with the gateway's own retry policy",
            },
    requestTimeout:
      protocol === 'grpc'
        ? {
            written: false,
            message:
              "cannot be written on a GRPCRoute (no timeouts field in Gateway API v1.6): the gateway's default applies",
            fix: 'set the timeout in the gateway implementation, or `requestTimeout: null` if there should be none; acknowledge CT-TRAFFIC-031 saying where',
          }
        : { written: true },
  };
}
