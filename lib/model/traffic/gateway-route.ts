import type { AppSpec } from '../app-spec';
import type { TrafficSpec } from '../traffic';
import { retryStatusCodes, seconds } from './retry';
import { integerWeights } from './weights';

/** A weighted backendRef of a Gateway API route (same shape in HTTPRoute and GRPCRoute). */
export interface GatewayBackendRef {
  /** The per-version Service (the app's Service when it has one version). */
  readonly name: string;
  readonly port: number;
  /** Integer weight; the weights of a rule add up to 100 (or 1000, 10000... for decimal percentages). */
  readonly weight: number;
}

/** One route rule's traffic part: the backends, and for HTTPRoute the timeouts and retry. */
export interface GatewayRouteRule {
  /** Undefined for the default rule; the canary header rule matches this header. */
  readonly header?: { readonly name: string; readonly value: string };
  readonly backendRefs: readonly GatewayBackendRef[];
  /** HTTPRoute `timeouts` (standard channel). `request: '0s'` disables the timeout (streaming profile). */
  readonly timeouts: { readonly request: string; readonly backendRequest?: string };
  /**
   * HTTPRoute `retry` (experimental channel in Gateway API v1.6): present only with
   * `traffic.gatewayApiChannel: 'experimental'`. Without `codes` it retries connection errors only.
   */
  readonly retry?: { readonly attempts: number; readonly codes?: number[] };
}

/**
 * The traffic policy as Gateway API route rules, for the renderers of HTTPRoute and GRPCRoute:
 * the canary header rule first (all to the first canary, when `traffic.canaryHeader` is set), then
 * the weighted rule (e.g. 99/1 for a 1% canary, to the per-version Services). Renderers add their
 * matches (paths, hostnames) to each rule; a GRPCRoute takes `backendRefs` and `header` only (no
 * timeouts or retry in v1.6).
 *
 * ```ts
 * for (const r of gatewayRouteRules(app, servicePort)) rules.push({
 *   matches: r.header ? [{ path, headers: [{ name: r.header.name, value: r.header.value }] }] : [{ path }],
 *   backendRefs: r.backendRefs.map((b) => ({ ...b })), timeouts: r.timeouts, retry: r.retry,
 * });
 * ```
 * @param port the Service port the routes send to (each per-version Service has the same ports)
 */
export function gatewayRouteRules(app: AppSpec, port: number): GatewayRouteRule[] {
  const t = app.traffic;
  const timeouts = gatewayTimeouts(t.requestTimeoutSeconds, t.retry?.perTryTimeoutSeconds);
  const retry = gatewayRetry(t);
  const rules: GatewayRouteRule[] = [];
  const canary = app.versions.find((v) => !v.stable);
  if (t.canaryHeader && canary?.serviceName) {
    rules.push({ header: { ...t.canaryHeader }, backendRefs: [{ name: canary.serviceName, port, weight: 1 }], timeouts, retry });
  }
  rules.push({ backendRefs: gatewayBackendRefs(app, port), timeouts, retry });
  return rules;
}

/**
 * The weighted backendRefs of an app: one per version with a weight above zero, to its per-version
 * Service, with exact integer weights (1% -> 99/1). A single version goes to the app's Service.
 * When the weights cannot be made integers (rule CT-TRAFFIC-013 reports it), everything goes to the stable version.
 */
export function gatewayBackendRefs(app: AppSpec, port: number): GatewayBackendRef[] {
  const serviceName = app.service?.name ?? app.name;
  if (app.versions.length < 2) return [{ name: serviceName, port, weight: 1 }];
  const w = integerWeights(app.versions);
  if (!w) return [{ name: app.versions[0].serviceName ?? serviceName, port, weight: 1 }];
  return w.weights.filter((b) => b.weight > 0).map((b) => ({ name: b.serviceName ?? serviceName, port, weight: b.weight }));
}

/**
 * HTTPRoute `timeouts` (standard channel): `request` is the whole request, retries included, and
 * `'0s'` when there is none (the streaming profile), which disables the implementation's default
 * (often 15 s in Envoy-based gateways) instead of inheriting it; `backendRequest` is one try.
 *
 * ```ts
 * timeouts: gatewayTimeouts(rule.requestTimeoutSeconds, rule.backendRequestTimeoutSeconds ?? app.traffic.retry?.perTryTimeoutSeconds)
 * ```
 */
export function gatewayTimeouts(requestSeconds: number | undefined, backendRequestSeconds?: number): { request: string; backendRequest?: string } {
  return {
    request: requestSeconds !== undefined ? seconds(requestSeconds) : '0s',
    backendRequest: backendRequestSeconds !== undefined ? seconds(backendRequestSeconds) : undefined,
  };
}

/**
 * HTTPRoute `retry` (experimental channel in Gateway API v1.6): the declared retries when
 * `traffic.gatewayApiChannel` is 'experimental', else undefined (rule CT-TRAFFIC-030 warns). `codes`
 * are the status codes among the conditions; `reset` and `connect-failure` are the connection errors
 * an implementation with HTTPRouteRetryConnectionError retries whenever `retry` is set. A route with
 * `retry` must be written with the experimental typed class (`lib/k8s/imports/gateway-api-experimental`).
 */
export function gatewayRetry(t: TrafficSpec): { attempts: number; codes?: number[] } | undefined {
  if (!t.retry || t.gatewayApiChannel !== 'experimental') return undefined;
  const codes = retryStatusCodes(t.retry.on);
  return { attempts: t.retry.attempts, codes: codes.length > 0 ? codes : undefined };
}
