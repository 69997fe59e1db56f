import type { ProxyRule } from '../rule';
import { NOT_APPLICABLE, outcome } from '../rule';
import { modeName } from '../helpers';

/** CT-PROXY-021: Under nftables, NodePorts are reachable on the addresses clients use. */
export const CT_PROXY_021: ProxyRule = {
  id: 'CT-PROXY-021',
  severity: 'warning',
  description: 'Under nftables, NodePorts are reachable on the addresses clients use.',
  check(app, proxy) {
    if (proxy.mode !== 'nftables' || proxy.nodePortAddresses !== undefined || app.service?.type !== 'NodePort')
      return NOT_APPLICABLE;
    return outcome([
      {
        field: 'service.type',
        value: 'NodePort',
        message: `opens NodePorts, which ${modeName(proxy)} accepts only on the nodes' primary addresses by default (iptables mode: every local address), and never on 127.0.0.1: clients of a secondary address or of localhost NodePorts get no answer`,
        fix: "set nodePortAddresses on the KubeProxyCluster to the CIDRs clients use (or 'primary' to make the default explicit)",
      },
    ]);
  },
};
