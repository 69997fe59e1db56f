import type { AksServiceSpec } from '../../model/azure/l4-service';

/** cloud-provider-azure's Service annotations (`loadbalancer.md`, "LoadBalancer annotations"). */
export const AZURE_PREFIX = 'service.beta.kubernetes.io/';
export const AZURE_INTERNAL = `${AZURE_PREFIX}azure-load-balancer-internal`;
export const AZURE_INTERNAL_SUBNET = `${AZURE_PREFIX}azure-load-balancer-internal-subnet`;
export const AZURE_PIP_NAME = `${AZURE_PREFIX}azure-pip-name`;
export const AZURE_TCP_IDLE_TIMEOUT = `${AZURE_PREFIX}azure-load-balancer-tcp-idle-timeout`;

/** Key prefixes the typed Azure options own (refused in the escape hatch: the typed option is the one place). */
export const AZURE_OWNED_PREFIXES = [
  AZURE_INTERNAL,
  AZURE_PIP_NAME,
  AZURE_TCP_IDLE_TIMEOUT,
  `${AZURE_PREFIX}azure-load-balancer-health-probe-`,
  `${AZURE_PREFIX}port_`,
];

/** A per-port health probe annotation: `service.beta.kubernetes.io/port_{port}_health-probe_{setting}`. */
export function azurePortProbeKey(
  port: number,
  setting: 'protocol' | 'port' | 'request-path' | 'interval' | 'num-of-probe',
): string {
  return `${AZURE_PREFIX}port_${port}_health-probe_${setting}`;
}

/** The annotations of an Azure Load Balancer Service. */
export function aksServiceAnnotations(s: AksServiceSpec): Record<string, string> {
  const a: Record<string, string> = {};
  a[AZURE_INTERNAL] = String(s.internal);
  if (s.internalSubnet !== undefined) a[AZURE_INTERNAL_SUBNET] = s.internalSubnet;
  if (s.publicIpName !== undefined) a[AZURE_PIP_NAME] = s.publicIpName;
  a[AZURE_TCP_IDLE_TIMEOUT] = String(s.tcpIdleTimeoutMinutes);
  for (const p of s.portProbes) {
    a[azurePortProbeKey(p.servicePort, 'protocol')] = p.protocol;
    if (p.probePort !== undefined) a[azurePortProbeKey(p.servicePort, 'port')] = String(p.probePort);
    if (p.requestPath !== undefined) a[azurePortProbeKey(p.servicePort, 'request-path')] = p.requestPath;
    a[azurePortProbeKey(p.servicePort, 'interval')] = String(p.intervalSeconds);
    a[azurePortProbeKey(p.servicePort, 'num-of-probe')] = String(p.numOfProbe);
  }
  return a;
}
