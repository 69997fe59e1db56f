import type { ProxyRule } from '../rule';
import { DEFAULT_TCP_ESTABLISHED_SECONDS } from '../../model/kube-proxy/kube-proxy-spec';
import { outcome } from '../rule';
import { longestSilenceSeconds, modeName } from '../helpers';

/** CT-PROXY-010: The conntrack established-connection timeout outlasts the longest stream of every app. */
export const CT_PROXY_010: ProxyRule = {
  id: 'CT-PROXY-010',
  severity: 'error',
  description: 'The conntrack established-connection timeout outlasts the longest stream of every app.',
  check(app, proxy) {
    const set = proxy.conntrack.tcpEstablishedTimeoutSeconds;
    const longest = longestSilenceSeconds(app);
    if (longest <= (set ?? DEFAULT_TCP_ESTABLISHED_SECONDS)) return outcome([]);
    return outcome([
      {
        field: 'traffic.maxStreamDuration',
        value: longest,
        message: `allows connections open for ${longest} s, but ${modeName(proxy)} drops an idle TCP connection's conntrack entry after ${set ?? DEFAULT_TCP_ESTABLISHED_SECONDS} s (conntrack.tcpEstablishedTimeout): its NAT mapping is lost and the stream breaks`,
        fix: `set conntrack: { tcpEstablishedTimeout: Duration.seconds(${longest}) } or more on the KubeProxyCluster, or shorten the app's maxStreamDuration / idleTimeout`,
      },
    ]);
  },
};
