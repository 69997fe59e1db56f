import type { AppSpec } from '../app-spec';
import type { ExposureSpec } from '../exposure/exposure';
import type { ImplementationDefaults } from '../exposure/traits';
import { dataplaneLayer } from '../dataplane/dataplane-layer';

/** The timeouts of a hop of the chain. */
export type ChainTimeout = 'idle' | 'request' | 'stream idle';

/** Where a hop's value comes from. */
export type ChainSource =
  /** Written by the library from the definition (the traffic policy or the exposure's options). */
  | { readonly kind: 'declared'; readonly field: string }
  /** Not written: the implementation's default (`configuredBy`: where it is set, when not in an object written here). */
  | { readonly kind: 'default'; readonly of: string; readonly see: string; readonly configuredBy?: string }
  /** Not written, and the implementation is not known. */
  | { readonly kind: 'unknown' };

/** One timeout of one layer between the client and the model server. */
export interface ChainHop {
  /** The layer's field: `expose[i]` for an exposure, `dataplane` for the dataplane's proxy. */
  readonly field: string;
  /** The layer, e.g. `Terraform ALB "ai-inference"`. */
  readonly layer: string;
  readonly timeout: ChainTimeout;
  /** Seconds; undefined: no such timeout (declared none, or none by default), or unknown (`source.kind`). */
  readonly seconds?: number;
  readonly source: ChainSource;
}

/** One step of the pod's shutdown, or the server's keep-alive. */
export interface ServerHop {
  readonly what: 'keep-alive' | 'preStop' | 'server shutdown' | 'deregistration delay' | 'grace period';
  /** Seconds; undefined when not declared (or an immediate shutdown). */
  readonly seconds?: number;
  /** Where it comes from, for the summary: e.g. `declared (server.keepAlive)`, `default of cdk-traffic`. */
  readonly source: string;
}

/** The chain of an app: every timeout from the client to the model server, and the drain. */
export interface StreamingChain {
  readonly maxStreamSeconds?: number;
  readonly hops: readonly ChainHop[];
  readonly server: readonly ServerHop[];
}

const SETTING: Readonly<Record<Exclude<ChainTimeout, 'stream idle'>, 'idleTimeoutSeconds' | 'requestTimeoutSeconds'>> =
  {
    idle: 'idleTimeoutSeconds',
    request: 'requestTimeoutSeconds',
  };

const DEFAULT: Readonly<Record<ChainTimeout, keyof ImplementationDefaults>> = {
  idle: 'idleTimeoutSeconds',
  request: 'requestTimeoutSeconds',
  'stream idle': 'streamIdleTimeoutSeconds',
};

/** One timeout of one exposure: as written, else the implementation's default, else unknown. */
function hop(e: ExposureSpec, exposure: number, timeout: ChainTimeout): ChainHop {
  const t = e.traits;
  const base = { field: `expose[${exposure}]`, layer: t.label, timeout };
  const name = timeout === 'stream idle' ? undefined : SETTING[timeout];
  const written = name ? t.settings.filter((s) => s.name === name && typeof s.value === 'number') : [];
  if (written.length > 0) {
    const shortest = written.reduce((a, b) => ((b.value as number) < (a.value as number) ? b : a));
    return { ...base, seconds: shortest.value as number, source: { kind: 'declared', field: shortest.field } };
  }
  // A kind lists a default only where its written objects set none (a GRPCRoute has no timeout field); else a route
  // that writes the request timeout writes "none" explicitly when the policy has none (timeouts.request 0s).
  const d = t.implementationDefaults;
  if (timeout === 'request' && d?.requestTimeoutSeconds === undefined && t.requestTimeout?.written === true)
    return { ...base, source: { kind: 'declared', field: 'traffic.requestTimeout' } };
  if (!d) return { ...base, source: { kind: 'unknown' } };
  return defaultHop(base, d);
}

/** A hop left at its implementation's default. */
function defaultHop(base: Omit<ChainHop, 'source' | 'seconds'>, d: ImplementationDefaults): ChainHop {
  const v = d[DEFAULT[base.timeout]];
  const by = d.configuredBy?.[base.timeout];
  return {
    ...base,
    ...(typeof v === 'number' ? { seconds: v } : {}),
    source: { kind: 'default', of: d.source, see: d.see, ...(by ? { configuredBy: by } : {}) },
  };
}

/**
 * The hops of the dataplane's proxy (Cilium's L7 policy proxy, when the CiliumNetworkPolicy has HTTP rules): after
 * the exposures, in front of the pods. Its idle timeout is none that cuts a stream (its upstream idle timeout closes
 * only connections with no request pending; its downstream one is Envoy's hour).
 */
function dataplaneHops(app: AppSpec): ChainHop[] {
  const l = dataplaneLayer(app);
  if (!l?.proxy) return [];

  const p = l.proxy;
  const base = (timeout: ChainTimeout) => ({ field: l.field, layer: l.label, timeout });
  return [
    defaultHop(base('request'), p.defaults),
    p.streamIdleTimeoutSeconds !== undefined
      ? {
          ...base('stream idle'),
          seconds: p.streamIdleTimeoutSeconds,
          source: { kind: 'declared', field: 'dataplane.proxy.streamIdleTimeout' },
        }
      : defaultHop(base('stream idle'), p.defaults),
  ];
}

/** The server's keep-alive and the pod's drain steps. */
function serverHops(app: AppSpec): ServerHop[] {
  const s = app.server ?? {};
  const a = app.availability;
  const lbs = app.exposures.some((e) => e.traits.loadBalancerTargetsPods);
  return [
    s.keepAliveSeconds !== undefined
      ? { what: 'keep-alive', seconds: s.keepAliveSeconds, source: 'declared, server.keepAlive' }
      : { what: 'keep-alive', source: 'not declared: set server.keepAlive' },
    { what: 'preStop', seconds: a.drainSeconds, source: 'availability.drain' },
    s.shutdown === undefined
      ? { what: 'server shutdown', source: 'not declared: set server.shutdown' }
      : s.shutdown.mode === 'drain'
        ? { what: 'server shutdown', seconds: s.shutdown.timeoutSeconds, source: 'declared drain, server.shutdown' }
        : { what: 'server shutdown', seconds: 0, source: 'declared immediate: in-flight streams dropped' },
    ...(lbs
      ? [
          {
            what: 'deregistration delay' as const,
            seconds: app.traffic.deregistrationDelaySeconds,
            source: 'traffic.deregistrationDelay',
          },
        ]
      : []),
    {
      what: 'grace period',
      seconds: a.gracePeriodSeconds,
      source: a.gracePeriodExplicit ? 'declared, availability.terminationGracePeriod' : 'default of cdk-traffic',
    },
  ];
}

/**
 * The streaming chain of an app: for every exposure its idle, request and stream idle timeouts as written or as its
 * implementation's default (or unknown), then the dataplane's proxy (`dataplaneHops`), then the server's keep-alive and the pod's drain (preStop, the server's
 * shutdown, the deregistration delay, the grace period).
 */
export function streamingChain(app: AppSpec): StreamingChain {
  const timeouts: ChainTimeout[] = ['idle', 'request', 'stream idle'];
  return {
    ...(app.traffic.maxStreamSeconds !== undefined ? { maxStreamSeconds: app.traffic.maxStreamSeconds } : {}),
    hops: [...app.exposures.flatMap((e, i) => timeouts.map((t) => hop(e, i, t))), ...dataplaneHops(app)],
    server: serverHops(app),
  };
}

/** A hop's value and source for the summary, e.g. `600 s (declared)`, `60 s (default of AWS ALB)`, `none`. */
export function describeHop(h: ChainHop): string {
  const value = h.seconds !== undefined ? `${h.seconds} s` : h.source.kind === 'unknown' ? 'unknown' : 'none';
  const src =
    h.source.kind === 'declared'
      ? `declared, ${h.source.field}`
      : h.source.kind === 'default'
        ? `default of ${h.source.of}`
        : 'implementation not known: declare it';
  return `${value} (${src})`;
}
