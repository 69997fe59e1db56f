import type { AppSpec } from '../model/app-spec';
import { describeHop, streamingChain } from '../model/traffic/streaming-chain';

/**
 * The streaming chain of a streaming app as rows of the summary's timeouts table: per layer its idle, request and
 * stream idle timeouts with value and source, then the server (keep-alive and drain). Empty for other apps.
 */
export function chainRows(app: AppSpec): [string, string][] {
  if (app.traffic.maxStreamSeconds === undefined) return [];
  const c = streamingChain(app);
  const layers = new Map<string, { layer: string; parts: string[] }>();
  for (const h of c.hops) {
    const l = layers.get(h.field) ?? { layer: h.layer, parts: [] };
    l.parts.push(`${h.timeout} ${describeHop(h)}`);
    layers.set(h.field, l);
  }
  return [
    ['stream chain', `longest stream ${c.maxStreamSeconds} s; every hop client -> model server with its source`],
    ...[...layers.values()].map((l): [string, string] => [`stream chain: ${l.layer}`, l.parts.join('; ')]),
    [
      'stream chain: server',
      c.server
        .map((s) => `${s.what} ${s.seconds !== undefined ? `${s.seconds} s` : 'unknown'} (${s.source})`)
        .join('; '),
    ],
  ];
}

/** The streaming chains of a chart's streaming apps, as a Markdown section of its traffic map; empty without any. */
export function chainMarkdown(apps: readonly AppSpec[]): string {
  const out: string[] = [];
  for (const app of apps) {
    const rows = chainRows(app);
    if (rows.length === 0) continue;
    out.push(
      '',
      `## Streaming chain: ${app.namespace}/${app.name}`,
      '',
      '| Hop | Timeouts (value, source) |',
      '|---|---|',
    );
    for (const [hop, t] of rows.slice(1))
      out.push(`| ${hop.replace(/^stream chain: /, '')} | ${t.replace(/\|/g, '\\|')} |`);
    out.push('', `The longest stream is ${app.traffic.maxStreamSeconds} s.`);
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
