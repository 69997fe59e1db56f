import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { ISTIO_SPLIT } from '../../model/exposure/istio-mesh';
import type { IstioMeshSpec } from '../../model/exposure/istio-mesh';
import { backendProtocolOf } from '../../model/traffic/backend-protocol';
import { istioRetryOn, seconds } from '../formats';
import { writtenWeights } from '../../model/traffic/weights';
import {
  DestinationRule,
  DestinationRuleSpecTrafficPolicy,
  DestinationRuleSpecTrafficPolicyConnectionPoolHttpH2UpgradePolicy,
  DestinationRuleSpecTrafficPolicyLoadBalancer,
  DestinationRuleSpecTrafficPolicyLoadBalancerSimple,
  VirtualService,
  VirtualServiceSpecHttp,
  VirtualServiceSpecHttpRoute,
} from '../imports/istio';
import { nonEmpty } from '../api-object';

/** Props of `IstioRouting`. */
export interface IstioRoutingProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved mesh exposure. */
  readonly mesh: IstioMeshSpec;
}

/**
 * The app's Istio routing (`networking.istio.io/v1`), from the per-version backends of its spec and its traffic policy:
 *
 * - `DestinationRule`: one subset per version (by the `version` label), load balancing
 *   (`LEAST_REQUEST` or `ROUND_ROBIN`, warm-up from `slowStart`), outlier detection, connection pool
 *   and the upstream idle timeout (`traffic.idleTimeout`);
 * - `VirtualService`: the canary header route first (when `traffic.canaryHeader` is set), then the
 *   weighted route (exact integer weights, e.g. 99/1 for a 1% canary), each with the request timeout
 *   (none when the policy has none, e.g. the streaming profile) and the retries.
 *
 * Without `traffic.retry` no `retries` is written and Istio's default retry policy applies.
 */
export class IstioRouting extends Construct {
  readonly virtualService: VirtualService;
  readonly destinationRule: DestinationRule;

  constructor(scope: Construct, id: string, props: IstioRoutingProps) {
    super(scope, id);
    const { app, mesh } = props;
    const t = app.traffic;
    const metadata = {
      name: mesh.name,
      namespace: app.namespace,
      labels: { ...app.labels },
      annotations: nonEmpty({ ...app.annotations }),
    };
    // The per-version backend list of the spec: subsets by the `version` label, their declared shares.
    const backends = mesh.backends;
    // An app with one version gets its subset too when it declares the version label (`version: 'v1'`).
    const versioned = backends.some((b) => b.version !== undefined);

    this.destinationRule = new DestinationRule(this, 'destination-rule', {
      metadata,
      spec: {
        host: mesh.destinationHost,
        trafficPolicy: renderTrafficPolicy(app),
        // Each backend's subset labels (Argo Rollouts adds its pod template hash to the delivery subsets' labels).
        subsets: versioned ? backends.map((b) => ({ name: b.version!, labels: { ...b.subsetLabels } })) : undefined,
      },
    });

    const port = { number: mesh.port };
    const destination = (subset?: string) => ({ host: mesh.destinationHost, subset, port });
    const policy = istioRoutePolicy(t);
    const http: VirtualServiceSpecHttp[] = [];
    const canary = backends.find((b) => !b.stable);
    if (t.canaryHeader && canary) {
      http.push({
        name: 'canary-header',
        match: [{ headers: { [t.canaryHeader.name]: { exact: t.canaryHeader.value } } }],
        route: [{ destination: destination(canary.version) }],
        ...policy,
      });
    }
    let route: VirtualServiceSpecHttpRoute[];
    if (!versioned) {
      route = [{ destination: destination() }];
    } else {
      // The integer weights of the declared shares (0.5% -> 995/5); a subset with weight 0 is left out.
      const written = writtenWeights(
        backends.map((b) => b.share),
        ISTIO_SPLIT,
      );
      // A backend a delivery controller drives stays at its starting 0 (Argo Rollouts moves both subsets' weights).
      const weights = backends
        .map((b, i) => ({ version: b.version, weight: written[i], driven: b.driven === true }))
        .filter((w) => w.weight > 0 || w.driven);
      route = weights.map((w) => ({
        destination: destination(w.version),
        weight: weights.length > 1 ? w.weight : undefined,
      }));
    }
    http.push({ name: 'default', route, ...policy });

    this.virtualService = new VirtualService(this, 'virtual-service', {
      metadata,
      spec: { hosts: [...mesh.hosts], gateways: mesh.gateways.length > 1 ? [...mesh.gateways] : undefined, http },
    });
  }
}

const SIMPLE = {
  'round-robin': DestinationRuleSpecTrafficPolicyLoadBalancerSimple.ROUND_UNDERSCORE_ROBIN,
  'least-request': DestinationRuleSpecTrafficPolicyLoadBalancerSimple.LEAST_UNDERSCORE_REQUEST,
  random: DestinationRuleSpecTrafficPolicyLoadBalancerSimple.RANDOM,
} as const;

/** `simple`, or `consistentHash` by a header, a cookie (a session cookie unless it has a lifetime) or the source IP. */
function balancer(
  t: AppSpec['traffic'],
): Pick<DestinationRuleSpecTrafficPolicyLoadBalancer, 'simple' | 'consistentHash'> {
  const h = t.consistentHash;
  if (t.loadBalancing !== 'consistent-hash' || !h) return { simple: SIMPLE[t.loadBalancing as keyof typeof SIMPLE] };
  if (h.hashBy === 'header') return { consistentHash: { httpHeaderName: h.name } };
  if (h.hashBy === 'source-ip') return { consistentHash: { useSourceIp: true } };
  return { consistentHash: { httpCookie: { name: h.name!, ttl: seconds(h.cookieTtlSeconds ?? 0) } } };
}

/**
 * The request timeout and retries of a VirtualService route, from the traffic policy (none written where the policy
 * has none: no timeout, Istio's default retries). The mesh and the ingress VirtualServices write the same.
 */
export function istioRoutePolicy(t: AppSpec['traffic']): Pick<VirtualServiceSpecHttp, 'timeout' | 'retries'> {
  return {
    timeout: t.requestTimeoutSeconds !== undefined ? seconds(t.requestTimeoutSeconds) : undefined,
    retries: t.retry && {
      attempts: t.retry.attempts,
      perTryTimeout: t.retry.perTryTimeoutSeconds !== undefined ? seconds(t.retry.perTryTimeoutSeconds) : undefined,
      retryOn: istioRetryOn(t.retry.on),
    },
  };
}

/** The DestinationRule's traffic policy for the whole host (every subset inherits it). */
export function renderTrafficPolicy(app: AppSpec): DestinationRuleSpecTrafficPolicy {
  const t = app.traffic;
  const o = t.outlierDetection;
  const c = t.connectionPool;
  const protocol = backendProtocolOf(app);
  return {
    loadBalancer: {
      ...balancer(t),
      localityLbSetting: t.localityPreference ? { enabled: true } : undefined,
      warmup: t.slowStartSeconds > 0 ? { duration: seconds(t.slowStartSeconds) } : undefined,
    },
    outlierDetection: o && {
      consecutive5XxErrors: o.consecutiveErrors,
      interval: seconds(o.intervalSeconds),
      baseEjectionTime: seconds(o.baseEjectionSeconds),
      maxEjectionPercent: o.maxEjectionPercent,
    },
    connectionPool: {
      tcp: c?.maxConnections !== undefined ? { maxConnections: c.maxConnections } : undefined,
      http: {
        idleTimeout: seconds(t.idleTimeoutSeconds),
        http1MaxPendingRequests: c?.maxPendingRequests,
        http2MaxRequests: c?.maxConcurrentRequests,
        maxRequestsPerConnection: c?.maxRequestsPerConnection,
        h2UpgradePolicy:
          protocol === 'http2' ? DestinationRuleSpecTrafficPolicyConnectionPoolHttpH2UpgradePolicy.UPGRADE : undefined,
      },
    },
  };
}
