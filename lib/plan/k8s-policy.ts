import type { FactSink } from './fact-sink';
import type { Manifest } from './read-output';
import { at, compareText, isRecord, labelText, list, records, selectorText, stableJson, text } from './values';

/**
 * Network policy: one fact per admitted source (`ingress from <source>`) whose value is the ports (and L7 rules) it
 * may reach: a source no longer admitted, or a port no longer open to it, is `caution`.
 */
function sourceFacts(sink: FactSink, sources: Map<string, Set<string>>): void {
  for (const [source, ports] of [...sources].sort(([a], [b]) => compareText(a, b))) {
    sink.reach(`ingress from ${source}`, ports.size > 0 ? ports : ['all ports']);
  }
}

function addSources(map: Map<string, Set<string>>, sources: string[], ports: string[]): void {
  for (const s of sources) {
    const set = map.get(s) ?? new Set<string>();
    for (const p of ports) set.add(p);
    map.set(s, set);
  }
}

/** Kubernetes NetworkPolicy. */
export function networkPolicyFacts(m: Manifest, sink: FactSink): void {
  sink.add('pods', 'info', selectorText(at(m.body, 'spec.podSelector')) || 'all pods');
  sink.add('policyTypes', 'info', list(at(m.body, 'spec.policyTypes')).map(text).join(', '));
  const sources = new Map<string, Set<string>>();
  for (const rule of records(at(m.body, 'spec.ingress'))) {
    const ports = records(rule.ports).map((p) => `${text(p.port) || 'all'}/${text(p.protocol) || 'TCP'}`);
    const from = records(rule.from).map(peerText);
    addSources(sources, from.length > 0 ? from : ['anywhere'], ports);
  }
  sourceFacts(sink, sources);
}

function peerText(peer: Record<string, unknown>): string {
  if (isRecord(peer.ipBlock)) {
    const except = list(peer.ipBlock.except).map(text);
    return `cidr ${text(peer.ipBlock.cidr)}${except.length > 0 ? ` except ${except.join(' ')}` : ''}`;
  }
  const ns = isRecord(peer.namespaceSelector) ? `namespaces {${labelText(peer.namespaceSelector.matchLabels)}}` : '';
  const pods = isRecord(peer.podSelector) ? `pods {${selectorText(peer.podSelector)}}` : '';
  return [ns, pods].filter(Boolean).join(' ') || stableJson(peer);
}

/** CiliumNetworkPolicy (and CiliumClusterwideNetworkPolicy). */
export function ciliumPolicyFacts(m: Manifest, sink: FactSink): void {
  sink.add('endpoints', 'info', selectorText(at(m.body, 'spec.endpointSelector')) || 'all endpoints');
  sink.add('enableDefaultDeny', 'info', at(m.body, 'spec.enableDefaultDeny'));
  const sources = new Map<string, Set<string>>();
  for (const rule of records(at(m.body, 'spec.ingress'))) {
    const ports = records(rule.toPorts).flatMap((tp) => {
      const l7 = isRecord(tp.rules) ? ` rules ${stableJson(tp.rules)}` : '';
      return records(tp.ports).map((p) => `${text(p.port)}/${text(p.protocol) || 'ANY'}${l7}`);
    });
    addSources(sources, ciliumPeers(rule), ports);
  }
  sourceFacts(sink, sources);
}

function ciliumPeers(rule: Record<string, unknown>): string[] {
  return [
    ...list(rule.fromEntities).map((e) => `entity ${text(e)}`),
    ...records(rule.fromEndpoints).map((e) => `endpoints {${selectorText(e)}}`),
    ...list(rule.fromCIDR).map((c) => `cidr ${text(c)}`),
    ...records(rule.fromCIDRSet).map((c) => `cidr ${text(c.cidr)}`),
    ...records(rule.fromRequires).map((e) => `requires {${labelText(e.matchLabels)}}`),
  ];
}
