import type { RetryCondition } from './policy';

/** The HTTP status codes among the retry conditions (Gateway API `retry.codes`, ALB has none). */
export function retryStatusCodes(on: readonly RetryCondition[]): number[] {
  return on.filter((c): c is 502 | 503 | 504 => typeof c === 'number');
}

/**
 * Istio `HTTPRetry.retryOn`: a comma-separated list of Envoy retry policies where an HTTP status code
 * (e.g. `502`) is accepted and added to the retriable status codes. `reset` and `connect-failure` are
 * Envoy policies of the same name. Order as declared, without duplicates.
 */
export function istioRetryOn(on: readonly RetryCondition[]): string {
  return [...new Set(on.map(String))].join(',');
}

/** A whole number of seconds as a Go/Gateway API duration string (`600s`). */
export function seconds(n: number): string {
  return `${n}s`;
}
