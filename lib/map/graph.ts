/**
 * The traffic map: a plain graph of the path a request takes (sources -> load balancers, Gateways and
 * Ingresses -> rules -> target groups -> Services -> pods), with no cdk8s or cdktf in it. Built by
 * `trafficGraph` (from-specs.ts), written by the Mermaid, Graphviz and ASCII renderers.
 */

/** What a node stands for; renderers pick a shape and colour per kind. */
export type MapNodeKind = 'source' | 'front' | 'rule' | 'target-group' | 'service' | 'pods';

/** One box of the map. */
export interface MapNode {
  /** Stable id, unique in the graph (derived from kinds and names, never from list order alone). */
  readonly id: string;
  readonly kind: MapNodeKind;
  /** The first line, e.g. `ALB inference-alb (Terraform)`. */
  readonly title: string;
  /** Further lines: listeners, TLS, hosts, health checks, replicas. */
  readonly details: readonly string[];
  /** The group (namespace, network policy) the node is drawn in. */
  readonly group?: string;
}

/** One arrow; `label` carries a weight (`99% (99/100)`), a rule's condition or the binding. */
export interface MapEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** The share of the traffic this edge carries, in percent, when it is a weighted split. */
  readonly percent?: number;
}

/** A box around nodes: a namespace, or the network policy around an app's pods (nested in its namespace). */
export interface MapGroup {
  readonly id: string;
  readonly label: string;
  readonly details: readonly string[];
  readonly parent?: string;
}

/** The whole map of one chart. */
export interface TrafficGraph {
  readonly title: string;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
  readonly groups: readonly MapGroup[];
}

/**
 * A node or group id from its parts (a kind prefix, a namespace, a name, an index): the parts joined by `/`, a `/` or
 * `%` inside a part percent-encoded, so two different part lists never give one id (`gw`, `shop-a`, `b` and `gw`,
 * `shop`, `a-b` stay apart; joined by `-` both were `gw-shop-a-b`, and the map drew one Gateway for both).
 *
 * @example
 * mapId('gw', 'shop', 'public') // 'gw/shop/public'
 */
export function mapId(...parts: readonly (string | number)[]): string {
  return parts.map((p) => String(p).replace(/%/g, '%25').replace(/\//g, '%2F')).join('/');
}

/** The id of a node drawn under another (a rule of a route): `base`, a `mapId`, followed by the parts. */
export function childId(base: string, ...parts: readonly (string | number)[]): string {
  return `${base}/${mapId(...parts)}`;
}

/** Collects nodes, edges and groups in insertion order; a node or group added twice is kept once. */
export class GraphBuilder {
  private readonly nodes = new Map<string, MapNode>();
  private readonly edges: MapEdge[] = [];
  private readonly edgeKeys = new Set<string>();
  private readonly groups = new Map<string, MapGroup>();

  node(n: MapNode): string {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
    return n.id;
  }

  edge(e: MapEdge): void {
    const key = `${e.from}\0${e.to}\0${e.label ?? ''}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(e);
  }

  group(g: MapGroup): string {
    if (!this.groups.has(g.id)) this.groups.set(g.id, g);
    return g.id;
  }

  build(title: string): TrafficGraph {
    return { title, nodes: [...this.nodes.values()], edges: [...this.edges], groups: [...this.groups.values()] };
  }
}

/** A weight as the map shows it: the percent (up to two decimals) and the integer weight it comes from. */
export function weightLabel(weight: number, total: number): { label: string; percent: number } {
  const percent = total > 0 ? Math.round((weight / total) * 10000) / 100 : 0;
  return { label: `${percent}% (${weight}/${total})`, percent };
}
