import type { WorkloadSpec } from '../app-spec';
import type { HttpFilterSpec, RouteMatchSpec, RouteRuleSpec } from '../exposure/gateway-route';
import type { HttpRouteTrait } from '../exposure/traits';
import { Problems } from '../problems';
import type { FlaggerRouteSpec } from './delivery-spec';
import { resolvePort } from '../workload/port-resolution';

/**
 * The id of a route field Flagger's HTTPRoute cannot carry (an error at resolution, not acknowledgeable): the route
 * would be written otherwise than declared.
 */
export const FLAGGER_ROUTE_REFUSED = 'CT-DELIVERY-020';

/** The most matches one HTTPRoute rule holds (Gateway API v1.6.1 CRDs). */
const MAX_MATCHES_PER_RULE = 64;

/** The rule fields Flagger's one rule has once: every rule of the route must agree on them. */
const ONE_RULE_FIELDS = ['port', 'filters', 'timeout', 'backendTimeout'] as const;

/**
 * The name of the HTTPRoute Flagger makes for the exposure at `field` (the apex Service's name), when the app's
 * delivery is Flagger's over that Gateway API route; undefined otherwise (the exposure writes its route itself).
 */
export function flaggerRouteName(w: WorkloadSpec, field: string): string | undefined {
  const d = w.delivery;
  return d?.controller === 'flagger' && d.routerField === field ? d.gatewayRoute?.name : undefined;
}

/** A match that matches every request (no path, method, header or query parameter). */
function matchesAll(m: RouteMatchSpec): boolean {
  return !m.path && !m.method && !m.grpc && m.headers.length === 0 && m.queryParams.length === 0;
}

const EVERY_PATH: RouteMatchSpec = { path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] };

/** What a rule has once in Flagger's one rule, for comparison. */
function oneRuleFields(r: RouteRuleSpec): Record<(typeof ONE_RULE_FIELDS)[number], string> {
  return {
    port: String(r.backends[0]?.port),
    filters: JSON.stringify(r.filters),
    timeout: String(r.requestTimeoutSeconds),
    backendTimeout: String(r.backendRequestTimeoutSeconds),
  };
}

/**
 * The route as Flagger's Gateway API provider makes it from the Canary, or a problem (CT-DELIVERY-020) for each
 * field it cannot carry. Flagger writes one rule: the Canary's `service.match` (Istio-style matches: a path prefix,
 * exact or regex, an exact method, headers and query parameters by name, exact or regex), `service.headers`
 * (request and response header modifiers), `service.rewrite` (a URL rewrite), `service.timeout` and
 * `service.backendTimeout`, to the primary and canary Services on `service.port`; no rule name, no redirect, no retry.
 * @see https://github.com/fluxcd/flagger/blob/main/pkg/router/gateway_api.go (`Reconcile`, `mapRouteMatches`, `makeFilters`)
 * @see https://docs.flagger.app/tutorials/gatewayapi-progressive-delivery
 */
export function carryRoute(
  problems: Problems,
  field: string,
  route: HttpRouteTrait,
  w: WorkloadSpec,
): FlaggerRouteSpec {
  const name = w.service?.name ?? w.name;
  const rules = route.rules;
  const first = rules[0];
  rules.forEach((r, i) => checkRule(problems, `${field}.rules[${i}]`, r, i, first));
  const joined = rules.flatMap((r) =>
    r.matches.length === 0 ? [EVERY_PATH] : r.matches.map((m) => (matchesAll(m) ? EVERY_PATH : m)),
  );
  // One PathPrefix "/" match is Flagger's default: written as no `service.match`.
  const everything = joined.length > 0 && joined.every((m) => m === EVERY_PATH);
  const matches = everything ? [] : joined;
  if (matches.length > MAX_MATCHES_PER_RULE)
    problems.add(
      `${field}.rules`,
      matches.length,
      `Flagger makes one rule of the route's ${rules.length} rules, which would hold ${matches.length} matches; a rule holds at most ${MAX_MATCHES_PER_RULE}`,
      'match fewer requests (a path prefix covers several paths), or deliver with Argo Rollouts, whose Gateway API plugin moves the route as written',
      FLAGGER_ROUTE_REFUSED,
    );
  const filters = first?.filters ?? [];
  const sent = first?.backends[0]?.port;
  const servicePort = sent === undefined ? undefined : resolvePort(w, sent, 'service')?.service;
  checkPrefixRewrite(problems, field, filters, matches);
  return {
    name,
    parentRefs: route.parentRefs,
    hostnames: route.hostnames,
    matches,
    filters,
    ...(servicePort ? { servicePort } : {}),
    ...(first?.requestTimeoutSeconds !== undefined ? { requestTimeoutSeconds: first.requestTimeoutSeconds } : {}),
    ...(first?.backendRequestTimeoutSeconds !== undefined
      ? { backendRequestTimeoutSeconds: first.backendRequestTimeoutSeconds }
      : {}),
    labels: route.labels,
    annotations: route.annotations,
  };
}

/** One rule: no name, no redirect, the same port, filters and timeouts as the first, header names once per match. */
function checkRule(problems: Problems, rf: string, r: RouteRuleSpec, i: number, first: RouteRuleSpec): void {
  const refuse = (f: string, value: unknown, message: string, fix: string) =>
    problems.add(f, value, message, fix, FLAGGER_ROUTE_REFUSED);
  const argo = 'or deliver with Argo Rollouts, whose Gateway API plugin moves the route as written';
  if (r.name !== undefined)
    refuse(
      `${rf}.name`,
      r.name,
      "names a rule, and the HTTPRoute Flagger makes has one rule without a name (a policy's sectionName would find nothing)",
      `remove the rule's \`name\`, ${argo}`,
    );
  r.filters.forEach((x, j) => {
    if (x.type === 'RequestRedirect')
      refuse(
        `${rf}.filters[${j}]`,
        x.type,
        'redirects, and the HTTPRoute Flagger makes has one rule, to the primary and canary Services: the Canary has no redirect',
        `redirect on a route of its own outside the app (e.g. the Gateway's HTTP listener), ${argo}`,
      );
  });
  if (i > 0 && r.backends.length > 0 && first.backends.length > 0) {
    const a = oneRuleFields(first);
    const b = oneRuleFields(r);
    const differs = ONE_RULE_FIELDS.filter((k) => a[k] !== b[k]);
    if (differs.length > 0)
      refuse(
        rf,
        differs.join(', '),
        `differs from rules[0] in its ${differs.join(', ')}: the HTTPRoute Flagger makes has one rule (the Canary's \`service.match\`, \`headers\`, \`rewrite\`, \`timeout\`, \`backendTimeout\` and \`port\`), into which the rules' matches are joined`,
        `give every rule the same port, filters and timeouts, ${argo}`,
      );
  }
  r.matches.forEach((m, j) => {
    const names = m.headers.map((h) => h.name.toLowerCase());
    const twice = names.findIndex((n, k) => names.indexOf(n) !== k);
    if (twice >= 0)
      refuse(
        `${rf}.matches[${j}].headers[${twice}].name`,
        m.headers[twice].name,
        "is matched twice in this match, and the Canary's `service.match` holds one value per header name",
        'match each header once per match',
      );
  });
}

/** A prefix rewrite needs its rule to have exactly one match, a PathPrefix one (the HTTPRoute CRD's CEL rule). */
function checkPrefixRewrite(
  problems: Problems,
  field: string,
  filters: readonly HttpFilterSpec[],
  matches: readonly RouteMatchSpec[],
): void {
  const prefix = filters.some(
    (x) => (x.type === 'URLRewrite' || x.type === 'RequestRedirect') && x.path && 'replacePrefixMatch' in x.path,
  );
  const one =
    matches.length === 0 || (matches.length === 1 && (matches[0].path?.type ?? 'PathPrefix') === 'PathPrefix');
  if (prefix && !one)
    problems.add(
      `${field}.rules`,
      matches.length,
      "rewrite a path prefix (replacePrefixMatch), and Flagger's one rule would hold their matches together: the HTTPRoute accepts replacePrefixMatch only in a rule with exactly one PathPrefix match",
      'keep one rule with one path prefix, or use replaceFullPath, or deliver with Argo Rollouts',
      FLAGGER_ROUTE_REFUSED,
    );
}
