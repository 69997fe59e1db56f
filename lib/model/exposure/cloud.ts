import { HealthCheck, HealthCheckOverrideProps } from '../health/health-check';
import type { ServicePortSpec } from '../workload/ports';
import type { FrontTrait, LayerSetting, Reach } from './traits';
import type { GkeServiceProps } from '../gcp/l4-service';
import type { AksServiceProps } from '../azure/l4-service';

/** What a cloud's part of a LoadBalancer Service is resolved against. */
export interface CloudServiceContext {
  /** The Service's name. */
  readonly name: string;
  /** The exposed Service ports. */
  readonly ports: readonly ServicePortSpec[];
  /** The field of the ports, for problems. */
  readonly portsField: string;
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  readonly allocateLoadBalancerNodePorts?: boolean;
  /** For the policy's description. */
  readonly why: string;
}

/** What every resolved cloud part declares on top of the Service's own traits. */
export interface CloudServicePart {
  readonly cloud: string;
  /** The load balancer, for messages, e.g. `GKE internal passthrough NLB`. */
  readonly label: string;
  /** Who can reach the load balancer (its scheme). */
  readonly reach: Reach;
  /** Sources besides the clients (health probes). */
  readonly fronts: readonly FrontTrait[];
  readonly settings: readonly LayerSetting[];
  readonly notes: readonly { readonly id: string; readonly field: string; readonly message: string }[];
}

/** A cloud's part of a LoadBalancer Service (build one with `Cloud`). */
export type CloudLoadBalancerProps =
  { readonly cloud: 'gke'; readonly gke: GkeServiceProps } | { readonly cloud: 'aks'; readonly aks: AksServiceProps };

/**
 * The per-cloud part of `LoadBalancerService.create({ cloud })`: what the cloud's load balancer controller
 * reads (typed; the renderer writes its annotations).
 *
 * ```ts
 * LoadBalancerService.create({ cloud: Cloud.gke({ scheme: 'external' }) })
 * LoadBalancerService.create({ cloud: Cloud.aks({ scheme: 'internal', idleTimeout: Duration.minutes(30) }) })
 * ```
 */
export class Cloud {
  /**
   * A GKE passthrough Network Load Balancer.
   * @example
   * LoadBalancerService.create({ cloud: Cloud.gke({ scheme: 'external' }) });
   */
  static gke(props: GkeServiceProps = {}): CloudLoadBalancerProps {
    return { cloud: 'gke', gke: props };
  }

  /**
   * An Azure Load Balancer (AKS, cloud-provider-azure).
   * @example
   * LoadBalancerService.create({ cloud: Cloud.aks({ scheme: 'internal' }) });
   */
  static aks(props: AksServiceProps = {}): CloudLoadBalancerProps {
    return { cloud: 'aks', aks: props };
  }
}

/**
 * A health check that differs from the readiness probe on purpose (GKE Ingress / Gateway, Application
 * Gateway for Containers): the path and/or port replace the probe's.
 * @deprecated use `HealthCheck.override({ path, port, reason })`, the one override of every cloud (it also
 * takes the protocol, interval, timeout and thresholds); this form is read as that.
 */
export interface CloudHealthCheckOverride {
  /** The HTTP path to request. @default the readiness probe's path */
  readonly path?: string;
  /**
   * The pod port to check.
   * Range: 1-65535.
   * @default the readiness probe's port
   * @see https://cloud.google.com/kubernetes-engine/docs/how-to/configure-gateway-resources (HealthCheckPolicy `config.httpHealthCheck.port`; Azure: the HealthCheckPolicy `port`)
   */
  readonly port?: number;
  /** Why the load balancer checks something else than Kubernetes does (required). */
  readonly reason: string;
}

/** The override a layer's `healthCheck` gives: `HealthCheck.override(...)`, or the deprecated plain form. */
export function overrideProps(
  o: HealthCheck | CloudHealthCheckOverride | undefined,
): HealthCheckOverrideProps | undefined {
  if (o === undefined || o instanceof HealthCheck) return o?.override;
  return {
    reason: o.reason,
    ...(o.path !== undefined ? { path: o.path } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
  };
}
