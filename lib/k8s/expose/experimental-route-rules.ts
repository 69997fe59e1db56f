import type * as standard from '../imports/gateway-api';
import * as experimental from '../imports/gateway-api-experimental';

/**
 * The standard channel's HTTPRoute rules as the experimental channel's generated classes type them. Both channels'
 * generated code declares its own enums (the same Gateway API strings under distinct TypeScript types), so each
 * enum-typed field is mapped to the experimental enum's member holding the same value; every other field is kept.
 * @see https://gateway-api.sigs.k8s.io/concepts/versioning/#release-channels
 */
export function experimentalRule(r: standard.HttpRouteSpecRules): experimental.HttpRouteSpecRules {
  return {
    ...r,
    matches: r.matches?.map(experimentalMatch),
    filters: r.filters?.map((f): experimental.HttpRouteSpecRulesFilters => filterOf(f, RULE_FILTER)),
    backendRefs: r.backendRefs?.map((b) => ({
      ...b,
      filters: b.filters?.map((f): experimental.HttpRouteSpecRulesBackendRefsFilters => filterOf(f, BACKEND_FILTER)),
    })),
  };
}

/**
 * The member of an experimental enum (given as its object) that holds `value`. A numeric enum's object also maps
 * its numbers back to their names: the value is a number there, so only a number can match it.
 */
function member<E extends string | number>(members: Record<string, E | string>, value: E | string | number): E {
  const found = Object.values(members).find((m): m is E => m === value && typeof m === typeof value);
  if (found === undefined) throw new Error(`unreachable: "${value}" is in no experimental Gateway API enum`);
  return found;
}

function experimentalMatch(m: standard.HttpRouteSpecRulesMatches): experimental.HttpRouteSpecRulesMatches {
  const E = experimental;
  return {
    path: m.path && { ...m.path, type: m.path.type && member(E.HttpRouteSpecRulesMatchesPathType, m.path.type) },
    headers: m.headers?.map((h) => ({ ...h, type: h.type && member(E.HttpRouteSpecRulesMatchesHeadersType, h.type) })),
    queryParams: m.queryParams?.map((q) => ({
      ...q,
      type: q.type && member(E.HttpRouteSpecRulesMatchesQueryParamsType, q.type),
    })),
    method: m.method && member(E.HttpRouteSpecRulesMatchesMethod, m.method),
  };
}

/** What a filter of either list (a rule's, a backendRef's) holds that is enum-typed, as the standard channel writes it. */
interface StandardFilter {
  readonly type: string;
  readonly cors?: { readonly allowMethods?: readonly string[] };
  readonly requestRedirect?: {
    readonly scheme?: string;
    readonly statusCode?: number;
    readonly path?: { readonly type: string };
  };
  readonly urlRewrite?: { readonly path?: { readonly type: string } };
}

/** The experimental enums of one filter list (given as their objects). */
interface FilterEnums<T, M, S, C, RP, UP> {
  readonly type: Record<string, T | string>;
  readonly methods: Record<string, M | string>;
  readonly scheme: Record<string, S | string>;
  readonly statusCode: Record<string, C | string>;
  readonly redirectPath: Record<string, RP | string>;
  readonly rewritePath: Record<string, UP | string>;
}

/** A filter with each enum-typed field mapped to the experimental enum's member (every other field kept). */
function filterOf<
  T extends string,
  M extends string,
  S extends string,
  C extends number,
  RP extends string,
  UP extends string,
>(f: StandardFilter, e: FilterEnums<T, M, S, C, RP, UP>) {
  const { cors, requestRedirect: redirect, urlRewrite: rewrite } = f;
  return {
    ...f,
    type: member(e.type, f.type),
    cors: cors && { ...cors, allowMethods: cors.allowMethods?.map((x) => member(e.methods, x)) },
    requestRedirect: redirect && {
      ...redirect,
      scheme: redirect.scheme === undefined ? undefined : member(e.scheme, redirect.scheme),
      statusCode: redirect.statusCode === undefined ? undefined : member(e.statusCode, redirect.statusCode),
      path: redirect.path && { ...redirect.path, type: member(e.redirectPath, redirect.path.type) },
    },
    urlRewrite: rewrite && {
      ...rewrite,
      path: rewrite.path && { ...rewrite.path, type: member(e.rewritePath, rewrite.path.type) },
    },
  };
}

const RULE_FILTER = {
  type: experimental.HttpRouteSpecRulesFiltersType,
  methods: experimental.HttpRouteSpecRulesFiltersCorsAllowMethods,
  scheme: experimental.HttpRouteSpecRulesFiltersRequestRedirectScheme,
  statusCode: experimental.HttpRouteSpecRulesFiltersRequestRedirectStatusCode,
  redirectPath: experimental.HttpRouteSpecRulesFiltersRequestRedirectPathType,
  rewritePath: experimental.HttpRouteSpecRulesFiltersUrlRewritePathType,
} as const;

const BACKEND_FILTER = {
  type: experimental.HttpRouteSpecRulesBackendRefsFiltersType,
  methods: experimental.HttpRouteSpecRulesBackendRefsFiltersCorsAllowMethods,
  scheme: experimental.HttpRouteSpecRulesBackendRefsFiltersRequestRedirectScheme,
  statusCode: experimental.HttpRouteSpecRulesBackendRefsFiltersRequestRedirectStatusCode,
  redirectPath: experimental.HttpRouteSpecRulesBackendRefsFiltersRequestRedirectPathType,
  rewritePath: experimental.HttpRouteSpecRulesBackendRefsFiltersUrlRewritePathType,
} as const;
