import type { GkeServiceSpec } from '../../model/gcp/l4-service';

/** GKE's Service annotations (GKE docs "LoadBalancer Service parameters"). */
export const GKE_LOAD_BALANCER_TYPE = 'networking.gke.io/load-balancer-type';
export const GKE_L4_RBS = 'cloud.google.com/l4-rbs';
export const GKE_ILB_GLOBAL_ACCESS = 'networking.gke.io/internal-load-balancer-allow-global-access';
export const GKE_ILB_SUBNET = 'networking.gke.io/internal-load-balancer-subnet';

/** Key prefixes the typed GKE options own (refused in the escape hatch: the typed option is the one place). */
export const GKE_OWNED_PREFIXES = [GKE_LOAD_BALANCER_TYPE, 'networking.gke.io/internal-load-balancer-', GKE_L4_RBS];

/** The annotations of a GKE passthrough NLB Service. */
export function gkeServiceAnnotations(s: GkeServiceSpec): Record<string, string> {
  const a: Record<string, string> = {};
  if (s.scheme === 'internal') {
    a[GKE_LOAD_BALANCER_TYPE] = 'Internal';
    if (s.allowGlobalAccess) a[GKE_ILB_GLOBAL_ACCESS] = 'true';
    if (s.subnet !== undefined) a[GKE_ILB_SUBNET] = s.subnet;
  } else if (s.backendServiceBased) {
    a[GKE_L4_RBS] = 'enabled';
  }
  return a;
}
