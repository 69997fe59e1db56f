import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { GatewayRouteSpec } from '../../model/exposure/gateway-route';
import { retryStatusCodes } from '../../model/traffic/retry';
import { httpRouteRetryWritten } from '../../model/targets/written-for-targets';
import { seconds } from '../formats';
import {
  BackendTrafficPolicy,
  BackendTrafficPolicySpec,
  BackendTrafficPolicySpecRetryRetryOnTriggers as Trigger,
  ClientTrafficPolicy,
} from '../imports/envoy-gateway';
import { exposureMetadata } from './exposure-object';

/** Props of `EnvoyGatewayPolicies`. */
export interface EnvoyGatewayPoliciesProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved route (implementation `envoy-gateway`). */
  readonly spec: GatewayRouteSpec;
}

/**
 * Envoy Gateway's `BackendTrafficPolicy` of a route: the traffic policy's retries where the route cannot carry them
 * (a GRPCRoute, an HTTPRoute on the standard channel before Gateway API 1.7, the HTTPRoute Flagger makes) and a GRPCRoute's request timeout (GRPCRoute has no
 * `timeouts`). Undefined when the route carries everything itself.
 * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendtrafficpolicy
 *
 * @example
 * const policy = envoyBackendTrafficPolicySpec(app.spec, route); // { targetRefs: [...], retry: {...} } or undefined
 */
export function envoyBackendTrafficPolicySpec(
  app: AppSpec,
  spec: GatewayRouteSpec,
): BackendTrafficPolicySpec | undefined {
  const t = app.traffic;
  const grpc = spec.protocol === 'grpc';
  const r = t.retry;
  // The HTTPRoute a delivery controller makes (Flagger's) carries no `retry`: the policy does, on that route.
  const madeByController = app.delivery?.yielded.some((y) => y.kind === 'HTTPRoute' && y.name === spec.name) === true;
  const retryHere = r !== undefined && (grpc || !httpRouteRetryWritten(app) || madeByController);
  const timeoutHere = grpc && t.requestTimeoutSeconds !== undefined;
  if (!retryHere && !timeoutHere) return undefined;
  const codes = r ? retryStatusCodes(r.on) : [];
  const triggers = (r?.on ?? []).flatMap((c) =>
    c === 'reset' ? [Trigger.RESET] : c === 'connect-failure' ? [Trigger.CONNECT_HYPHEN_FAILURE] : [],
  );
  return {
    targetRefs: [{ group: 'gateway.networking.k8s.io', kind: grpc ? 'GRPCRoute' : 'HTTPRoute', name: spec.name }],
    ...(retryHere
      ? {
          retry: {
            numRetries: r.attempts,
            retryOn: {
              ...(codes.length > 0 ? { httpStatusCodes: codes } : {}),
              ...(triggers.length > 0 ? { triggers } : {}),
            },
            ...(r.perTryTimeoutSeconds !== undefined ? { perRetry: { timeout: seconds(r.perTryTimeoutSeconds) } } : {}),
          },
        }
      : {}),
    ...(timeoutHere ? { timeout: { http: { requestTimeout: seconds(t.requestTimeoutSeconds!) } } } : {}),
  };
}

/**
 * The policy objects of a route served by Envoy Gateway: its BackendTrafficPolicy (see
 * `envoyBackendTrafficPolicySpec`) and, for a Gateway created with the route, a ClientTrafficPolicy with the
 * traffic policy's idle timeout for client connections (Envoy Gateway's default: 1 h).
 */
export class EnvoyGatewayPolicies extends Construct {
  constructor(scope: Construct, id: string, props: EnvoyGatewayPoliciesProps) {
    super(scope, id);
    const { app, spec } = props;
    const backend = envoyBackendTrafficPolicySpec(app, spec);
    if (backend)
      new BackendTrafficPolicy(this, 'backend-traffic-policy', {
        metadata: exposureMetadata(app, spec),
        spec: backend,
      });
    const g = spec.gateway;
    if (g)
      new ClientTrafficPolicy(this, 'client-traffic-policy', {
        metadata: exposureMetadata(app, spec, {}, g.name),
        spec: {
          targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: g.name }],
          timeout: { http: { idleTimeout: seconds(app.traffic.idleTimeoutSeconds) } },
        },
      });
  }
}
