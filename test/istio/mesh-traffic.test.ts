import { Dataplane, Mesh, Probe, TrafficApp, TrafficAppProps } from '../../lib';
import { validateObjects } from '../../lib/testing';
import { all, one, synthApps } from '../support/k8s';
import type { K8sObject } from '../support/k8s';

// Issue 27 item 10's blocker: each app's default-deny policy admits the mesh's own traffic, derived from the mesh.
const app = (name: string, over: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
  name,
  namespace: 'bookinfo',
  image: `docker.io/istio/examples-bookinfo-${name}-v1:1.20.3`,
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  ...over,
});
const matches = (selector: Record<string, string>, labels: Record<string, string> | undefined) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);
type Rule = { to?: any[]; ports?: { port: number; protocol: string }[] };
const egressTo = (policy: K8sObject, labels: Record<string, string>): Rule[] =>
  (policy.spec.egress as Rule[]).filter((r) => r.to?.some((t) => matches(labels, t.podSelector?.matchLabels)));

describe('sidecar mode: the sidecar reaches istiod', () => {
  const props = (dataplane: TrafficAppProps['dataplane']) =>
    app('details', {
      expose: [Mesh.istio()],
      dataplane,
    });

  test('Kubernetes NetworkPolicy: egress to the istiod pods in istio-system on 15012 only, beside DNS', () => {
    const objects = synthApps([
      TrafficApp.define(props(Dataplane.kubernetes({ allowFrom: [{ labels: { app: 'productpage' } }] }))),
    ]);
    const policy = one(objects, 'NetworkPolicy', 'details');
    const rules = egressTo(policy, { app: 'istiod' });
    expect(rules).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } },
            podSelector: { matchLabels: { app: 'istiod' } },
          },
        ],
        ports: [{ port: 15012, protocol: 'TCP' }],
      },
    ]);
    expect(egressTo(policy, { 'k8s-app': 'kube-dns' })).toHaveLength(1);
    expect(validateObjects(objects as never).errors).toEqual([]);
  });

  test('CiliumNetworkPolicy: the same peer and port, with the rule named in the description', () => {
    const objects = synthApps([
      TrafficApp.define(props(Dataplane.cilium({ policy: { allowFrom: [{ labels: { app: 'productpage' } }] } }))),
    ]);
    const policy = one(objects, 'CiliumNetworkPolicy', 'details');
    const rules = (policy.spec.egress as any[]).filter(
      (r) => r.toEndpoints?.[0]?.matchLabels?.['k8s:app'] === 'istiod',
    );
    expect(rules).toEqual([
      {
        toEndpoints: [{ matchLabels: { 'k8s:app': 'istiod', 'k8s:io.kubernetes.pod.namespace': 'istio-system' } }],
        toPorts: [{ ports: [{ port: '15012', protocol: 'TCP' }] }],
      },
    ]);
    expect(policy.spec.description).toContain('expose[0] Istio sidecar to istiod (xDS and certificates)');
    expect(validateObjects(objects as never).errors).toEqual([]);
  });

  test('open egress stays open; a mesh without sidecars (ambient) or without the mesh writes no istiod rule', () => {
    const open = synthApps([
      TrafficApp.define(
        props(
          Dataplane.kubernetes({
            allowFrom: [{ labels: { app: 'productpage' } }],
            restrictEgress: false,
            openEgressReason: 'talks to partner APIs at changing addresses',
          }),
        ),
      ),
    ]);
    expect(one(open, 'NetworkPolicy', 'details').spec.egress).toBeUndefined();
    const ambient = synthApps([
      TrafficApp.define(
        app('details', { expose: [Mesh.istio({ injection: 'ambient' })], dataplane: Dataplane.kubernetes() }),
      ),
    ]);
    expect(egressTo(one(ambient, 'NetworkPolicy', 'details'), { app: 'istiod' })).toEqual([]);
    const plain = synthApps([TrafficApp.define(app('details', { dataplane: Dataplane.kubernetes() }))]);
    expect(egressTo(one(plain, 'NetworkPolicy', 'details'), { app: 'istiod' })).toEqual([]);
  });
});

describe("ambient mode: callers reach the callee's waypoint on HBONE, the waypoint reaches the pods", () => {
  const ambient = () => Mesh.istio({ injection: 'ambient' });
  const details = TrafficApp.define(app('details', { expose: [ambient()], dataplane: Dataplane.kubernetes() }));
  const reviews = TrafficApp.define(app('reviews', { expose: [ambient()], dataplane: Dataplane.kubernetes() }));

  test('Kubernetes NetworkPolicy: one egress rule to the waypoint pods on 15008 for two callees, which admit it', () => {
    const productpage = TrafficApp.define(
      app('productpage', { calls: [details, reviews], expose: [ambient()], dataplane: Dataplane.kubernetes() }),
    );
    const objects = synthApps([productpage, details, reviews]);
    const waypoint = one(objects, 'Gateway', 'waypoint');
    const waypointPods = { 'gateway.networking.k8s.io/gateway-name': waypoint.metadata.name };
    const hop = egressTo(one(objects, 'NetworkPolicy', 'productpage'), waypointPods);
    expect(hop).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bookinfo' } },
            podSelector: { matchLabels: waypointPods },
          },
        ],
        ports: [{ port: 15008, protocol: 'TCP' }],
      },
    ]);
    // The waypoint's HBONE port is its listener's; each callee's own policy admits the waypoint's pods on it.
    expect(waypoint.spec.listeners[0].port).toBe(15008);
    for (const callee of ['details', 'reviews']) {
      const ingress = (one(objects, 'NetworkPolicy', callee).spec.ingress as any[]).filter((r) =>
        r.from.some((f: any) => matches(waypointPods, f.podSelector?.matchLabels)),
      );
      expect(ingress).toEqual([
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'bookinfo' } },
              podSelector: { matchLabels: waypointPods },
            },
          ],
          ports: [{ port: 15008, protocol: 'TCP' }],
        },
      ]);
      // Each callee Service goes through that waypoint.
      expect(one(objects, 'Service', callee).metadata.labels?.['istio.io/use-waypoint']).toBe(waypoint.metadata.name);
    }
    expect(validateObjects(objects as never).errors).toEqual([]);
  });

  test('CiliumNetworkPolicy: the caller egresses to the waypoint pods on 15008', () => {
    const cd = TrafficApp.define(app('details', { expose: [ambient()], dataplane: Dataplane.cilium() }));
    const productpage = TrafficApp.define(
      app('productpage', { calls: [cd], expose: [ambient()], dataplane: Dataplane.cilium() }),
    );
    const objects = synthApps([productpage, cd]);
    const policy = one(objects, 'CiliumNetworkPolicy', 'productpage');
    const hop = (policy.spec.egress as any[]).filter(
      (r) => r.toEndpoints?.[0]?.matchLabels?.['k8s:gateway.networking.k8s.io/gateway-name'] === 'waypoint',
    );
    expect(hop).toEqual([
      {
        toEndpoints: [
          {
            matchLabels: {
              'k8s:gateway.networking.k8s.io/gateway-name': 'waypoint',
              'k8s:io.kubernetes.pod.namespace': 'bookinfo',
            },
          },
        ],
        toPorts: [{ ports: [{ port: '15008', protocol: 'TCP' }] }],
      },
    ]);
    expect(policy.spec.description).toContain(
      'calls[0]: calls app "details" through Istio waypoint "waypoint" (HBONE)',
    );
    expect(validateObjects(objects as never).errors).toEqual([]);
  });

  test('a caller outside the mesh connects to the pods directly: no waypoint rule', () => {
    const outside = TrafficApp.define(app('productpage', { calls: [details], dataplane: Dataplane.kubernetes() }));
    const objects = synthApps([outside, details]);
    const policy = one(objects, 'NetworkPolicy', 'productpage');
    expect(egressTo(policy, { 'gateway.networking.k8s.io/gateway-name': 'waypoint' })).toEqual([]);
    expect(egressTo(policy, { 'app.kubernetes.io/name': 'details' })).toHaveLength(1);
    expect(all(objects, 'NetworkPolicy').map((p) => p.metadata.name)).toContain('details-from-productpage');
  });
});
