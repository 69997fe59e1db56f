import { Duration } from 'cdk8s';
import { AT_LEAST_0, AT_LEAST_1, wholeSeconds } from '../durations';
import { checkInt } from '../integers';
import { Problems } from '../problems';
import { deepFreeze } from '../freeze';
import type { TrafficSetting } from './layer-support';

/** A condition on which a request is retried. */
export type RetryCondition = 502 | 503 | 504 | 'reset' | 'connect-failure';

/** Retries of failed requests, at the proxy or load balancer layers that support them. */
export interface RetryProps {
  /**
   * Retries after the first try (1-10).
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry (`attempts`)
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouteretry (`retry.attempts`)
   */
  readonly attempts: number;
  /**
   * Timeout of each try.
   * Range: at least 1 s, at most the request timeout.
   * @default none (the request timeout bounds all tries)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry (`perTryTimeout`)
   * @see https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto#config-route-v3-retrypolicy (`per_try_timeout`)
   */
  readonly perTryTimeout?: Duration;
  /**
   * The conditions that trigger a retry.
   * @default [502, 503, 'reset', 'connect-failure']
   */
  readonly on?: readonly RetryCondition[];
}

/**
 * Ejection of failing pods by Envoy-based layers (Istio `DestinationRule.trafficPolicy.outlierDetection`).
 * Give `{}` for the defaults below.
 */
export interface OutlierDetectionProps {
  /**
   * Consecutive 5xx responses (or connection failures) after which a pod is ejected.
   * Range: 1-1000.
   * @default 5
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection (`consecutive5xxErrors`)
   */
  readonly consecutiveErrors?: number;
  /**
   * Time between two ejection sweeps.
   * Range: 1-3600 s.
   * @default Duration.seconds(10)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection (`interval`)
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection time (it grows with each ejection of the same pod).
   * Range: 1-3600 s.
   * @default Duration.seconds(30)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection (`baseEjectionTime`)
   */
  readonly baseEjectionTime?: Duration;
  /**
   * Most pods of a version that may be ejected at once, in percent.
   * Range: 1-100 (0 would never eject).
   * @default 50
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection (`maxEjectionPercent`)
   */
  readonly maxEjectionPercent?: number;
}

/** Limits on connections and requests to the pods (Istio `DestinationRule.trafficPolicy.connectionPool`). */
export interface ConnectionPoolProps {
  /**
   * Most TCP connections to all pods of a version, from each proxy.
   * Range: 1-2147483647.
   * @default unlimited (Envoy's default)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-TCPSettings (`tcp.maxConnections`)
   */
  readonly maxConnections?: number;
  /**
   * Most requests waiting for a connection.
   * Range: 1-2147483647.
   * @default unlimited (Envoy's default)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings (`http.http1MaxPendingRequests`)
   */
  readonly maxPendingRequests?: number;
  /**
   * Most concurrent requests (or streams) to all pods of a version, from each proxy.
   * Range: 1-2147483647.
   * @default unlimited (Envoy's default)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings (`http.http2MaxRequests`)
   */
  readonly maxConcurrentRequests?: number;
  /**
   * Most requests per connection (1 disables keep-alive).
   * Range: 1-2147483647.
   * @default unlimited
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#ConnectionPoolSettings-HTTPSettings (`http.maxRequestsPerConnection`)
   */
  readonly maxRequestsPerConnection?: number;
}

/** Consistent hash load balancing: requests with the same key go to the same pod (while the set of pods holds). */
export interface ConsistentHashProps {
  /** What the key is: a request header, a cookie, or the client's IP address. */
  readonly hashBy: 'header' | 'cookie' | 'source-ip';
  /**
   * The header's or the cookie's name (required for `header` and `cookie`).
   * @default none
   */
  readonly name?: string;
  /**
   * For `cookie`: the lifetime of the cookie the proxy sets when a request has none.
   * Range: at least 0 s (0 is a session cookie), no upper limit.
   * @default a session cookie (`ttl: 0s`)
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB-HTTPCookie (`httpCookie.ttl`)
   */
  readonly cookieTtl?: Duration;
}

/** The resolved consistent hash. */
export interface ConsistentHashSpec {
  readonly hashBy: 'header' | 'cookie' | 'source-ip';
  /** The header or cookie name; undefined for `source-ip`. */
  readonly name?: string;
  /** For `cookie`: the generated cookie's lifetime (0: a session cookie). */
  readonly cookieTtlSeconds?: number;
}

/** A balancing algorithm a layer may write (the consistent hashes by their key, locality preference). */
export type BalancingAlgorithm =
  'round-robin' | 'least-request' | 'random' | 'hash-header' | 'hash-cookie' | 'hash-source-ip' | 'locality';

/** The protocol between the load balancers or proxies and the pods. */
export type BackendProtocol = 'http1' | 'http2' | 'grpc';

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
   * Range: 1-4000 s (the ALB idle timeout's maximum, which it may set).
   * @default Duration.minutes(10) with the streaming profile; not used otherwise
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout (1-4000 s)
   */
  readonly maxStreamDuration?: Duration;
  /**
   * Time limit of a whole request, retries included. `null` disables it.
   * Range: at least 1 s, whole seconds (each layer writes it in its own field and format).
   * @default Duration.seconds(60); none with the streaming profile
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutetimeouts (`timeouts.request`)
   * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRoute (`timeout`)
   */
  readonly requestTimeout?: Duration | null;
  /**
   * Idle timeout of connections at the load balancers and proxies.
   * Range: 1-4000 s (the ALB maximum; each layer's own range applies where it is written).
   * @default Duration.seconds(60); maxStreamDuration with the streaming profile
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout (`idle_timeout.timeout_seconds`, 1-4000 s)
   */
  readonly idleTimeout?: Duration;
  /**
   * Retries.
   * @default none
   */
  readonly retry?: RetryProps;
  /**
   * Load balancing across pods: `'round-robin'`, `'least-request'`, `'random'`, or a consistent hash (by a header, a
   * cookie or the client's IP: the same key reaches the same pod while the pods stay the same). Written where the
   * layer supports it (Istio's DestinationRule, the ALB's target group algorithm); refused or warned, by id, where
   * it does not (docs/traffic-settings.md).
   * @default 'round-robin'; 'least-request' with the streaming profile
   * @example { hashBy: 'header', name: 'x-user-id' }
   * @see https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings
   */
  readonly loadBalancing?: 'round-robin' | 'least-request' | 'random' | ConsistentHashProps;
  /**
   * Prefer pods in the client's locality (region, zone, sub-zone), failing over to others when they are ejected
   * (needs `outlierDetection`, without which the mesh does not fail over).
   * @default false
   * @see https://istio.io/latest/docs/tasks/traffic-management/locality-load-balancing/
   */
  readonly localityPreference?: boolean;
  /**
   * How long a load balancer lets in-flight requests finish on a deregistered pod.
   * Range: 0-3600 s (the AWS target group's).
   * @default Duration.seconds(30); maxStreamDuration with the streaming profile
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#deregistration-delay (`deregistration_delay.timeout_seconds`, 0-3600 s)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Ramp-up time of new pods at the load balancer (30-900 s on AWS); zero disables it.
   * @default Duration.seconds(0)
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#slow-start-mode (`slow_start.duration_seconds`, 0 or 30-900 s)
   */
  readonly slowStart?: Duration;
  /**
   * Requests with this header and value go to the first canary version, whatever the weights (for testers).
   * @default none
   */
  readonly canaryHeader?: { readonly name: string; readonly value: string };
  /**
   * Eject pods that keep failing (Envoy-based layers: the Istio mesh).
   * @default none
   */
  readonly outlierDetection?: OutlierDetectionProps;
  /**
   * Connection and request limits towards the pods (Envoy-based layers: the Istio mesh).
   * @default none (Envoy's defaults)
   */
  readonly connectionPool?: ConnectionPoolProps;
  /**
   * Protocol from the load balancers and proxies to the pods: HTTP/2 or gRPC keep many streams on one
   * connection and are what gRPC streams need.
   * @default from the first Service port's appProtocol (`grpc` -> 'grpc'; `kubernetes.io/h2c`, `h2c`, `http2` -> 'http2'); 'http1' otherwise
   */
  readonly backendProtocol?: BackendProtocol;
  /**
   * Gateway API release channel of the routes. Before Gateway API 1.7 HTTPRoute `retry` is in the
   * experimental channel only: with 'standard' retries are not written on routes (rule
   * CT-TRAFFIC-030 says so); 'experimental' writes them and needs the experimental CRDs installed
   * (refused under a standard-channel target, CT-TARGET-003). From a Gateway API 1.7 target `retry` is written
   * in either channel.
   * @default the targets' `gatewayApiChannel`, else 'standard' (docs/targets.md)
   */
  readonly gatewayApiChannel?: 'standard' | 'experimental';
  /**
   * Acknowledged rule findings: rule id (e.g. `CT-TRAFFIC-030`) -> the reason, in a few words. An
   * acknowledged finding no longer fails the synth or warns; it is printed with its reason.
   * @default none
   */
  readonly acknowledge?: Readonly<Record<string, string>>;
}

/** The resolved outlier detection. */
export interface OutlierDetectionSpec {
  readonly consecutiveErrors: number;
  readonly intervalSeconds: number;
  readonly baseEjectionSeconds: number;
  readonly maxEjectionPercent: number;
}

/** The resolved connection pool (undefined fields keep Envoy's defaults). */
export interface ConnectionPoolSpec {
  readonly maxConnections?: number;
  readonly maxPendingRequests?: number;
  readonly maxConcurrentRequests?: number;
  readonly maxRequestsPerConnection?: number;
}

/** The resolved traffic policy, read by every renderer. */
export interface TrafficSpec {
  readonly profile: 'standard' | 'streaming';
  /** Undefined: no request timeout. */
  readonly requestTimeoutSeconds?: number;
  readonly idleTimeoutSeconds: number;
  readonly retry?: {
    readonly attempts: number;
    readonly perTryTimeoutSeconds?: number;
    readonly on: readonly RetryCondition[];
  };
  readonly loadBalancing: 'round-robin' | 'least-request' | 'random' | 'consistent-hash';
  /** Set when `loadBalancing` is `consistent-hash`. */
  readonly consistentHash?: ConsistentHashSpec;
  /** True: prefer pods in the client's locality. */
  readonly localityPreference?: boolean;
  readonly deregistrationDelaySeconds: number;
  readonly slowStartSeconds: number;
  /** Streaming only: the longest stream. */
  readonly maxStreamSeconds?: number;
  readonly canaryHeader?: { readonly name: string; readonly value: string };
  /** Undefined: none. */
  readonly outlierDetection?: OutlierDetectionSpec;
  /** Undefined: Envoy's defaults. */
  readonly connectionPool?: ConnectionPoolSpec;
  /** As set by the user; undefined: derive it from the Service port with `backendProtocolOf(app)` (lib/model/traffic/backend-protocol.ts). */
  readonly backendProtocol?: BackendProtocol;
  /** Undefined: 'standard'. */
  readonly gatewayApiChannel?: 'standard' | 'experimental';
  /** Acknowledged rule findings: rule id -> reason. */
  readonly acknowledge?: Readonly<Record<string, string>>;
  /**
   * The settings of the table (docs/traffic-settings.md) the definition gives itself, not by default: a layer
   * that does not carry one out warns or refuses only then. Undefined: none.
   */
  readonly declared?: readonly TrafficSetting[];
}

const CONDITIONS: readonly RetryCondition[] = [502, 503, 504, 'reset', 'connect-failure'];

/** Resolves and checks the traffic policy. */
export function resolveTraffic(problems: Problems, t?: TrafficPolicyProps): TrafficSpec {
  // Most apps declare no traffic: one frozen spec, resolved at load, instead of the same one built and frozen per app.
  return t === undefined ? UNDECLARED_TRAFFIC : resolveDeclared(problems, t);
}

/** The policy of a definition that declares `traffic`. */
function resolveDeclared(problems: Problems, t: TrafficPolicyProps): TrafficSpec {
  const profile = t.profile ?? TrafficProfile.STANDARD;
  if (profile !== TrafficProfile.STANDARD && profile !== TrafficProfile.STREAMING) {
    problems.add(
      'traffic.profile',
      profile,
      'is not a traffic profile',
      'use TrafficProfile.STANDARD or TrafficProfile.STREAMING',
    );
  }
  const streaming = profile === TrafficProfile.STREAMING;
  const times = resolveTimes(problems, t, streaming);
  return {
    profile: streaming ? 'streaming' : 'standard',
    ...times,
    retry: resolveRetry(problems, t.retry, times.requestTimeoutSeconds),
    ...resolveBalancing(problems, t, streaming),
    canaryHeader: resolveCanaryHeader(problems, t.canaryHeader),
    ...resolveResilience(problems, t),
    declared: declaredSettings(t),
  };
}

/** The balancing algorithm, a consistent hash's key (a header or cookie needs its name), locality preference. */
function resolveBalancing(
  problems: Problems,
  t: TrafficPolicyProps,
  streaming: boolean,
): Pick<TrafficSpec, 'loadBalancing' | 'consistentHash' | 'localityPreference'> {
  const given = t.loadBalancing ?? (streaming ? 'least-request' : 'round-robin');
  const locality = t.localityPreference === true ? { localityPreference: true } : {};
  if (t.localityPreference === true && t.outlierDetection === undefined)
    problems.add(
      'traffic.localityPreference',
      true,
      'fails over to other localities only when failing pods are ejected, which needs outlier detection',
      'add `outlierDetection: { consecutiveErrors: 5 }` (or remove `localityPreference`)',
    );
  if (typeof given === 'string') return { loadBalancing: given, ...locality };
  const f = 'traffic.loadBalancing';
  const named = given.hashBy === 'header' || given.hashBy === 'cookie';
  if (named && (typeof given.name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(given.name)))
    problems.add(
      `${f}.name`,
      given.name,
      `a hash by ${given.hashBy} needs the ${given.hashBy}'s name (an HTTP token: letters, digits, "-", "_", ...)`,
      given.hashBy === 'header'
        ? "name the header, e.g. { hashBy: 'header', name: 'x-user-id' }"
        : "name the cookie, e.g. { hashBy: 'cookie', name: 'session' }",
    );
  if (!named && given.name !== undefined)
    problems.add(`${f}.name`, given.name, 'a hash by source IP has no name', 'remove `name`');
  if (given.cookieTtl !== undefined && given.hashBy !== 'cookie')
    problems.add(`${f}.cookieTtl`, given.cookieTtl, 'applies only to a hash by cookie', 'remove `cookieTtl`');
  const ttl =
    given.hashBy === 'cookie' ? wholeSeconds(problems, `${f}.cookieTtl`, given.cookieTtl, 0, AT_LEAST_0) : undefined;
  return {
    loadBalancing: 'consistent-hash',
    consistentHash: {
      hashBy: given.hashBy,
      ...(named ? { name: given.name } : {}),
      ...(ttl !== undefined ? { cookieTtlSeconds: ttl } : {}),
    },
    ...locality,
  };
}

/** The balancing algorithms a resolved policy asks of every layer (the hash by its key, locality preference). */
export function balancingAlgorithms(t: TrafficSpec): BalancingAlgorithm[] {
  const main: BalancingAlgorithm =
    t.loadBalancing === 'consistent-hash' ? `hash-${t.consistentHash?.hashBy ?? 'header'}` : t.loadBalancing;
  return [main, ...(t.localityPreference ? (['locality'] as const) : [])];
}

/** The settings of the table the definition gives (`requestTimeout: null` declares no timeout: nothing to carry out). */
function declaredSettings(t: TrafficPolicyProps): TrafficSetting[] {
  const given: [TrafficSetting, unknown][] = [
    ['retries', t.retry],
    ['requestTimeout', t.requestTimeout ?? undefined],
    ['idleTimeout', t.idleTimeout],
    ['streamIdleTimeout', t.profile === TrafficProfile.STREAMING ? true : undefined],
    ['canaryHeader', t.canaryHeader],
    ['deregistration', t.deregistrationDelay],
    ['connectionLimits', t.connectionPool ?? t.outlierDetection],
    ['loadBalancing', t.loadBalancing ?? (t.localityPreference === true ? true : undefined)],
  ];
  const out: TrafficSetting[] = []; // pushed: see `mapList` (lib/model/lists.ts)
  for (const [k, v] of given) if (v !== undefined) out.push(k);
  return out;
}

type Times = Pick<
  TrafficSpec,
  | 'requestTimeoutSeconds'
  | 'idleTimeoutSeconds'
  | 'deregistrationDelaySeconds'
  | 'slowStartSeconds'
  | 'maxStreamSeconds'
>;

/** The timeouts, the deregistration delay and slow start, with the profile's defaults. */
function resolveTimes(problems: Problems, t: TrafficPolicyProps, streaming: boolean): Times {
  if (!streaming && t.maxStreamDuration !== undefined) {
    problems.add(
      'traffic.maxStreamDuration',
      t.maxStreamDuration,
      'applies only to the streaming profile',
      'set `profile: TrafficProfile.STREAMING` or remove it',
    );
  }
  const maxStream = streaming
    ? wholeSeconds(problems, 'traffic.maxStreamDuration', t.maxStreamDuration, 600, { min: 1, max: 4000 })
    : undefined;
  const requestTimeoutSeconds =
    t.requestTimeout === null
      ? undefined
      : t.requestTimeout === undefined
        ? streaming
          ? undefined
          : 60
        : wholeSeconds(problems, 'traffic.requestTimeout', t.requestTimeout, 60, AT_LEAST_1);
  const idleTimeoutSeconds = wholeSeconds(problems, 'traffic.idleTimeout', t.idleTimeout, maxStream ?? 60, {
    min: 1,
    max: 4000,
    fix: 'use a duration from 1 s to 4000 s (the ALB maximum)',
  });
  const deregistrationDelaySeconds = wholeSeconds(
    problems,
    'traffic.deregistrationDelay',
    t.deregistrationDelay,
    maxStream ?? 30,
    { min: 0, max: 3600, fix: 'use a duration from 0 to 3600 s (the AWS range)' },
  );
  const slowStartSeconds = wholeSeconds(problems, 'traffic.slowStart', t.slowStart, 0, { min: 0, max: 900 });
  if (slowStartSeconds > 0 && slowStartSeconds < 30) {
    problems.add(
      'traffic.slowStart',
      t.slowStart,
      'must be 0 or from 30 s to 900 s (the AWS range)',
      'use Duration.seconds(30) or more, or remove it',
    );
  }
  if (streaming && maxStream !== undefined)
    checkStreamFits(problems, t, maxStream, idleTimeoutSeconds, requestTimeoutSeconds);
  return {
    requestTimeoutSeconds,
    idleTimeoutSeconds,
    deregistrationDelaySeconds,
    slowStartSeconds,
    maxStreamSeconds: maxStream,
  };
}

/** Streaming: the idle and request timeouts must not cut the longest stream. */
function checkStreamFits(
  problems: Problems,
  t: TrafficPolicyProps,
  maxStream: number,
  idleTimeoutSeconds: number,
  requestTimeoutSeconds: number | undefined,
): void {
  if (idleTimeoutSeconds < maxStream && t.idleTimeout !== undefined) {
    problems.add(
      'traffic.idleTimeout',
      t.idleTimeout,
      `is shorter than maxStreamDuration (${maxStream}s): a quiet stream would be cut`,
      `raise it to at least Duration.seconds(${maxStream}) or remove it`,
      'CT-TRAFFIC-001',
    );
  }
  if (requestTimeoutSeconds !== undefined && requestTimeoutSeconds < maxStream) {
    problems.add(
      'traffic.requestTimeout',
      t.requestTimeout,
      `is shorter than maxStreamDuration (${maxStream}s): streams would be cut`,
      'set `requestTimeout: null` or at least maxStreamDuration',
      'CT-TRAFFIC-002',
    );
  }
}

/** The retries: attempts, per-try timeout (shorter than the request timeout) and conditions. */
function resolveRetry(
  problems: Problems,
  r: RetryProps | undefined,
  requestTimeoutSeconds: number | undefined,
): TrafficSpec['retry'] {
  if (!r) return undefined;
  const attempts = checkInt(
    problems,
    'traffic.retry.attempts',
    r.attempts,
    1,
    1,
    10,
    'set attempts from 1 to 10, or remove `retry`',
  );
  const perTry =
    r.perTryTimeout === undefined
      ? undefined
      : wholeSeconds(problems, 'traffic.retry.perTryTimeout', r.perTryTimeout, 1, AT_LEAST_1);
  if (perTry !== undefined && requestTimeoutSeconds !== undefined && perTry > requestTimeoutSeconds) {
    problems.add(
      'traffic.retry.perTryTimeout',
      r.perTryTimeout,
      `is longer than the request timeout (${requestTimeoutSeconds}s): a retry could never happen`,
      'make the per-try timeout shorter than `requestTimeout`',
    );
  }
  const on = r.on ?? [502, 503, 'reset', 'connect-failure'];
  on.forEach((c, i) => {
    if (!CONDITIONS.includes(c))
      problems.add(`traffic.retry.on[${i}]`, c, 'is not a retry condition', `use one of ${CONDITIONS.join(', ')}`);
  });
  if (on.length === 0) problems.add('traffic.retry.on', on, 'lists no condition', 'list at least one, e.g. [502]');
  return { attempts, perTryTimeoutSeconds: perTry, on: [...on] };
}

/**
 * The canary header: a header name token and a value of visible characters and inner spaces (RFC 9110 field
 * values; Gateway API, Istio and Linkerd refuse control characters, and a line break would start a header of its own).
 */
function resolveCanaryHeader(problems: Problems, h: TrafficPolicyProps['canaryHeader']): TrafficSpec['canaryHeader'] {
  if (h === undefined) return undefined;
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(h.name ?? '')) {
    problems.add(
      'traffic.canaryHeader.name',
      h.name,
      'is not a valid HTTP header name',
      'use a token such as "x-canary"',
    );
  }
  if (
    typeof h.value !== 'string' ||
    !/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(h.value) ||
    h.value.length > 4096
  ) {
    problems.add(
      'traffic.canaryHeader.value',
      h.value,
      'must be 1 to 4096 visible ASCII characters (spaces only inside): control characters such as a line break are refused by Gateway API, Istio and Linkerd and would start a header of their own',
      'use a plain token such as "on" or "always"',
    );
  }
  return { name: String(h.name ?? '').toLowerCase(), value: h.value };
}

const BACKEND_PROTOCOLS: readonly BackendProtocol[] = ['http1', 'http2', 'grpc'];

/** Resolves the fields added for the mesh and the rules: outlier detection, connection pool, protocol, channel, acknowledgements. */
function resolveResilience(
  problems: Problems,
  t: TrafficPolicyProps,
): Pick<TrafficSpec, 'outlierDetection' | 'connectionPool' | 'backendProtocol' | 'gatewayApiChannel' | 'acknowledge'> {
  const outlierDetection = resolveOutlierDetection(problems, t.outlierDetection);
  const connectionPool = resolveConnectionPool(problems, t.connectionPool);
  if (t.backendProtocol !== undefined && !BACKEND_PROTOCOLS.includes(t.backendProtocol)) {
    problems.add(
      'traffic.backendProtocol',
      t.backendProtocol,
      "must be 'http1', 'http2' or 'grpc'",
      "use 'grpc' for gRPC services, 'http2' for HTTP/2 cleartext (h2c), or remove it",
    );
  }
  if (
    t.gatewayApiChannel !== undefined &&
    t.gatewayApiChannel !== 'standard' &&
    t.gatewayApiChannel !== 'experimental'
  ) {
    problems.add(
      'traffic.gatewayApiChannel',
      t.gatewayApiChannel,
      "must be 'standard' or 'experimental'",
      "use 'experimental' to write HTTPRoute retries (needs the experimental CRDs), or remove it",
    );
  }
  for (const [id, reason] of Object.entries(t.acknowledge ?? {})) {
    // Whether the id is a rule's is checked with the rules (lib/rules/run-rules.ts).
    if (typeof reason !== 'string' || reason.trim().length < 10)
      problems.add(
        `traffic.acknowledge.${id}`,
        reason,
        'an acknowledgement needs a reason of a few words',
        'say why the finding does not apply, e.g. "the gateway retries by its own policy"',
      );
  }
  return {
    outlierDetection,
    connectionPool,
    backendProtocol: t.backendProtocol,
    gatewayApiChannel: t.gatewayApiChannel,
    acknowledge: t.acknowledge && { ...t.acknowledge },
  };
}

/** Outlier detection with its defaults. */
function resolveOutlierDetection(
  problems: Problems,
  o: OutlierDetectionProps | undefined,
): OutlierDetectionSpec | undefined {
  if (o === undefined) return undefined;
  const f = 'traffic.outlierDetection';
  return {
    consecutiveErrors: checkInt(
      problems,
      `${f}.consecutiveErrors`,
      o.consecutiveErrors,
      5,
      1,
      1000,
      'set consecutiveErrors from 1 to 1000, e.g. 5',
    ),
    intervalSeconds: wholeSeconds(problems, `${f}.interval`, o.interval, 10, { min: 1, max: 3600 }),
    baseEjectionSeconds: wholeSeconds(problems, `${f}.baseEjectionTime`, o.baseEjectionTime, 30, {
      min: 1,
      max: 3600,
    }),
    maxEjectionPercent: checkInt(
      problems,
      `${f}.maxEjectionPercent`,
      o.maxEjectionPercent,
      50,
      1,
      100,
      'set maxEjectionPercent from 1 to 100, e.g. 50 (0 would never eject)',
    ),
  };
}

/** The connection pool's limits (undefined ones keep Envoy's defaults). */
function resolveConnectionPool(problems: Problems, c: ConnectionPoolProps | undefined): ConnectionPoolSpec | undefined {
  if (c === undefined) return undefined;
  const f = 'traffic.connectionPool';
  const opt = (k: keyof ConnectionPoolProps) =>
    c[k] === undefined
      ? undefined
      : checkInt(
          problems,
          `${f}.${k}`,
          c[k],
          1,
          1,
          2147483647,
          `set ${k} to a whole number of at least 1, or remove it`,
        );
  return {
    maxConnections: opt('maxConnections'),
    maxPendingRequests: opt('maxPendingRequests'),
    maxConcurrentRequests: opt('maxConcurrentRequests'),
    maxRequestsPerConnection: opt('maxRequestsPerConnection'),
  };
}

/** The policy of an app that declares no `traffic` (no problems: every default is valid). */
const UNDECLARED_TRAFFIC: TrafficSpec = deepFreeze(resolveDeclared(new Problems(), {}));
