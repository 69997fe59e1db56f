import type { WorkloadSpec } from '../app-spec';
import { checkDnsLabel } from '../kubernetes-syntax';
import type { Problems } from '../problems';
import type { CloudServiceContext, CloudServicePart } from '../exposure/cloud';

/** GKE's part of a LoadBalancer Service: a passthrough Network Load Balancer. */
export interface GkeServiceProps {
  /**
   * `internal`: an internal passthrough Network Load Balancer in the cluster's VPC
   * (`networking.gke.io/load-balancer-type: Internal`); `external`: reachable from the internet.
   * @default 'internal'
   */
  readonly scheme?: 'internal' | 'external';
  /**
   * External only: a backend-service-based passthrough NLB (`cloud.google.com/l4-rbs: enabled`), the current
   * kind (regional backend service, health checks per backend); false keeps the legacy target-pool kind.
   * @default true
   */
  readonly backendServiceBased?: boolean;
  /**
   * Internal only: clients in every region of the VPC may connect.
   * @default false (clients in the load balancer's region only)
   */
  readonly allowGlobalAccess?: boolean;
  /**
   * Internal only: the subnet the forwarding rule's address comes from.
   * @default the cluster's subnet
   */
  readonly subnet?: string;
}

/** A resolved GKE part. */
export interface GkeServiceSpec extends CloudServicePart {
  readonly cloud: 'gke';
  readonly scheme: 'internal' | 'external';
  readonly backendServiceBased: boolean;
  readonly allowGlobalAccess: boolean;
  readonly subnet?: string;
}

/**
 * Resolves GKE's part. A passthrough NLB keeps client addresses and health-checks the nodes (kube-proxy's
 * health endpoint, or the Service's health check node port with `Local`), not the pods: the readiness probe
 * decides through the endpoints, so no pod port is opened to the health checkers.
 */
export function resolveGkeService(
  problems: Problems,
  field: string,
  o: GkeServiceProps,
  _w: WorkloadSpec,
  ctx: CloudServiceContext,
): GkeServiceSpec {
  const f = (n: string) => `${field}.${n}`;
  const scheme = o.scheme ?? 'internal';
  if (scheme !== 'internal' && scheme !== 'external')
    problems.add(
      f('scheme'),
      o.scheme,
      "must be 'internal' or 'external'",
      "use 'external' for a load balancer reachable from the internet",
    );
  if (o.backendServiceBased !== undefined && typeof o.backendServiceBased !== 'boolean')
    problems.add(f('backendServiceBased'), o.backendServiceBased, 'must be true or false', 'leave it out (true)');
  if (scheme === 'internal' && o.backendServiceBased !== undefined)
    problems.add(
      f('backendServiceBased'),
      o.backendServiceBased,
      'applies to external load balancers only (internal ones are always backend-service based)',
      'remove `backendServiceBased`',
    );
  if (scheme === 'external' && o.allowGlobalAccess !== undefined)
    problems.add(
      f('allowGlobalAccess'),
      o.allowGlobalAccess,
      'applies to internal load balancers only',
      "remove `allowGlobalAccess` or use scheme 'internal'",
    );
  if (scheme === 'external' && o.subnet !== undefined)
    problems.add(
      f('subnet'),
      o.subnet,
      'applies to internal load balancers only',
      "remove `subnet` or use scheme 'internal'",
    );
  if (o.subnet !== undefined) checkDnsLabel(problems, f('subnet'), o.subnet);
  ctx.ports.forEach((p, i) => {
    if (p.protocol === 'SCTP')
      problems.add(
        `${ctx.portsField}[${i}]`,
        p.port,
        'a GKE passthrough Network Load Balancer forwards TCP and UDP only',
        'expose TCP or UDP ports',
      );
  });
  return {
    cloud: 'gke',
    scheme,
    backendServiceBased: scheme === 'external' && o.backendServiceBased !== false,
    allowGlobalAccess: o.allowGlobalAccess === true,
    ...(o.subnet !== undefined ? { subnet: o.subnet } : {}),
    label: `GKE ${scheme} passthrough NLB`,
    reach: scheme === 'internal' ? 'internal' : 'internet',
    fronts: [],
    settings: [],
    notes: [],
  };
}
