import type { ProxyRule } from '../rule';
import { NOT_APPLICABLE, RuleFinding, outcome } from '../rule';
import { modeName, l7Fronted } from '../helpers';

/** CT-PROXY-023: Topology-aware routing is not combined with a Local traffic policy, which overrides it. */
export const CT_PROXY_023: ProxyRule = {
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
};
