import { Problems } from '../problems';
import type { WorkloadSpec } from '../app-spec';
import type { ExposureTraits } from './traits';

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

/**
 * A resolved exposure: plain data. Renderers are chosen by `kind` (each chart holds a renderer per kind;
 * a kind without one is a synth error); everything else (rules, network policy, cross-app checks, the
 * traffic map) reads `traits`.
 */
export interface ExposureSpec {
  readonly kind: string;
  /** The name of the exposure's main object, unique per kind within an app; the stable id of its objects. */
  readonly name: string;
  /** What the exposure does. */
  readonly traits: ExposureTraits;
}
