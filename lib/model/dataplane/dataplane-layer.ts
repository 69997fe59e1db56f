import type { AppSpec } from '../app-spec';
import { IMPLEMENTATION_DEFAULTS } from '../exposure/implementation-defaults';
import type { ImplementationDefaults } from '../exposure/traits';
import type { NetworkPolicySpec } from './dataplane-spec';

/**
 * The retries Cilium's L7 policy proxy makes on its own route: every 5xx response, reset and refused connection, up to
 * this many more times (agent option `http-retry-count`, Helm `envoy.httpRetryCount`, default 3; `retry_on: 5xx`).
 * @see https://docs.cilium.io/en/stable/cmdref/cilium-agent/ (`--http-retry-count`)
 */
export const CILIUM_L7_PROXY_RETRIES = 3;

/**
 * The HTTP connection manager's downstream idle timeout of Cilium's L7 policy proxy: Envoy's default (1 h), which
 * Cilium does not change.
 */
export const CILIUM_L7_PROXY_DOWNSTREAM_IDLE_SECONDS = 3600;

/** The proxy a dataplane puts in the path of the app's requests. */
export interface DataplaneProxy {
  /** The container ports whose requests pass it (those with L7 rules). */
  readonly ports: readonly number[];
  /** Its timeouts where nothing the library writes sets them (the cluster's Cilium configuration does). */
  readonly defaults: ImplementationDefaults;
  /** The stream idle timeout the definition declares the cluster gives it (`dataplane.proxy.streamIdleTimeout`). */
  readonly streamIdleTimeoutSeconds?: number;
  /** The retries it makes itself, whatever the definition declares. */
  readonly retries: { readonly count: number; readonly on: string; readonly declared: boolean };
  /** Its downstream connection idle timeout, in seconds. */
  readonly idleTimeoutSeconds: number;
}

/**
 * The dataplane as a layer of the traffic path (a row of the settings table, a hop of the streaming chain): Cilium's
 * eBPF datapath, with its L7 policy proxy (Envoy) in the path when the CiliumNetworkPolicy has HTTP rules.
 */
export interface DataplaneLayer {
  /** For messages, e.g. `Cilium's L7 policy proxy (Envoy) on port 8080`. */
  readonly label: string;
  /** The definition field that puts the layer in the path: `dataplane`. */
  readonly field: 'dataplane';
  /** The proxy in the path; undefined: none (eBPF forwards each packet to the pod chosen in front). */
  readonly proxy?: DataplaneProxy;
}

/** True when a policy has L7 HTTP rules, so the allowed traffic passes Cilium's Envoy. */
export function hasL7Rules(policy: NetworkPolicySpec): boolean {
  return policy.ingress.some((r) => Object.keys(r.http).length > 0);
}

/**
 * The app's dataplane as a layer of the path: undefined without `Dataplane.cilium()` (a Kubernetes NetworkPolicy is
 * enforced where the packets pass, with no proxy of its own).
 */
export function dataplaneLayer(app: AppSpec): DataplaneLayer | undefined {
  const dp = app.dataplane;
  if (dp?.kind !== 'cilium') return undefined;
  const ports = [...new Set((dp.policy?.ingress ?? []).flatMap((r) => Object.keys(r.http).map(Number)))].sort(
    (a, b) => a - b,
  );
  if (ports.length === 0)
    return { label: "Cilium's eBPF datapath (no L7 rules: no proxy in the path)", field: 'dataplane' };
  const declared = dp.proxy?.streamIdleTimeoutSeconds;
  const retries = dp.proxy?.retries ?? CILIUM_L7_PROXY_RETRIES;
  return {
    label: `Cilium's L7 policy proxy (Envoy) on port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}`,
    field: 'dataplane',
    proxy: {
      ports,
      defaults: IMPLEMENTATION_DEFAULTS.ciliumL7Proxy,
      ...(declared !== undefined ? { streamIdleTimeoutSeconds: declared } : {}),
      retries: { count: retries, on: '5xx', declared: dp.proxy?.retries !== undefined },
      idleTimeoutSeconds: CILIUM_L7_PROXY_DOWNSTREAM_IDLE_SECONDS,
    },
  };
}
