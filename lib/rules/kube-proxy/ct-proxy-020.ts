import type { ProxyRule } from '../rule';
import { NOT_APPLICABLE, outcome } from '../rule';
import { offCloudLoadBalancer } from '../helpers';

/** CT-PROXY-020: Under IPVS, L2-announced LoadBalancer addresses need strictARP. */
export const CT_PROXY_020: ProxyRule = {
  id: 'CT-PROXY-020',
  severity: 'warning',
  description: 'Under IPVS, L2-announced LoadBalancer addresses need strictARP.',
  check(app, proxy) {
    if (!proxy.ipvs || proxy.ipvs.strictArp) return NOT_APPLICABLE;
    return outcome(
      app.exposures
        .map((e, i) => [e, i] as const)
        .filter(([e]) => offCloudLoadBalancer(e))
        .map(([e, i]) => ({
          field: `expose[${i}]`,
          value: e.kind,
          message: `gets a LoadBalancer address, which IPVS binds to kube-ipvs0 on every node: without strictARP every node answers ARP for it, so the L2 announcement (MetalLB, kube-vip, Cilium L2) no longer decides which node receives the traffic`,
          fix: 'set ipvs: { strictArp: true } on the KubeProxyCluster',
        })),
    );
  },
};
