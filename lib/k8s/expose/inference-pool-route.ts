import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { InferencePoolRouteSpec, InferencePoolSpec } from '../../model/exposure/inference-pool';
import { exposureMetadata } from './exposure-object';
import { AppGatewayRoute } from './app-gateway-route';
import type { HttpRouteRuleExtension } from './route-rules';
import {
  InferencePool,
  InferencePoolSpecAppProtocol,
  InferencePoolSpecEndpointPickerRefFailureMode,
} from '../imports/gateway-api-inference';
import { DestinationRule, DestinationRuleSpecTrafficPolicyTlsMode } from '../imports/istio';
import { writeGkeInferencePoolPolicies } from '../gcp/inference-pool-policies';

/** Props of `AppInferencePoolRoute`. */
export interface AppInferencePoolRouteProps {
  /** The resolved app. */
  readonly app: AppSpec;
  /** The resolved exposure. */
  readonly spec: InferencePoolRouteSpec;
}

/** The API group of InferencePool, as a route's backendRef and a policy's targetRef name it. */
export const INFERENCE_GROUP = 'inference.networking.k8s.io';

/** The annotation carrying the reason the picker's certificate is not verified. */
export const SKIP_VERIFY_REASON_ANNOTATION = 'cdk-traffic.io/insecure-skip-verify-reason';

/**
 * Turns the route's backendRefs (the version Services) into the pools of those versions, keeping the weights:
 * `{ group: inference.networking.k8s.io, kind: InferencePool, name }` (no port: the pool has its target ports).
 */
export function poolBackendRefs(pools: readonly InferencePoolSpec[]): HttpRouteRuleExtension {
  return (rule) => ({
    ...rule,
    backendRefs: rule.backendRefs?.map((b) => {
      const pool = pools.find((p) => p.serviceName === b.name);
      if (!pool) throw new Error(`no InferencePool for the backend Service "${b.name}"`);
      return { group: INFERENCE_GROUP, kind: 'InferencePool', name: pool.name, weight: b.weight };
    }),
  });
}

/**
 * An app's HTTPRoute to InferencePools (`inference.networking.k8s.io/v1`): the route (and Gateway), one
 * InferencePool per version (the version's pods, its container ports, its endpoint picker) and the gateway's glue
 * (GKE: HealthCheckPolicy and GCPBackendPolicy on each pool; Istio: a DestinationRule for each picker's TLS).
 *
 * @see https://gateway-api-inference-extension.sigs.k8s.io/api-types/inferencepool/
 */
export class AppInferencePoolRoute extends Construct {
  constructor(scope: Construct, id: string, props: AppInferencePoolRouteProps) {
    super(scope, id);
    const { app, spec } = props;
    new AppGatewayRoute(this, 'route', {
      app,
      spec: spec.route,
      httpRuleExtensions: [poolBackendRefs(spec.pools)],
    });
    for (const pool of spec.pools) {
      const meta = exposureMetadata(app, spec.route, {}, pool.name);
      const ep = pool.endpointPicker;
      new InferencePool(this, `pool-${pool.name}`, {
        metadata: meta,
        spec: {
          selector: { matchLabels: { ...pool.selector } },
          targetPorts: pool.targetPorts.map((number) => ({ number })),
          appProtocol: pool.appProtocol as InferencePoolSpecAppProtocol,
          endpointPickerRef: {
            kind: 'Service',
            name: ep.serviceName,
            port: { number: ep.port },
            failureMode: ep.failureMode as InferencePoolSpecEndpointPickerRefFailureMode,
          },
        },
      });
      this.glue(app, spec, pool);
    }
  }

  private glue(app: AppSpec, spec: InferencePoolRouteSpec, pool: InferencePoolSpec): void {
    const targetRef = { group: INFERENCE_GROUP, kind: 'InferencePool', name: pool.name };
    writeGkeInferencePoolPolicies(this, app, spec, pool, targetRef);
    if (spec.implementation === 'istio') {
      const ep = pool.endpointPicker;
      const reason = ep.tls?.skipVerifyReason;
      new DestinationRule(this, `picker-tls-${pool.name}`, {
        metadata: exposureMetadata(
          app,
          spec.route,
          reason ? { [SKIP_VERIFY_REASON_ANNOTATION]: reason } : {},
          `${ep.serviceName}-tls`,
        ),
        spec: {
          host: `${ep.serviceName}.${app.namespace}.svc.cluster.local`,
          trafficPolicy: {
            tls: {
              mode: DestinationRuleSpecTrafficPolicyTlsMode.SIMPLE,
              ...(ep.tls?.caSecret ? { credentialName: ep.tls.caSecret } : {}),
              ...(reason ? { insecureSkipVerify: true } : {}),
            },
          },
        },
      });
    }
  }
}
