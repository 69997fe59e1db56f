import type { MapGroup, MapNode, MapNodeKind, TrafficGraph } from './graph';

/** Text inside a Graphviz HTML-like label. */
function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE: Record<MapNodeKind, { shape: string; fill: string; stroke: string }> = {
  source: { shape: 'ellipse', fill: '#f4f4f5', stroke: '#71717a' },
  front: { shape: 'box', fill: '#dbeafe', stroke: '#2563eb' },
  rule: { shape: 'box', fill: '#fef9c3', stroke: '#ca8a04' },
  'target-group': { shape: 'box', fill: '#ffedd5', stroke: '#ea580c' },
  service: { shape: 'box', fill: '#dcfce7', stroke: '#16a34a' },
  pods: { shape: 'box3d', fill: '#f3e8ff', stroke: '#9333ea' },
};

/**
 * Graphviz measures text with built-in font metrics (no font files in WebAssembly); Courier's are exact for
 * every monospaced font (0.6 em a glyph), so the boxes fit the text in any viewer. `SVG_FONTS` replaces the
 * family in the SVG with the monospaced fonts viewers have.
 */
const FONT = 'Courier';
export const SVG_FONTS = 'DejaVu Sans Mono, Menlo, Consolas, Liberation Mono, Courier New, monospace';

function label(title: string, details: readonly string[]): string {
  return `<<b>${html(title)}</b>${details.map((d) => `<br/><font point-size="10">${html(d)}</font>`).join('')}>`;
}

function node(n: MapNode, indent: string): string {
  const s = STYLE[n.kind];
  const rounded = n.kind === 'service' || n.kind === 'rule' ? 'rounded,filled' : 'filled';
  return `${indent}"${n.id}" [label=${label(n.title, n.details)}, shape=${s.shape}, style="${rounded}", fillcolor="${s.fill}", color="${s.stroke}"];`;
}

/** The map in the Graphviz DOT language (left to right, one cluster per namespace and network policy). */
export function toDot(graph: TrafficGraph): string {
  const lines = [
    'digraph traffic {',
    `  graph [rankdir=LR, fontname="${FONT}", fontsize=11, nodesep=0.35, ranksep=0.7, pad=0.3, label=${label(`Traffic map: ${graph.title}`, [])}, labelloc=t];`,
    `  node [fontname="${FONT}", fontsize=11, margin="0.15,0.08"];`,
    `  edge [fontname="${FONT}", fontsize=10, color="#52525b", fontcolor="#1d4ed8"];`,
  ];
  const children = (parent?: string) => graph.groups.filter((g) => g.parent === parent);
  const emitGroup = (g: MapGroup, indent: string) => {
    lines.push(`${indent}subgraph "cluster_${g.id}" {`);
    const policy = g.parent !== undefined;
    lines.push(
      `${indent}  graph [label=${label(g.label, g.details)}, style="${policy ? 'dashed,rounded' : 'rounded'}", color="${policy ? '#dc2626' : '#a1a1aa'}", labeljust=l, labelloc=${policy ? 'b' : 't'}];`,
    );
    for (const n of graph.nodes.filter((x) => x.group === g.id)) lines.push(node(n, `${indent}  `));
    for (const c of children(g.id)) emitGroup(c, `${indent}  `);
    lines.push(`${indent}}`);
  };
  for (const n of graph.nodes.filter((x) => x.group === undefined)) lines.push(node(n, '  '));
  for (const g of children(undefined)) emitGroup(g, '  ');
  for (const e of graph.edges) {
    lines.push(`  "${e.from}" -> "${e.to}"${e.label ? ` [label=<${html(e.label)}>]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
