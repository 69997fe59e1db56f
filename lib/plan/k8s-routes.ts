import type { FactSink } from './fact-sink';
import type { OutputIndex } from './output-index';
import type { Manifest } from './read-output';
import type { WrittenBackend } from './types';
import { at, isRecord, list, records, stableJson, text } from './values';

/** Ingress: its routes (host + path -> Service port), TLS hosts and the class. */
export function ingressFacts(m: Manifest, sink: FactSink): void {
  const spec = at(m.body, 'spec');
  sink.add('ingressClassName', 'replace', at(spec, 'ingressClassName'));
  const routes: string[] = [];
  for (const rule of records(at(spec, 'rules'))) {
    for (const p of records(at(rule, 'http.paths'))) {
      const svc = at(p, 'backend.service');
      const port = text(at(svc, 'port.name') ?? at(svc, 'port.number'));
      routes.push(
        `${text(rule.host) || '*'}${text(p.path) || '/'} (${text(p.pathType)}) -> ${text(at(svc, 'name'))}:${port}`,
      );
    }
  }
  sink.reach('routes', routes);
  sink.reach(
    'hosts',
    records(at(spec, 'rules')).map((r) => text(r.host) || '*'),
  );
  sink.reach(
    'TLS hosts',
    records(at(spec, 'tls')).flatMap((t) =>
      list(t.hosts).map((h) => `${text(h)} (secret ${text(t.secretName) || 'none'})`),
    ),
  );
}

/** Gateway: its listeners (port, protocol, hostname, TLS) and class. */
export function gatewayFacts(m: Manifest, sink: FactSink): void {
  sink.add('gatewayClassName', 'replace', at(m.body, 'spec.gatewayClassName'));
  const listeners = records(at(m.body, 'spec.listeners'));
  sink.reach(
    'listeners',
    listeners.map((l) => `${text(l.name)} ${text(l.protocol)}:${text(l.port)} ${text(l.hostname) || '*'}`),
  );
  for (const l of listeners) {
    if (!isRecord(l.tls)) continue;
    const refs = records(l.tls.certificateRefs).map((r) => `${text(r.kind) || 'Secret'} ${text(r.name)}`);
    sink.add(`listener ${text(l.name)} TLS`, 'info', `${text(l.tls.mode) || 'Terminate'} ${refs.join(', ')}`.trim());
    sink.add(`listener ${text(l.name)} TLS options`, 'info', l.tls.options);
  }
}

/**
 * The key of each route rule: `default` for a rule of no match, its matches for a rule of paths and methods; a rule
 * that matches headers (the canary header) is `header rule <n>` in its order among those, so that another header
 * name or value is a change of that rule's `match`, not a rule removed and another added.
 */
function ruleKeys(rules: readonly Record<string, unknown>[]): string[] {
  let headerRules = 0;
  return rules.map((rule) => {
    const matches = records(rule.matches);
    if (matches.length === 0) return 'default';
    if (matches.some((x) => records(x.headers).length > 0)) return `header rule ${++headerRules}`;
    return matchesText(matches);
  });
}

function matchesText(matches: readonly Record<string, unknown>[]): string {
  return matches.map((x) => matchText(x)).join(' | ');
}

function matchText(match: Record<string, unknown>): string {
  const parts: string[] = [];
  if (isRecord(match.path)) parts.push(`path ${text(match.path.type) || 'PathPrefix'} ${text(match.path.value)}`);
  if (isRecord(match.method)) parts.push(`method ${text(match.method.service)}/${text(match.method.method)}`);
  else if (match.method !== undefined) parts.push(`method ${text(match.method)}`);
  for (const h of records(match.headers)) parts.push(`header ${text(h.name)}=${text(h.value)}`);
  for (const q of records(match.queryParams)) parts.push(`query ${text(q.name)}=${text(q.value)}`);
  return parts.join(' ') || 'any';
}

/** Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute): hosts, parents, and per rule its backends. */
export function routeFacts(m: Manifest, sink: FactSink, index: OutputIndex): void {
  sink.reach('hostnames', list(at(m.body, 'spec.hostnames')).map(text));
  sink.reach(
    'parents',
    records(at(m.body, 'spec.parentRefs')).map(
      (p) =>
        `${text(p.kind) || 'Gateway'} ${text(p.namespace) || m.namespace || ''}/${text(p.name)}${p.sectionName ? ` ${text(p.sectionName)}` : ''}${p.port ? `:${text(p.port)}` : ''}`,
    ),
  );
  const rules = records(at(m.body, 'spec.rules'));
  const keys = ruleKeys(rules);
  sink.reach('rules', keys);
  for (const [i, rule] of rules.entries()) {
    const key = `rule "${keys[i]}"`;
    if (keys[i].startsWith('header rule')) sink.add(`${key} match`, 'match', matchesText(records(rule.matches)));
    const backends: WrittenBackend[] = records(rule.backendRefs).map((b) => ({
      backend: b.kind === 'InferencePool' ? `InferencePool ${text(b.name)}` : `${text(b.name)}:${text(b.port)}`,
      version: index.serviceVersion(text(b.namespace) || m.namespace, text(b.name)),
      weight: typeof b.weight === 'number' ? b.weight : 1,
    }));
    sink.split(`${key} backends`, backends);
    sink.add(`${key} retry`, 'info', rule.retry);
    sink.add(`${key} timeouts.request`, 'timeout', at(rule, 'timeouts.request'));
    sink.add(`${key} timeouts.backendRequest`, 'timeout', at(rule, 'timeouts.backendRequest'));
    sink.add(`${key} filters`, 'info', list(rule.filters).length > 0 ? stableJson(rule.filters) : undefined);
    sink.add(`${key} sessionPersistence (stickiness)`, 'info', rule.sessionPersistence);
  }
}
