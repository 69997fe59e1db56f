import type { FactSink } from './fact-sink';
import type { Manifest } from './read-output';
import type { WrittenBackend } from './types';
import { at, isRecord, labelText, list, records, stableJson, text } from './values';

/** Istio VirtualService: per HTTP route its destinations and weights, retries, timeout. */
export function virtualServiceFacts(m: Manifest, sink: FactSink): void {
  sink.reach('hosts', list(at(m.body, 'spec.hosts')).map(text));
  sink.reach('gateways', list(at(m.body, 'spec.gateways')).map(text));
  const routes = records(at(m.body, 'spec.http'));
  sink.reach(
    'http routes',
    routes.map((r) => text(r.name) || stableJson(r.match)),
  );
  for (const r of routes) {
    const key = `http route "${text(r.name) || stableJson(r.match)}"`;
    sink.add(`${key} match`, 'match', r.match);
    const backends: WrittenBackend[] = records(r.route).map((d) => ({
      backend: `${text(at(d, 'destination.host'))}${at(d, 'destination.subset') ? ` subset ${text(at(d, 'destination.subset'))}` : ''}`,
      version: text(at(d, 'destination.subset')) || undefined,
      weight: typeof d.weight === 'number' ? d.weight : records(r.route).length === 1 ? 100 : 0,
    }));
    sink.split(`${key} destinations`, backends);
    sink.add(`${key} retries`, 'info', r.retries);
    sink.add(`${key} retries.perTryTimeout`, 'timeout', at(r, 'retries.perTryTimeout'));
    sink.add(`${key} timeout`, 'timeout', r.timeout);
  }
}

/** Istio DestinationRule: subsets, connection pool timeouts, load balancing (consistent hash = stickiness). */
export function destinationRuleFacts(m: Manifest, sink: FactSink): void {
  const policy = at(m.body, 'spec.trafficPolicy');
  sink.reach(
    'subsets',
    records(at(m.body, 'spec.subsets')).map((s) => `${text(s.name)} (${labelText(s.labels)})`),
  );
  sink.add('connectionPool.http.idleTimeout', 'timeout', at(policy, 'connectionPool.http.idleTimeout'));
  sink.add('connectionPool.tcp.connectTimeout', 'timeout', at(policy, 'connectionPool.tcp.connectTimeout'));
  sink.add('connectionPool.tcp.idleTimeout', 'timeout', at(policy, 'connectionPool.tcp.idleTimeout'));
  sink.add('loadBalancer', 'info', at(policy, 'loadBalancer'));
  sink.add('outlierDetection', 'info', at(policy, 'outlierDetection'));
  sink.add('tls mode', 'info', at(policy, 'tls.mode'));
}

/** A Namespace's mesh: Istio sidecar or ambient, Linkerd injection (empty when none). */
export function namespaceMeshText(m: Manifest): string {
  const parts: string[] = [];
  const injection = m.labels['istio-injection'];
  if (injection) parts.push(`istio sidecar ${injection}`);
  if (m.labels['istio.io/rev']) parts.push(`istio revision ${m.labels['istio.io/rev']}`);
  if (m.labels['istio.io/dataplane-mode']) parts.push(`istio ${m.labels['istio.io/dataplane-mode']}`);
  if (m.labels['istio.io/use-waypoint']) parts.push(`waypoint ${m.labels['istio.io/use-waypoint']}`);
  const linkerd = m.annotations['linkerd.io/inject'];
  if (linkerd) parts.push(`linkerd ${linkerd}`);
  return parts.join(', ');
}

/** Linkerd Server: the port it guards and its default access. */
export function linkerdServerFacts(m: Manifest, sink: FactSink): void {
  sink.add('port', 'info', at(m.body, 'spec.port'));
  sink.add('proxyProtocol', 'info', at(m.body, 'spec.proxyProtocol'));
  sink.add('accessPolicy', 'info', at(m.body, 'spec.accessPolicy'));
}

/** Linkerd MeshTLSAuthentication: the identities admitted. */
export function meshTlsAuthenticationFacts(m: Manifest, sink: FactSink): void {
  sink.reach('identities', [
    ...records(at(m.body, 'spec.identityRefs')).map(
      (r) => `${text(r.kind)} ${text(r.namespace) || m.namespace}/${text(r.name)}`,
    ),
    ...list(at(m.body, 'spec.identities')).map(text),
  ]);
}

/** Linkerd or Istio AuthorizationPolicy: what it targets and who it admits. */
export function authorizationPolicyFacts(m: Manifest, sink: FactSink): void {
  const spec = at(m.body, 'spec');
  sink.add('target', 'info', at(spec, 'targetRef') ?? at(spec, 'selector'));
  sink.reach(
    'required authentications',
    records(at(spec, 'requiredAuthenticationRefs')).map((r) => `${text(r.kind)} ${text(r.name)}`),
  );
  sink.add('action', 'info', at(spec, 'action'));
  if (isRecord(spec))
    sink.reach(
      'rules',
      records(spec.rules).map((r) => stableJson(r)),
    );
}
