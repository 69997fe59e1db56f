import type { AppSpec } from '../../model/app-spec';
import { gatewayTimeouts } from '../formats';
import { GATEWAY_API_SPLIT } from '../../model/exposure/gateway-route';
import type {
  GatewayRouteSpec,
  HttpFilterSpec,
  RouteBackendSpec,
  RouteMatchSpec,
  RouteRuleSpec,
  ValueMatch,
} from '../../model/exposure/gateway-route';
import { writtenWeights } from '../../model/traffic/weights';
import {
  GrpcRouteSpecRules,
  GrpcRouteSpecRulesFilters,
  GrpcRouteSpecRulesFiltersType,
  GrpcRouteSpecRulesMatches,
  GrpcRouteSpecRulesMatchesHeadersType,
  GrpcRouteSpecRulesMatchesMethodType,
  HttpRouteSpecRules,
  HttpRouteSpecRulesFilters,
  HttpRouteSpecRulesFiltersRequestRedirectPathType,
  HttpRouteSpecRulesFiltersRequestRedirectScheme,
  HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  HttpRouteSpecRulesFiltersType,
  HttpRouteSpecRulesFiltersUrlRewritePathType,
  HttpRouteSpecRulesMatches,
  HttpRouteSpecRulesMatchesHeadersType,
  HttpRouteSpecRulesMatchesMethod,
  HttpRouteSpecRulesMatchesPathType,
  HttpRouteSpecRulesMatchesQueryParamsType,
} from '../imports/gateway-api';

/**
 * Extends each rendered HTTPRoute rule (e.g. to add the experimental `retry` field). It receives the
 * standard-channel rule built from the spec and returns the rule to write; fields outside the standard
 * channel are only written when the route is rendered with the experimental CRD classes
 * (`traffic.gatewayApiChannel: 'experimental'`).
 */
export type HttpRouteRuleExtension = (
  rule: HttpRouteSpecRules,
  spec: RouteRuleSpec,
  app: AppSpec,
) => HttpRouteSpecRules;

/** Options of `buildHttpRouteRules`. */
export interface HttpRouteRuleOptions {
  /**
   * Extensions applied to every rule, in order.
   * @default none
   */
  readonly extensions?: readonly HttpRouteRuleExtension[];
}

const PATH_TYPES = {
  PathPrefix: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX,
  Exact: HttpRouteSpecRulesMatchesPathType.EXACT,
  RegularExpression: HttpRouteSpecRulesMatchesPathType.REGULAR_EXPRESSION,
} as const;
const HEADER_TYPES = {
  Exact: HttpRouteSpecRulesMatchesHeadersType.EXACT,
  RegularExpression: HttpRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION,
} as const;
const QUERY_TYPES = {
  Exact: HttpRouteSpecRulesMatchesQueryParamsType.EXACT,
  RegularExpression: HttpRouteSpecRulesMatchesQueryParamsType.REGULAR_EXPRESSION,
} as const;
const GRPC_HEADER_TYPES = {
  Exact: GrpcRouteSpecRulesMatchesHeadersType.EXACT,
  RegularExpression: GrpcRouteSpecRulesMatchesHeadersType.REGULAR_EXPRESSION,
} as const;
const GRPC_METHOD_TYPES = {
  Exact: GrpcRouteSpecRulesMatchesMethodType.EXACT,
  RegularExpression: GrpcRouteSpecRulesMatchesMethodType.REGULAR_EXPRESSION,
} as const;
const METHODS: Record<string, HttpRouteSpecRulesMatchesMethod> = {
  GET: HttpRouteSpecRulesMatchesMethod.GET,
  HEAD: HttpRouteSpecRulesMatchesMethod.HEAD,
  POST: HttpRouteSpecRulesMatchesMethod.POST,
  PUT: HttpRouteSpecRulesMatchesMethod.PUT,
  DELETE: HttpRouteSpecRulesMatchesMethod.DELETE,
  CONNECT: HttpRouteSpecRulesMatchesMethod.CONNECT,
  OPTIONS: HttpRouteSpecRulesMatchesMethod.OPTIONS,
  TRACE: HttpRouteSpecRulesMatchesMethod.TRACE,
  PATCH: HttpRouteSpecRulesMatchesMethod.PATCH,
};
const STATUS: Record<number, HttpRouteSpecRulesFiltersRequestRedirectStatusCode> = {
  301: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_301,
  302: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_302,
  303: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_303,
  307: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_307,
  308: HttpRouteSpecRulesFiltersRequestRedirectStatusCode.VALUE_308,
};

const nonEmptyList = <T>(l: readonly T[]): T[] | undefined => (l.length > 0 ? [...l] : undefined);
const pairs = (m: Readonly<Record<string, string>>) =>
  nonEmptyList(Object.entries(m).map(([name, value]) => ({ name, value })));

function backendRefs(backends: readonly RouteBackendSpec[]) {
  if (backends.length === 0) return undefined;
  // The integer weights of the declared shares (0.5% -> 995/5); a single backend needs no weight (the default is 1).
  const weights = writtenWeights(
    backends.map((b) => b.share),
    GATEWAY_API_SPLIT,
  );
  return backends.map((b, i) => ({
    name: b.serviceName,
    port: b.port,
    weight: backends.length > 1 ? weights[i] : undefined,
  }));
}

function httpMatch(m: RouteMatchSpec): HttpRouteSpecRulesMatches {
  return {
    path: m.path ? { type: PATH_TYPES[m.path.type], value: m.path.value } : undefined,
    method: m.method ? METHODS[m.method] : undefined,
    headers: nonEmptyList(
      m.headers.map((h: ValueMatch) => ({ name: h.name, value: h.value, type: HEADER_TYPES[h.type ?? 'Exact'] })),
    ),
    queryParams: nonEmptyList(
      m.queryParams.map((q: ValueMatch) => ({ name: q.name, value: q.value, type: QUERY_TYPES[q.type ?? 'Exact'] })),
    ),
  };
}

function httpFilter(x: HttpFilterSpec): HttpRouteSpecRulesFilters {
  switch (x.type) {
    case 'RequestRedirect':
      return {
        type: HttpRouteSpecRulesFiltersType.REQUEST_REDIRECT,
        requestRedirect: {
          scheme:
            x.scheme === 'https'
              ? HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTPS
              : x.scheme === 'http'
                ? HttpRouteSpecRulesFiltersRequestRedirectScheme.HTTP
                : undefined,
          hostname: x.hostname,
          port: x.port,
          statusCode: x.statusCode ? STATUS[x.statusCode] : undefined,
          path: x.path
            ? 'replaceFullPath' in x.path
              ? {
                  type: HttpRouteSpecRulesFiltersRequestRedirectPathType.REPLACE_FULL_PATH,
                  replaceFullPath: x.path.replaceFullPath,
                }
              : {
                  type: HttpRouteSpecRulesFiltersRequestRedirectPathType.REPLACE_PREFIX_MATCH,
                  replacePrefixMatch: x.path.replacePrefixMatch,
                }
            : undefined,
        },
      };
    case 'URLRewrite':
      return {
        type: HttpRouteSpecRulesFiltersType.URL_REWRITE,
        urlRewrite: {
          hostname: x.hostname,
          path: x.path
            ? 'replaceFullPath' in x.path
              ? {
                  type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_FULL_PATH,
                  replaceFullPath: x.path.replaceFullPath,
                }
              : {
                  type: HttpRouteSpecRulesFiltersUrlRewritePathType.REPLACE_PREFIX_MATCH,
                  replacePrefixMatch: x.path.replacePrefixMatch,
                }
            : undefined,
        },
      };
    case 'RequestHeaderModifier':
      return {
        type: HttpRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER,
        requestHeaderModifier: { set: pairs(x.set), add: pairs(x.add), remove: nonEmptyList(x.remove) },
      };
    case 'ResponseHeaderModifier':
      return {
        type: HttpRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER,
        responseHeaderModifier: { set: pairs(x.set), add: pairs(x.add), remove: nonEmptyList(x.remove) },
      };
  }
}

/**
 * The HTTPRoute rules of a resolved route: matches, filters, weighted backendRefs (one per version) and
 * timeouts (`request` from the traffic policy). Extensions can add fields per rule.
 */
export function buildHttpRouteRules(
  app: AppSpec,
  route: GatewayRouteSpec,
  options: HttpRouteRuleOptions = {},
): HttpRouteSpecRules[] {
  return route.rules.map((r) => {
    // No timeout is written as '0s', which disables the gateway's own default (often 15 s) instead of inheriting it.
    const timeouts =
      r.backends.length === 0
        ? undefined
        : gatewayTimeouts(
            r.requestTimeoutSeconds,
            r.backendRequestTimeoutSeconds ?? app.traffic.retry?.perTryTimeoutSeconds,
          );
    const rule: HttpRouteSpecRules = {
      name: r.name,
      matches: nonEmptyList(r.matches.map(httpMatch)),
      filters: nonEmptyList(r.filters.map(httpFilter)),
      backendRefs: backendRefs(r.backends),
      timeouts,
    };
    return (options.extensions ?? []).reduce((acc, ext) => ext(acc, r, app), rule);
  });
}

function grpcFilter(x: HttpFilterSpec): GrpcRouteSpecRulesFilters {
  if (x.type === 'RequestHeaderModifier')
    return {
      type: GrpcRouteSpecRulesFiltersType.REQUEST_HEADER_MODIFIER,
      requestHeaderModifier: { set: pairs(x.set), add: pairs(x.add), remove: nonEmptyList(x.remove) },
    };
  if (x.type === 'ResponseHeaderModifier')
    return {
      type: GrpcRouteSpecRulesFiltersType.RESPONSE_HEADER_MODIFIER,
      responseHeaderModifier: { set: pairs(x.set), add: pairs(x.add), remove: nonEmptyList(x.remove) },
    };
  throw new Error(`unreachable: ${x.type} on a GRPCRoute (rejected by the model)`);
}

/** The GRPCRoute rules of a resolved route. */
export function buildGrpcRouteRules(route: GatewayRouteSpec): GrpcRouteSpecRules[] {
  return route.rules.map((r) => ({
    name: r.name,
    matches: nonEmptyList(
      r.matches.map((m): GrpcRouteSpecRulesMatches => ({
        method: m.grpc
          ? { service: m.grpc.service, method: m.grpc.method, type: GRPC_METHOD_TYPES[m.grpc.type] }
          : undefined,
        headers: nonEmptyList(
          m.headers.map((h) => ({ name: h.name, value: h.value, type: GRPC_HEADER_TYPES[h.type ?? 'Exact'] })),
        ),
      })),
    ),
    filters: nonEmptyList(r.filters.map(grpcFilter)),
    backendRefs: backendRefs(r.backends),
  }));
}
