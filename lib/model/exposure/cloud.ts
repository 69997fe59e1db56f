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
 * Gateway for Containers): the path and/or port replace the probe's, the timing stays the probe's.
 */
export interface CloudHealthCheckOverride {
  /** The HTTP path to request. @default the readiness probe's path */
  readonly path?: string;
  /** The pod port to check. @default the readiness probe's port */
  readonly port?: number;
  /** Why the load balancer checks something else than Kubernetes does (required). */
  readonly reason: string;
}

/** Checks an override's fields; `needsPath` when the probe gives no HTTP path the layer can use. */
export function checkHealthCheckOverride(
  problems: import('../problems').Problems,
  field: string,
  o: CloudHealthCheckOverride,
  needsPath: boolean,
): void {
  if (typeof o.reason !== 'string' || o.reason.trim() === '')
    problems.add(
      `${field}.reason`,
      o.reason,
      'a health check that differs from the readiness probe needs a reason',
      'say why, e.g. { path: "/healthz", reason: "the readiness path needs an auth header" }',
    );
  if (o.path !== undefined && (typeof o.path !== 'string' || !o.path.startsWith('/')))
    problems.add(`${field}.path`, o.path, 'a health check path must start with "/"', `use "/${String(o.path)}"`);
  if (o.path === undefined && needsPath)
    problems.add(
      `${field}.path`,
      undefined,
      "the readiness probe gives no HTTP path for this load balancer's health check",
      'give `path`, e.g. "/healthz"',
    );
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535))
    problems.add(
      `${field}.port`,
      o.port,
      'must be a port from 1 to 65535',
      'use the pod port the check connects to, e.g. 8080',
    );
}
