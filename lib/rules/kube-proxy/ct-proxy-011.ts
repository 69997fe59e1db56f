import type { ProxyRule } from '../rule';
import { KERNEL_IPVS_TCP_TIMEOUT_SECONDS } from '../../model/kube-proxy/kube-proxy-spec';
import { NOT_APPLICABLE, outcome } from '../rule';
import { longestSilenceSeconds } from '../helpers';

/** CT-PROXY-011: Under IPVS, the IPVS TCP idle timeout outlasts the longest stream of every app. */
export const CT_PROXY_011: ProxyRule = {
  id: 'CT-PROXY-011',
  severity: 'warning',
  description: 'Under IPVS, the IPVS TCP idle timeout outlasts the longest stream of every app.',
  check(app, proxy) {
    if (!proxy.ipvs) return NOT_APPLICABLE;
    const set = proxy.ipvs.tcpTimeoutSeconds;
    const timeout = set ?? KERNEL_IPVS_TCP_TIMEOUT_SECONDS;
    const longest = longestSilenceSeconds(app);
    if (longest <= timeout) return outcome([]);
    return outcome([
      {
        field: 'traffic.maxStreamDuration',
        value: longest,
        message: `allows connections silent for ${longest} s, but IPVS forgets an idle TCP session after ${timeout} s (${set === undefined ? "the kernel's default, ipvs.tcpTimeout unset" : 'ipvs.tcpTimeout'}), and the stream breaks`,
        fix: `set ipvs: { tcpTimeout: Duration.seconds(${longest}) } or more on the KubeProxyCluster`,
      },
    ]);
  },
};
