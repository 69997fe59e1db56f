import type { DataplaneSpec, HttpRuleSpec, IngressRuleSpec } from '../dataplane/dataplane-spec';
import type { ObserveSpec } from './observe-spec';

/**
 * The dataplane with the scraper admitted: one ingress rule from the Prometheus pods (`scrape.scraperNamespace`,
 * `scrape.scraperLabels`) on exactly the scraped ports; with Cilium, L7 rules allow `GET` on exactly the scraped
 * paths. Unchanged when no network policy is written or nothing is scraped.
 */
export function admitScraper(dataplane: DataplaneSpec, observe: ObserveSpec): DataplaneSpec {
  const policy = dataplane.policy;
  if (!policy || observe.layers.length === 0) return dataplane;
  const http: Record<number, HttpRuleSpec[]> = {};
  if (dataplane.kind === 'cilium')
    for (const l of observe.layers) (http[l.port] ??= []).push({ method: 'GET', path: escapeRegex(l.path) });
  const rule: IngressRuleSpec = {
    why: `metrics scraper (${observe.layers.map((l) => `${l.label} :${l.port}${l.path}`).join(', ')})`,
    from: { kind: 'pods', namespace: observe.scraper.namespace, labels: { ...observe.scraper.labels } },
    ports: observe.scrapePorts,
    http,
  };
  return { ...dataplane, policy: { ...policy, ingress: [...policy.ingress, rule] } };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
