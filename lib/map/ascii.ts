import type { MapNode, TrafficGraph } from './graph';

/**
 * The map as an indented tree for a terminal: each source, then every path from it, one node a line
 * with its details in brackets and the edge label (weight, condition) before the arrow. A node reached
 * a second time is named again without its subtree.
 */
export function toAscii(graph: TrafficGraph): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = new Map<string, { to: string; label?: string }[]>();
  for (const e of graph.edges) out.set(e.from, [...(out.get(e.from) ?? []), { to: e.to, label: e.label }]);
  const lines = [`Traffic map: ${graph.title}`];
  const seen = new Set<string>();
  const describe = (n: MapNode) => `${n.title}${n.details.length ? ` [${n.details.join('; ')}]` : ''}`;
  const walk = (id: string, prefix: string, label: string | undefined, last: boolean, depth: number) => {
    const n = byId.get(id);
    if (!n) return;
    const arrow = depth === 0 ? '' : `${last ? '`-' : '|-'}${label ? ` ${label} ` : ''}-> `;
    const again = seen.has(id);
    lines.push(`${prefix}${arrow}${again ? `${n.title} (see above)` : describe(n)}`);
    if (again) return;
    seen.add(id);
    const next = out.get(id) ?? [];
    const childPrefix = depth === 0 ? prefix : `${prefix}${last ? '  ' : '| '}`;
    next.forEach((c, i) => walk(c.to, childPrefix, c.label, i === next.length - 1, depth + 1));
  };
  const targets = new Set(graph.edges.map((e) => e.to));
  for (const n of graph.nodes.filter((x) => !targets.has(x.id))) {
    walk(n.id, '', undefined, true, 0);
  }
  for (const g of graph.groups)
    lines.push(`${g.parent ? '  ' : ''}${g.label}${g.details.length ? ` [${g.details.join('; ')}]` : ''}`);
  return `${lines.join('\n')}\n`;
}
