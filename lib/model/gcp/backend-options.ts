import { Duration } from 'cdk8s';
import type { WorkloadSpec } from '../app-spec';
import { wholeSeconds } from '../durations';
import type { Problems } from '../problems';
import type { LayerSetting } from '../exposure/traits';

/** Session affinity of a Google Cloud backend service. */
export interface GcpSessionAffinityProps {
  /** The affinity: `GENERATED_COOKIE` (the load balancer's cookie), `CLIENT_IP`, ... */
  readonly type:
    'CLIENT_IP' | 'GENERATED_COOKIE' | 'CLIENT_IP_PORT_PROTO' | 'CLIENT_IP_PROTO' | 'HTTP_COOKIE' | 'HEADER_FIELD';
  /**
   * Lifetime of the cookie (cookie types only, 0-1209600 s).
   * @default a session cookie
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources (`sessionAffinity.cookieTtlSec`, 0-1209600 s)
   */
  readonly cookieTtl?: Duration;
}

/** Settings of the Google Cloud backend service in front of the pods (BackendConfig or GCPBackendPolicy). */
export interface GcpBackendProps {
  /**
   * The backend service timeout: how long the load balancer waits for a response (for WebSockets: the
   * longest connection).
   * Range: 1-2147483647 s (`timeoutSec`).
   * @default the app's `traffic.requestTimeout`, or in the streaming profile the longest stream
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources (GCPBackendPolicy `timeoutSec`)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration (BackendConfig `timeoutSec`)
   */
  readonly timeout?: Duration;
  /**
   * Connection draining of a removed endpoint (0-3600 s).
   * @default the app's `traffic.deregistrationDelay`
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources (GCPBackendPolicy `connectionDraining.drainingTimeoutSec`, 0-3600 s)
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration (BackendConfig)
   */
  readonly connectionDraining?: Duration;
  /** @default none */
  readonly sessionAffinity?: GcpSessionAffinityProps;
}

/** Resolved backend service settings. */
export interface GcpBackendSpec {
  readonly timeoutSec?: number;
  readonly drainingTimeoutSec: number;
  readonly sessionAffinity?: { readonly type: GcpSessionAffinityProps['type']; readonly cookieTtlSec?: number };
}

const AFFINITIES = [
  'CLIENT_IP',
  'GENERATED_COOKIE',
  'CLIENT_IP_PORT_PROTO',
  'CLIENT_IP_PROTO',
  'HTTP_COOKIE',
  'HEADER_FIELD',
];
/** Google Cloud's default backend service timeout, cut short for streams. */
export const GCP_DEFAULT_BACKEND_TIMEOUT_SECONDS = 30;

/**
 * Resolves the backend service settings from the traffic policy: the timeout is the request timeout (the
 * longest stream in the streaming profile: Google's default of 30 s would cut streams), draining is the
 * deregistration delay. `layers` decides which affinities the layer takes.
 */
export function resolveGcpBackend(
  problems: Problems,
  field: string,
  o: GcpBackendProps | undefined,
  w: WorkloadSpec,
  layer: 'ingress' | 'gateway',
): GcpBackendSpec {
  const f = (n: string) => `${field}.${n}`;
  const t = w.traffic;
  const def = t.requestTimeoutSeconds ?? t.maxStreamSeconds;
  const timeoutSec =
    o?.timeout === undefined
      ? def
      : wholeSeconds(problems, f('timeout'), o.timeout, def ?? GCP_DEFAULT_BACKEND_TIMEOUT_SECONDS, {
          min: 1,
          max: 2_147_483_647,
          fix: 'use a whole number of seconds, at least 1',
        });
  const drainingTimeoutSec = wholeSeconds(
    problems,
    f('connectionDraining'),
    o?.connectionDraining,
    Math.min(t.deregistrationDelaySeconds, 3600),
    { min: 0, max: 3600, fix: 'use 0 to 3600 s (the Google Cloud range)' },
  );
  let sessionAffinity: GcpBackendSpec['sessionAffinity'];
  const sa = o?.sessionAffinity;
  if (sa !== undefined) {
    const allowed = layer === 'ingress' ? ['CLIENT_IP', 'GENERATED_COOKIE'] : AFFINITIES;
    if (!allowed.includes(sa.type))
      problems.add(
        `${f('sessionAffinity')}.type`,
        sa.type,
        `is not a session affinity ${layer === 'ingress' ? 'a BackendConfig' : 'GCPBackendPolicy'} takes (${allowed.join(', ')})`,
        "use 'GENERATED_COOKIE' or 'CLIENT_IP'",
      );
    const cookie = sa.type === 'GENERATED_COOKIE' || sa.type === 'HTTP_COOKIE';
    if (sa.cookieTtl !== undefined && !cookie)
      problems.add(
        `${f('sessionAffinity')}.cookieTtl`,
        sa.cookieTtl,
        `applies to cookie affinity only, not ${sa.type}`,
        "remove cookieTtl or use type 'GENERATED_COOKIE'",
      );
    const ttl =
      sa.cookieTtl === undefined
        ? undefined
        : wholeSeconds(problems, `${f('sessionAffinity')}.cookieTtl`, sa.cookieTtl, 0, {
            min: 0,
            max: 1_209_600,
            fix: 'use 0 to 1209600 s (14 days)',
          });
    sessionAffinity = { type: sa.type, ...(ttl !== undefined ? { cookieTtlSec: ttl } : {}) };
  }
  return {
    ...(timeoutSec !== undefined ? { timeoutSec } : {}),
    drainingTimeoutSec,
    ...(sessionAffinity ? { sessionAffinity } : {}),
  };
}

/** The timeouts a backend service owns, for the rules. */
export function gcpBackendSettings(field: string, b: GcpBackendSpec): LayerSetting[] {
  return [
    ...(b.timeoutSec !== undefined
      ? [{ field: `${field}.timeout`, name: 'requestTimeoutSeconds' as const, value: b.timeoutSec }]
      : []),
    { field: `${field}.connectionDraining`, name: 'deregistrationDelaySeconds', value: b.drainingTimeoutSec },
  ];
}
