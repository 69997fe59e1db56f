import type { RetryCondition } from './policy';

/** The HTTP status codes among the retry conditions (Gateway API `retry.codes`, ALB has none). */
export function retryStatusCodes(on: readonly RetryCondition[]): number[] {
  return on.filter((c): c is 502 | 503 | 504 => typeof c === 'number');
}
