import { Duration } from 'cdk8s';
import { checkInt, wholeSeconds } from './durations';
import { Problems } from './problems';

/** A condition on which a request is retried. */
export type RetryCondition = 502 | 503 | 504 | 'reset' | 'connect-failure';

/** Retries of failed requests, at the proxy or load balancer layers that support them. */
export interface RetryProps {
  /** Retries after the first try (1-10). */
  readonly attempts: number;
  /**
   * Timeout of each try.
   * @default none (the request timeout bounds all tries)
   */
  readonly perTryTimeout?: Duration;
  /**
   * The conditions that trigger a retry.
   * @default [502, 503, 'reset', 'connect-failure']
   */
  readonly on?: readonly RetryCondition[];
}

/** The traffic profile: defaults for timeouts, balancing and draining. */
export enum TrafficProfile {
  /** Short request/response traffic: 60 s idle and request timeouts, round robin, 30 s deregistration delay. */
  STANDARD = 'standard',
  /**
   * Long-lived streams (LLM inference, server-sent events, gRPC streams, websockets): no request
   * timeout, idle timeouts and deregistration delay that cover the longest stream, least-request
   * balancing, and pods whose grace period lets in-flight streams finish.
   */
  STREAMING = 'streaming',
}

/** How traffic is handled on every layer (load balancers, routes, mesh). */
export interface TrafficPolicyProps {
  /**
   * The profile that sets the defaults below.
   * @default TrafficProfile.STANDARD
   */
  readonly profile?: TrafficProfile;
  /**
   * The longest a stream may last (streaming profile): it sets the idle timeout, the deregistration
   * delay and the pods' shutdown time unless they are given.
   * @default Duration.minutes(10) with the streaming profile; not used otherwise
   */
  readonly maxStreamDuration?: Duration;
  /**
   * Time limit of a whole request, retries included. `null` disables it.
   * @default Duration.seconds(60); none with the streaming profile
   */
  readonly requestTimeout?: Duration | null;
  /**
   * Idle timeout of connections at the load balancers and proxies.
   * @default Duration.seconds(60); maxStreamDuration with the streaming profile
   */
  readonly idleTimeout?: Duration;
  /**
   * Retries.
   * @default none
   */
  readonly retry?: RetryProps;
  /**
   * Load balancing across pods.
   * @default 'round-robin'; 'least-request' with the streaming profile
   */
  readonly loadBalancing?: 'round-robin' | 'least-request';
  /**
   * How long a load balancer lets in-flight requests finish on a deregistered pod.
   * @default Duration.seconds(30); maxStreamDuration with the streaming profile
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Ramp-up time of new pods at the load balancer (30-900 s on AWS); zero disables it.
   * @default Duration.seconds(0)
   */
  readonly slowStart?: Duration;
  /**
   * Requests with this header and value go to the first canary version, whatever the weights (for testers).
   * @default none
   */
  readonly canaryHeader?: { readonly name: string; readonly value: string };
}

/** The resolved traffic policy, read by every renderer. */
export interface TrafficSpec {
  readonly profile: 'standard' | 'streaming';
  /** Undefined: no request timeout. */
  readonly requestTimeoutSeconds?: number;
  readonly idleTimeoutSeconds: number;
  readonly retry?: { readonly attempts: number; readonly perTryTimeoutSeconds?: number; readonly on: readonly RetryCondition[] };
  readonly loadBalancing: 'round-robin' | 'least-request';
  readonly deregistrationDelaySeconds: number;
  readonly slowStartSeconds: number;
  /** Streaming only: the longest stream. */
  readonly maxStreamSeconds?: number;
  readonly canaryHeader?: { readonly name: string; readonly value: string };
}

const CONDITIONS: readonly RetryCondition[] = [502, 503, 504, 'reset', 'connect-failure'];

/** Resolves and checks the traffic policy. */
export function resolveTraffic(problems: Problems, t: TrafficPolicyProps = {}): TrafficSpec {
  const profile = t.profile ?? TrafficProfile.STANDARD;
  if (profile !== TrafficProfile.STANDARD && profile !== TrafficProfile.STREAMING) {
    problems.add('traffic.profile', profile, 'is not a traffic profile', 'use TrafficProfile.STANDARD or TrafficProfile.STREAMING');
  }
  const streaming = profile === TrafficProfile.STREAMING;
  if (!streaming && t.maxStreamDuration !== undefined) {
    problems.add('traffic.maxStreamDuration', t.maxStreamDuration, 'applies only to the streaming profile', 'set `profile: TrafficProfile.STREAMING` or remove it');
  }
  const maxStream = streaming ? wholeSeconds(problems, 'traffic.maxStreamDuration', t.maxStreamDuration, 600, { min: 1, max: 4000 }) : undefined;
  const requestTimeoutSeconds = t.requestTimeout === null ? undefined
    : t.requestTimeout === undefined ? (streaming ? undefined : 60)
      : wholeSeconds(problems, 'traffic.requestTimeout', t.requestTimeout, 60, { min: 1 });
  const idleTimeoutSeconds = wholeSeconds(problems, 'traffic.idleTimeout', t.idleTimeout, maxStream ?? 60, { min: 1, max: 4000, fix: 'use a duration from 1 s to 4000 s (the ALB maximum)' });
  const deregistrationDelaySeconds = wholeSeconds(problems, 'traffic.deregistrationDelay', t.deregistrationDelay, maxStream ?? 30, { min: 0, max: 3600, fix: 'use a duration from 0 to 3600 s (the AWS range)' });
  const slowStartSeconds = wholeSeconds(problems, 'traffic.slowStart', t.slowStart, 0, { min: 0, max: 900 });
  if (slowStartSeconds > 0 && slowStartSeconds < 30) {
    problems.add('traffic.slowStart', t.slowStart, 'must be 0 or from 30 s to 900 s (the AWS range)', 'use Duration.seconds(30) or more, or remove it');
  }
  if (streaming && maxStream !== undefined) {
    if (idleTimeoutSeconds < maxStream && t.idleTimeout !== undefined) {
      problems.add('traffic.idleTimeout', t.idleTimeout, `is shorter than maxStreamDuration (${maxStream}s): a quiet stream would be cut`, `raise it to at least Duration.seconds(${maxStream}) or remove it`, 'CT-TRAFFIC-001');
    }
    if (requestTimeoutSeconds !== undefined && requestTimeoutSeconds < maxStream) {
      problems.add('traffic.requestTimeout', t.requestTimeout, `is shorter than maxStreamDuration (${maxStream}s): streams would be cut`, 'set `requestTimeout: null` or at least maxStreamDuration', 'CT-TRAFFIC-002');
    }
  }
  let retry: TrafficSpec['retry'];
  if (t.retry) {
    const attempts = checkInt(problems, 'traffic.retry.attempts', t.retry.attempts, 1, 1, 10, 'set attempts from 1 to 10, or remove `retry`');
    const perTry = t.retry.perTryTimeout === undefined ? undefined : wholeSeconds(problems, 'traffic.retry.perTryTimeout', t.retry.perTryTimeout, 1, { min: 1 });
    if (perTry !== undefined && requestTimeoutSeconds !== undefined && perTry > requestTimeoutSeconds) {
      problems.add('traffic.retry.perTryTimeout', t.retry.perTryTimeout, `is longer than the request timeout (${requestTimeoutSeconds}s): a retry could never happen`, 'make the per-try timeout shorter than `requestTimeout`');
    }
    const on = t.retry.on ?? [502, 503, 'reset', 'connect-failure'];
    on.forEach((c, i) => {
      if (!CONDITIONS.includes(c)) problems.add(`traffic.retry.on[${i}]`, c, 'is not a retry condition', `use one of ${CONDITIONS.join(', ')}`);
    });
    if (on.length === 0) problems.add('traffic.retry.on', on, 'lists no condition', 'list at least one, e.g. [502]');
    retry = { attempts, perTryTimeoutSeconds: perTry, on: [...on] };
  }
  const lb = t.loadBalancing ?? (streaming ? 'least-request' : 'round-robin');
  if (lb !== 'round-robin' && lb !== 'least-request') problems.add('traffic.loadBalancing', lb, "must be 'round-robin' or 'least-request'", "use 'least-request' for uneven request costs");
  if (t.canaryHeader !== undefined && !/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(t.canaryHeader.name ?? '')) {
    problems.add('traffic.canaryHeader.name', t.canaryHeader.name, 'is not a valid HTTP header name', 'use a token such as "x-canary"');
  }
  return {
    profile: streaming ? 'streaming' : 'standard', requestTimeoutSeconds, idleTimeoutSeconds, retry,
    loadBalancing: lb, deregistrationDelaySeconds, slowStartSeconds, maxStreamSeconds: maxStream,
    canaryHeader: t.canaryHeader && { name: t.canaryHeader.name.toLowerCase(), value: t.canaryHeader.value },
  };
}
