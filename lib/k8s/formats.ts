import type { RetryCondition } from '../model/traffic/policy';
import { retryStatusCodes } from '../model/traffic/retry';
import type { WorkloadSpec } from '../model/app-spec';
import { httpRouteRetryWritten } from '../model/targets/written-for-targets';

// How the renderers write the traffic policy's typed values into CRD fields: Go duration strings, Gateway API
// route timeouts and retry, Istio's retryOn list. The model holds numbers and lists; these are the formats.

/** A whole number of seconds as a Go/Gateway API duration string (`600s`). */
export function seconds(n: number): string {
  return `${n}s`;
}

/**
 * Istio `HTTPRetry.retryOn`: a comma-separated list of Envoy retry policies where an HTTP status code
 * (e.g. `502`) is accepted and added to the retriable status codes. `reset` and `connect-failure` are
 * Envoy policies of the same name. Order as declared, without duplicates.
 */
export function istioRetryOn(on: readonly RetryCondition[]): string {
  return [...new Set(on.map(String))].join(',');
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
export function gatewayTimeouts(
  requestSeconds: number | undefined,
  backendRequestSeconds?: number,
): { request: string; backendRequest?: string } {
  return {
    request: requestSeconds !== undefined ? seconds(requestSeconds) : '0s',
    backendRequest: backendRequestSeconds !== undefined ? seconds(backendRequestSeconds) : undefined,
  };
}

/**
 * HTTPRoute `retry` (experimental channel before Gateway API 1.7, standard from 1.7): the declared retries when
 * `traffic.gatewayApiChannel` is 'experimental' or the Gateway API target is 1.7 or later, else undefined (rule
 * CT-TRAFFIC-030 warns). `codes`
 * are the status codes among the conditions; `reset` and `connect-failure` are the connection errors
 * an implementation with HTTPRouteRetryConnectionError retries whenever `retry` is set. A route with
 * `retry` must be written with the experimental typed class (`lib/k8s/imports/gateway-api-experimental`).
 */
export function gatewayRetry(
  w: Pick<WorkloadSpec, 'traffic' | 'targets'>,
): { attempts: number; codes?: number[] } | undefined {
  const t = w.traffic;
  if (!t.retry || !httpRouteRetryWritten(w)) return undefined;
  const codes = retryStatusCodes(t.retry.on);
  return { attempts: t.retry.attempts, codes: codes.length > 0 ? codes : undefined };
}
