import type { MapGroup, MapNode, MapNodeKind, TrafficGraph } from './graph';

/** Mermaid text is HTML-ish: quotes and angle brackets as entity codes, lines joined by `<br/>`. */
function text(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

const ESCAPES: Readonly<Record<string, string>> = { '-': '_', '/': 'X_', '.': 'XD', _: 'XU', X: 'XX' };

/**
 * A Mermaid id (letters, digits and underscores only), one per graph id: `-` is written `_`, the part separator `/`
 * `X_`, `.` `XD`, `_` `XU`, `X` itself `XX`, any other character `X`, its code point in lower-case hex and `X`.
 * Every escape starts with `X` and its next character says which, so two different ids never give one Mermaid id
 * (replacing every other character by `_` made `gw-shop-a.b` and `gw-shop-a-b` one node).
 */
export function mermaidId(id: string): string {
  return Array.from(id, (c) =>
    /[A-WYZa-z0-9]/.test(c) ? c : (ESCAPES[c] ?? `X${c.codePointAt(0)!.toString(16)}X`),
  ).join('');
}

const SHAPE: Record<MapNodeKind, [string, string]> = {
  source: ['([', '])'],
  front: ['[', ']'],
  rule: ['[/', '/]'],
  'target-group': ['[[', ']]'],
  service: ['(', ')'],
  pods: ['[', ']'],
};

const CLASSES: Record<MapNodeKind, string> = {
  source: 'fill:#f4f4f5,stroke:#71717a',
  front: 'fill:#dbeafe,stroke:#2563eb',
  rule: 'fill:#fef9c3,stroke:#ca8a04',
  'target-group': 'fill:#ffedd5,stroke:#ea580c',
  service: 'fill:#dcfce7,stroke:#16a34a',
  pods: 'fill:#f3e8ff,stroke:#9333ea',
};

function node(n: MapNode, indent: string): string {
  const [open, close] = SHAPE[n.kind];
  const label = [`<b>${text(n.title)}</b>`, ...n.details.map(text)].join('<br/>');
  return `${indent}${mermaidId(n.id)}${open}"${label}"${close}:::${mermaidId(n.kind)}`;
}

/** The map as a Mermaid `flowchart LR` (without the Markdown fence). */
export function toMermaid(graph: TrafficGraph): string {
  const lines = ['flowchart LR'];
  const children = (parent?: string) => graph.groups.filter((g) => g.parent === parent);
  const emitGroup = (g: MapGroup, indent: string) => {
    const label = [`<b>${text(g.label)}</b>`, ...g.details.map(text)].join('<br/>');
    lines.push(`${indent}subgraph ${mermaidId(g.id)}["${label}"]`);
    for (const n of graph.nodes.filter((x) => x.group === g.id)) lines.push(node(n, `${indent}  `));
    for (const c of children(g.id)) emitGroup(c, `${indent}  `);
    lines.push(`${indent}end`);
  };
  for (const n of graph.nodes.filter((x) => x.group === undefined)) lines.push(node(n, '  '));
  for (const g of children(undefined)) emitGroup(g, '  ');
  for (const e of graph.edges) {
    lines.push(`  ${mermaidId(e.from)} -->${e.label ? `|"${text(e.label)}"|` : ''} ${mermaidId(e.to)}`);
  }
  for (const [kind, style] of Object.entries(CLASSES)) lines.push(`  classDef ${mermaidId(kind)} ${style}`);
  return `${lines.join('\n')}\n`;
}
