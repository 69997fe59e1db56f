import { Testing } from 'cdk8s';
import { GatewayRouteExposure, Probe, TrafficApp, TrafficChart } from '../../lib';
import { BUILT_IN_MAP_DRAWINGS } from '../../lib/k8s/expose/exposure-renderers';
import { trafficGraph } from '../../lib/map/from-specs';
import { childId, mapId } from '../../lib/map/graph';
import { mermaidId, toMermaid } from '../../lib/map/mermaid';

/** An app in `namespace` whose HTTPRoute attaches to the existing Gateway `gateway` of its own namespace. */
const routed = (name: string, namespace: string, gateway: string) =>
  TrafficApp.define({
    name,
    namespace,
    image: 'ghcr.io/acme/shop:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    expose: [GatewayRouteExposure.http({ parents: [{ name: gateway }] })],
  });

describe('the traffic map gives every node its own id', () => {
  // Gateway `b` in namespace `shop-a` and Gateway `a-b` in namespace `shop`: joined by `-` both were `gw-shop-a-b`.
  const chart = new TrafficChart(Testing.app(), 'shop', {
    apps: [routed('web', 'shop-a', 'b'), routed('api', 'shop', 'a-b')],
    trafficMap: false,
  });
  const graph = trafficGraph('shop', chart.specs, [], BUILT_IN_MAP_DRAWINGS);
  const gateways = graph.nodes.filter((n) => n.title.startsWith('Gateway '));

  test('two Gateways whose namespace and name join to one string are two nodes, each in its namespace', () => {
    expect(gateways.map((n) => [n.id, n.title, n.group])).toEqual([
      ['gw/shop-a/b', 'Gateway b', 'ns/shop-a'],
      ['gw/shop/a-b', 'Gateway a-b', 'ns/shop'],
    ]);
    // each Gateway leads to its own app's rule only
    const ruleOf = (gw: string) =>
      graph.edges.filter((e) => e.from === gw).map((e) => graph.nodes.find((n) => n.id === e.to)!.group);
    expect(ruleOf('gw/shop-a/b')).toEqual(['ns/shop-a']);
    expect(ruleOf('gw/shop/a-b')).toEqual(['ns/shop']);
  });

  test('the Mermaid text has a node line for each, with different ids', () => {
    const md = toMermaid(graph);
    const ids = gateways.map((n) => mermaidId(n.id));
    expect(new Set(ids).size).toBe(2);
    for (const id of ids) expect(md.match(new RegExp(`^\\s*${id}\\[`, 'gm'))).toHaveLength(1);
  });

  test('every node and group id of the map is distinct in Mermaid', () => {
    const all = [...graph.nodes.map((n) => n.id), ...graph.groups.map((g) => g.id)];
    expect(new Set(all.map(mermaidId)).size).toBe(new Set(all).size);
  });
});

describe('mapId and mermaidId are injective', () => {
  test('part lists that join to one string with a plain separator give different ids', () => {
    const lists: (string | number)[][] = [
      ['gw', 'shop-a', 'b'],
      ['gw', 'shop', 'a-b'],
      ['gw', 'shop/a', 'b'],
      ['gw', 'shop', 'a/b'],
      ['gw', 'shop%2Fa', 'b'],
      ['gw', 'shop', 'a', 'b'],
      ['x', 'shop', 'web', 0],
      ['x', 'shop', 'web-0'],
    ];
    const ids = lists.map((l) => mapId(...l));
    expect(new Set(ids).size).toBe(lists.length);
    expect(childId(mapId('x', 'shop', 'web', 0), 'rule', 1)).toBe('x/shop/web/0/rule/1');
  });

  test('ids that differ only in characters Mermaid does not allow stay different', () => {
    const ids = ['a-b', 'a_b', 'a.b', 'a/b', 'a:b', 'a*b', 'aXb', 'aX_b', 'aXUb', 'a__b', 'a--b', 'a-_b', 'a_-b', 'aé'];
    const out = ids.map(mermaidId);
    expect(new Set(out).size).toBe(ids.length);
    for (const m of out) expect(m).toMatch(/^[A-Za-z0-9_]+$/);
    // the common characters keep the id readable
    expect(mermaidId('svc/shop/web-v1')).toBe('svcX_shopX_web_v1');
  });
});
