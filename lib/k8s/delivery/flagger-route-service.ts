import type { AppSpec } from '../../model/app-spec';
import type { FlaggerRouteSpec } from '../../model/delivery/delivery-spec';
import type { HttpFilterSpec, RouteMatchSpec, ValueMatch } from '../../model/exposure/gateway-route';
import type {
  CanarySpecService,
  CanarySpecServiceHeadersRequest,
  CanarySpecServiceMatch,
  CanarySpecServiceMatchHeaders,
  CanarySpecServiceRewrite,
} from '../imports/flagger';
import { gatewayTimeouts } from '../formats';

/** The Canary's `service` fields from which Flagger's Gateway API provider makes the route's HTTPRoute. */
export type FlaggerRouteFields = Pick<
  CanarySpecService,
  'gatewayRefs' | 'hosts' | 'match' | 'timeout' | 'backendTimeout' | 'headers' | 'rewrite' | 'apex'
>;

/**
 * The app's Gateway API route as the Canary's `service` fields (`provider: gatewayapi:v1`): its parents as
 * `gatewayRefs`, its host names as `hosts`, its rules' matches as `match` (Istio-style, which Flagger maps back to
 * HTTPRoute matches), its filters as `headers` and `rewrite`, its timeouts as `timeout` (`0s` when none, as the
 * library writes a route) and `backendTimeout`, its own labels and annotations as `apex` (Flagger puts them on the
 * HTTPRoute and the apex Service).
 * @see https://docs.flagger.app/tutorials/gatewayapi-progressive-delivery
 */
export function flaggerRouteFields(app: AppSpec, r: FlaggerRouteSpec): FlaggerRouteFields {
  const timeouts = gatewayTimeouts(
    r.requestTimeoutSeconds,
    r.backendRequestTimeoutSeconds ?? app.traffic.retry?.perTryTimeoutSeconds,
  );
  const apex = { labels: nonEmpty(r.labels), annotations: nonEmpty(r.annotations) };
  return {
    gatewayRefs: r.parentRefs.map((p) => ({ name: p.name, namespace: p.namespace, sectionName: p.sectionName })),
    hosts: r.hostnames.length > 0 ? [...r.hostnames] : undefined,
    match: r.matches.length > 0 ? r.matches.map(canaryMatch) : undefined,
    timeout: timeouts.request,
    backendTimeout: timeouts.backendRequest,
    headers: canaryHeaders(r.filters),
    rewrite: canaryRewrite(r.filters),
    apex: apex.labels || apex.annotations ? apex : undefined,
  };
}

function nonEmpty(o: Readonly<Record<string, string>>): Record<string, string> | undefined {
  return Object.keys(o).length > 0 ? { ...o } : undefined;
}

/** Exact or regular expression, by name (the Canary holds header and query parameter matches as maps). */
function byName(list: readonly ValueMatch[]): Record<string, CanarySpecServiceMatchHeaders> | undefined {
  if (list.length === 0) return undefined;
  return Object.fromEntries(
    list.map((v) => [v.name, v.type === 'RegularExpression' ? { regex: v.value } : { exact: v.value }]),
  );
}

/** A route match as Flagger's `service.match` entry (uri prefix, exact or regex; exact method; headers; query). */
function canaryMatch(m: RouteMatchSpec): CanarySpecServiceMatch {
  const p = m.path;
  return {
    uri: p
      ? p.type === 'Exact'
        ? { exact: p.value }
        : p.type === 'RegularExpression'
          ? { regex: p.value }
          : { prefix: p.value }
      : undefined,
    method: m.method ? { exact: m.method } : undefined,
    headers: byName(m.headers),
    queryParams: byName(m.queryParams),
  };
}

/** Header modifier filters as `service.headers.request` / `.response`. */
function canaryHeaders(filters: readonly HttpFilterSpec[]): CanarySpecService['headers'] {
  const of = (
    type: 'RequestHeaderModifier' | 'ResponseHeaderModifier',
  ): CanarySpecServiceHeadersRequest | undefined => {
    const x = filters.find((f) => f.type === type);
    if (!x || (x.type !== 'RequestHeaderModifier' && x.type !== 'ResponseHeaderModifier')) return undefined;
    return {
      add: Object.keys(x.add).length > 0 ? { ...x.add } : undefined,
      set: Object.keys(x.set).length > 0 ? { ...x.set } : undefined,
      remove: x.remove.length > 0 ? [...x.remove] : undefined,
    };
  };
  const request = of('RequestHeaderModifier');
  const response = of('ResponseHeaderModifier');
  return request || response ? { request, response } : undefined;
}

/** A URL rewrite as `service.rewrite`: the host as `authority`, the path as `uri` with its `type`. */
function canaryRewrite(filters: readonly HttpFilterSpec[]): CanarySpecServiceRewrite | undefined {
  const x = filters.find((f) => f.type === 'URLRewrite');
  if (!x || x.type !== 'URLRewrite') return undefined;
  const path = x.path;
  return {
    authority: x.hostname,
    ...(path
      ? 'replacePrefixMatch' in path
        ? { uri: path.replacePrefixMatch, type: 'ReplacePrefixMatch' }
        : { uri: path.replaceFullPath, type: 'ReplaceFullPath' }
      : {}),
  };
}
