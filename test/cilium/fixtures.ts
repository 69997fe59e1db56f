import { Duration } from 'cdk8s';
import { CiliumClusterProps } from '../../lib/model/cilium/cluster-props';

/** A bare-metal profile: no kube-proxy, Maglev, DSR over native routing, XDP, L2 announcements, Gateway API, Hubble. */
export const BARE_METAL: CiliumClusterProps = {
  kubeProxyReplacement: true,
  k8sServiceHost: '192.168.10.5',
  k8sServicePort: 6443,
  loadBalancer: { algorithm: 'maglev', maglevTableSize: 65521, mode: 'dsr', acceleration: 'best-effort' },
  routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/16', autoDirectNodeRoutes: true },
  bpfMasquerade: true,
  gatewayApi: true,
  l2Announcements: {
    enabled: true,
    leaseDuration: Duration.seconds(3),
    leaseRenewDeadline: Duration.seconds(1),
    leaseRetryPeriod: Duration.millis(200),
  },
  hubble: { relay: true, ui: true, metrics: ['dns:query', 'drop', 'tcp', 'flow', 'http'] },
  k8sClientQps: 30,
  k8sClientBurst: 40,
};
