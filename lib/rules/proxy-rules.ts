import type { AppSpec } from '../model/app-spec';
import type { KubeProxySpec } from '../model/kube-proxy/kube-proxy-spec';
import { DEFAULT_TCP_ESTABLISHED_SECONDS, KERNEL_IPVS_TCP_TIMEOUT_SECONDS } from '../model/kube-proxy/kube-proxy-spec';
import { NOT_APPLICABLE, RuleFinding, RuleOutcome, RuleSeverity, outcome } from './rule';

/**
 * A check of one app against the cluster's kube-proxy (`KubeProxyCluster` runs them at synth over the apps of
 * its cdk8s App and the apps given to it). Pure, like the traffic rules, with the proxy's spec as a second input.
 */
export interface ProxyRule {
  readonly id: string;
  readonly severity: RuleSeverity;
  readonly description: string;
  check(app: AppSpec, proxy: KubeProxySpec): RuleOutcome;
}

/** The longest time a connection of the app may stay open and silent: its idle timeout, or its longest stream. */
export function longestSilenceSeconds(app: AppSpec): number {
  return Math.max(app.traffic.idleTimeoutSeconds, app.traffic.maxStreamSeconds ?? 0);
}

const modeName = (p: KubeProxySpec) => `kube-proxy (${p.mode} mode)`;
/** Exposures that put an L7 layer between the client and the pods: they split by weight (routes, ALBs, the mesh). */
const l7Fronted = (app: AppSpec) => app.exposures.some((e) => e.traits.split.by === 'weight');
/** An off-cloud LoadBalancer Service (its address is announced by the cluster, not an AWS load balancer). */
const offCloudLoadBalancer = (e: AppSpec['exposures'][number]) =>
  e.traits.loadBalancerService !== undefined && !e.traits.fronts.some((f) => f.from.kind === 'aws-load-balancer');

export const PROXY_RULES: readonly ProxyRule[] = [
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    id: 'CT-PROXY-022',
    severity: 'warning',
    description: 'Session affinity is not set on a Service that only proxies reach.',
    check(app, proxy) {
      if (app.service?.sessionAffinity !== 'ClientIP' || !l7Fronted(app)) return NOT_APPLICABLE;
      return outcome([
        {
          field: 'service.sessionAffinity',
          value: 'ClientIP',
          message: `is applied by ${modeName(proxy)} only to traffic that goes through the Service's ClusterIP, keyed on the source address it sees; the app's L7 exposures (Ingress, Gateway, ALB, mesh) pick pods themselves or connect from their own addresses, so clients coming that way get no affinity`,
          fix: 'configure stickiness in the L7 layer (ALB stickiness, a consistent-hash DestinationRule), or remove sessionAffinity',
        },
      ]);
    },
  },
  {
    id: 'CT-PROXY-023',
    severity: 'warning',
    description: 'Topology-aware routing is not combined with a Local traffic policy, which overrides it.',
    check(app, proxy) {
      const s = app.service;
      if (!s?.trafficDistribution) return NOT_APPLICABLE;
      const local =
        s.internalTrafficPolicy === 'Local'
          ? 'internalTrafficPolicy'
          : s.externalTrafficPolicy === 'Local'
            ? 'externalTrafficPolicy'
            : undefined;
      const findings: RuleFinding[] = [];
      if (local) {
        findings.push({
          field: 'service.trafficDistribution',
          value: s.trafficDistribution,
          message: `is ignored by ${modeName(proxy)} for the traffic that ${local}: Local covers: node-local endpoints take precedence over zone hints`,
          fix: `remove trafficDistribution, or set ${local} to 'Cluster'`,
        });
      }
      const canaries = app.versions.slice(1).filter((v) => v.weight > 0);
      if (canaries.length > 0 && !l7Fronted(app)) {
        findings.push({
          field: 'service.trafficDistribution',
          value: s.trafficDistribution,
          message: `keeps traffic in the client's zone: under ${modeName(proxy)} the canary (${canaries.map((v) => v.version).join(', ')}) is reached only from the zones where its pods run, and gets more than its pod share there`,
          fix: 'split the canary in an L7 layer (Gateway route, ALB, mesh), or remove trafficDistribution while the canary runs',
        });
      }
      return outcome(findings);
    },
  },
  {
    id: 'CT-PROXY-024',
    severity: 'warning',
    description: 'A weighted canary is not split by node under externalTrafficPolicy Local.',
    check(app, proxy) {
      const canaries = app.versions.slice(1).filter((v) => v.weight > 0);
      if (canaries.length === 0) return NOT_APPLICABLE;
      const fields = app.exposures
        .map((e, i) => [e, i] as const)
        .filter(
          ([e]) =>
            e.traits.split.by === 'pods' && (e as { externalTrafficPolicy?: string }).externalTrafficPolicy === 'Local',
        )
        .map(([, i]) => `expose[${i}].externalTrafficPolicy`);
      if (app.service?.type === 'NodePort' && app.service.externalTrafficPolicy === 'Local')
        fields.unshift('service.externalTrafficPolicy');
      return outcome(
        fields.map((field) => ({
          field,
          value: 'Local',
          message: `makes each node send external traffic only to its own pods (under ${modeName(proxy)}, as under every mode): the load balancer spreads over nodes, so a node running only the canary sends it that node's whole share, whatever its weight or pod count`,
          fix: "split the canary in an L7 layer (Gateway route, ALB, mesh), or use externalTrafficPolicy 'Cluster' while it runs",
        })),
      );
    },
  },
];

/** The ids of the kube-proxy checks (acknowledgeable per app in `traffic.acknowledge`, or on the cluster). */
export const PROXY_RULE_IDS: readonly string[] = PROXY_RULES.map((r) => r.id);
