import { Problems } from '../problems';
import type { WorkloadSpec } from '../app-spec';

/**
 * A way traffic reaches the app (Ingress, Gateway API route, Service of type LoadBalancer, a
 * Terraform-managed load balancer, ...). Each kind lives in its own file under `lib/model/exposure/`
 * and resolves itself against the app's workload, so it can check ports and derive health checks from
 * the readiness probe.
 */
export interface IExposure {
  /** Discriminant of the resolved spec, e.g. `ingress`, `gateway`, `service-lb`, `terraform-lb`. */
  readonly kind: string;
  /** Resolves and checks the exposure; problems go to `problems` with fields under `field`. */
  resolve(problems: Problems, field: string, workload: WorkloadSpec): ExposureSpec;
}

/** A resolved exposure: plain data, read by the renderers, which select on `kind`. */
export interface ExposureSpec {
  readonly kind: string;
}
