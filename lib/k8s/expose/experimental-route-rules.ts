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
    filters: r.filters?.map(experimentalFilter),
    backendRefs: r.backendRefs?.map((b) => ({ ...b, filters: b.filters?.map(experimentalBackendFilter) })),
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

function experimentalFilter(f: standard.HttpRouteSpecRulesFilters): experimental.HttpRouteSpecRulesFilters {
  const E = experimental;
  const { cors, requestRedirect: redirect, urlRewrite: rewrite } = f;
  return {
    ...f,
    type: member(E.HttpRouteSpecRulesFiltersType, f.type),
    cors: cors && {
      ...cors,
      allowMethods: cors.allowMethods?.map((x) => member(E.HttpRouteSpecRulesFiltersCorsAllowMethods, x)),
    },
    requestRedirect: redirect && {
      ...redirect,
      scheme: redirect.scheme && member(E.HttpRouteSpecRulesFiltersRequestRedirectScheme, redirect.scheme),
      statusCode:
        redirect.statusCode && member(E.HttpRouteSpecRulesFiltersRequestRedirectStatusCode, redirect.statusCode),
      path: redirect.path && {
        ...redirect.path,
        type: member(E.HttpRouteSpecRulesFiltersRequestRedirectPathType, redirect.path.type),
      },
    },
    urlRewrite: rewrite && {
      ...rewrite,
      path: rewrite.path && {
        ...rewrite.path,
        type: member(E.HttpRouteSpecRulesFiltersUrlRewritePathType, rewrite.path.type),
      },
    },
  };
}

function experimentalBackendFilter(
  f: standard.HttpRouteSpecRulesBackendRefsFilters,
): experimental.HttpRouteSpecRulesBackendRefsFilters {
  const E = experimental;
  const { cors, requestRedirect: redirect, urlRewrite: rewrite } = f;
  return {
    ...f,
    type: member(E.HttpRouteSpecRulesBackendRefsFiltersType, f.type),
    cors: cors && {
      ...cors,
      allowMethods: cors.allowMethods?.map((x) => member(E.HttpRouteSpecRulesBackendRefsFiltersCorsAllowMethods, x)),
    },
    requestRedirect: redirect && {
      ...redirect,
      scheme: redirect.scheme && member(E.HttpRouteSpecRulesBackendRefsFiltersRequestRedirectScheme, redirect.scheme),
      statusCode:
        redirect.statusCode &&
        member(E.HttpRouteSpecRulesBackendRefsFiltersRequestRedirectStatusCode, redirect.statusCode),
      path: redirect.path && {
        ...redirect.path,
        type: member(E.HttpRouteSpecRulesBackendRefsFiltersRequestRedirectPathType, redirect.path.type),
      },
    },
    urlRewrite: rewrite && {
      ...rewrite,
      path: rewrite.path && {
        ...rewrite.path,
        type: member(E.HttpRouteSpecRulesBackendRefsFiltersUrlRewritePathType, rewrite.path.type),
      },
    },
  };
}
