import type { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import type { InferencePoolRouteSpec, InferencePoolSpec } from '../../model/exposure/inference-pool';
import { exposureMetadata } from '../expose/exposure-object';
import { GcpBackendPolicy, HealthCheckPolicy } from '../imports/gke';
import { gkeBackendPolicyDefault, gkeHealthCheckPolicyDefault } from './gke-gateway-route';

/**
 * The GKE Gateway's policies on one InferencePool of an InferencePool route (`spec.gke`): a HealthCheckPolicy (the
 * readiness probe) and a GCPBackendPolicy (timeout, draining, affinity), both targeting the pool.
 *
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/deploy-gke-inference-gateway
 */
export function writeGkeInferencePoolPolicies(
  scope: Construct,
  app: AppSpec,
  spec: InferencePoolRouteSpec,
  pool: InferencePoolSpec,
  targetRef: { readonly group: string; readonly kind: string; readonly name: string },
): void {
  if (!spec.gke) return;
  const meta = exposureMetadata(app, spec.route, {}, pool.name);
  new HealthCheckPolicy(scope, `health-${pool.name}`, {
    metadata: meta,
    spec: { targetRef, default: gkeHealthCheckPolicyDefault(spec.gke.healthCheck) },
  });
  new GcpBackendPolicy(scope, `backend-${pool.name}`, {
    metadata: meta,
    spec: { targetRef, default: gkeBackendPolicyDefault(spec.gke.backend) },
  });
}
