import type { ProxyRule } from '../rule';
import { NOT_APPLICABLE, outcome } from '../rule';
import { modeName } from '../helpers';

/** CT-PROXY-024: A weighted canary is not split by node under externalTrafficPolicy Local. */
export const CT_PROXY_024: ProxyRule = {
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
};
