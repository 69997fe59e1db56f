import { Testing } from 'cdk8s';
import { Dataplane, Mesh, TrafficApp, TrafficChart } from '../../lib';
import { validateObjects } from '../../lib/testing';
import { base, lineFor, problemsOf } from '../declared/support';
import { all, synthApps } from '../support/k8s';
import { apiProps } from '../support/callee';
import { trafficGraph } from '../../lib/map';

// Issue 27 item 9 and issue 22's cross-app fix: app-to-app calls by reference.
const SELECT_WEB = { 'app.kubernetes.io/name': 'web' };
const SELECT_API = { 'app.kubernetes.io/name': 'api' };

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec: any };
const named = (objects: readonly Obj[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('calls: [api] writes both sides of the call', () => {
  test('Cilium on both: the caller egresses to the callee pods, the callee admits exactly the caller on the pod ports', () => {
    const api = TrafficApp.define({ ...apiProps, dataplane: Dataplane.cilium() });
    const web = TrafficApp.define({ ...base, calls: [api], dataplane: Dataplane.cilium() });
    const objects = synthApps([api, web]) as Obj[];
    const webPolicy = named(objects, 'CiliumNetworkPolicy', 'web');
    const egress = webPolicy.spec.egress.filter(
      (e: any) => e.toEndpoints?.[0]?.matchLabels?.['k8s:app.kubernetes.io/name'] === 'api',
    );
    expect(egress).toHaveLength(1);
    expect(egress[0].toPorts).toEqual([
      {
        ports: [
          { port: '8080', protocol: 'TCP' },
          { port: '9090', protocol: 'TCP' },
        ],
      },
    ]);
    const allowance = named(objects, 'CiliumNetworkPolicy', 'api-from-web');
    expect(allowance.metadata.namespace).toBe('shop');
    expect(allowance.spec.endpointSelector).toEqual({ matchLabels: SELECT_API });
    expect(allowance.spec.ingress).toHaveLength(1);
    expect(allowance.spec.ingress[0].fromEndpoints).toEqual([
      { matchLabels: { 'k8s:app.kubernetes.io/name': 'web', 'k8s:io.kubernetes.pod.namespace': 'shop' } },
    ]);
    expect(allowance.spec.ingress[0].toPorts).toEqual([
      {
        ports: [
          { port: '8080', protocol: 'TCP' },
          { port: '9090', protocol: 'TCP' },
        ],
      },
    ]);
    // The callee's own policy is unchanged: the allowance is the only grant.
    expect(JSON.stringify(named(objects, 'CiliumNetworkPolicy', 'api').spec)).not.toContain('"web"');
    expect(validateObjects(objects as never).errors).toEqual([]);
  });

  test('across charts, Kubernetes NetworkPolicy, one port by name', () => {
    const app = Testing.app();
    const api = TrafficApp.define({ ...apiProps, namespace: 'backend', dataplane: Dataplane.kubernetes() });
    const web = TrafficApp.define({ ...base, calls: [{ app: api, port: 'grpc' }], dataplane: Dataplane.kubernetes() });
    new TrafficChart(app, 'backend', { apps: [api] });
    const front = new TrafficChart(app, 'front', { apps: [web] });
    const objects = front.toJson() as Obj[];
    const allowance = named(objects, 'NetworkPolicy', 'api-from-shop-web');
    expect(allowance.metadata.namespace).toBe('backend');
    expect(allowance.spec).toEqual({
      podSelector: { matchLabels: SELECT_API },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
              podSelector: { matchLabels: SELECT_WEB },
            },
          ],
          ports: [{ port: 9090, protocol: 'TCP' }],
        },
      ],
    });
    const egress = named(objects, 'NetworkPolicy', 'web').spec.egress.filter((e: any) =>
      e.to?.some((t: any) => t.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'api'),
    );
    expect(egress).toEqual([
      {
        to: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'backend' } },
            podSelector: { matchLabels: SELECT_API },
          },
        ],
        ports: [{ port: 9090, protocol: 'TCP' }],
      },
    ]);
  });

  test("the callee's L7 allow-list applies to the call (Cilium)", () => {
    const api = TrafficApp.define({
      ...apiProps,
      dataplane: Dataplane.cilium({
        policy: { allowFrom: [{ namespace: 'ops' }] },
        l7: [{ method: 'GET', path: '/v1/.*', port: 'http' }],
      }),
    });
    const web = TrafficApp.define({ ...base, calls: [{ app: api, port: 'http' }] });
    const objects = synthApps([api, web]) as Obj[];
    const toPorts = named(objects, 'CiliumNetworkPolicy', 'api-from-web').spec.ingress[0].toPorts;
    expect(toPorts).toEqual([
      { ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/v1/.*' }] } },
    ]);
  });

  test('no policy on the callee: no allowance is written (it would turn on default deny)', () => {
    const api = TrafficApp.define(apiProps);
    const web = TrafficApp.define({ ...base, calls: [api] });
    const objects = synthApps([api, web]) as Obj[];
    expect(all(objects as never, 'NetworkPolicy')).toEqual([]);
    expect(all(objects as never, 'CiliumNetworkPolicy')).toEqual([]);
  });

  test('Linkerd callee that lists its clients: a meshed caller gets a grant of its ServiceAccount', () => {
    const api = TrafficApp.define({
      ...apiProps,
      expose: [Mesh.linkerd({ allowFrom: [{ serviceAccount: 'admin', namespace: 'ops' }] })],
    });
    const web = TrafficApp.define({ ...base, calls: [api], expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })] });
    const objects = synthApps([api, web]) as Obj[];
    const server = named(objects, 'Server', 'api-80');
    const auth = named(objects, 'MeshTLSAuthentication', `${(server as Obj).metadata.name}-from-web`);
    expect(auth.spec).toEqual({ identityRefs: [{ kind: 'ServiceAccount', name: 'web' }] });
    const policy = named(objects, 'AuthorizationPolicy', `${(server as Obj).metadata.name}-from-web`);
    expect(policy.spec.targetRef).toEqual({
      group: 'policy.linkerd.io',
      kind: 'Server',
      name: (server as Obj).metadata.name,
    });
    expect(policy.spec.requiredAuthenticationRefs[0].name).toBe(auth.metadata.name);
  });

  test('a call from outside the mesh into a Linkerd app that admits listed clients is refused', () => {
    const api = TrafficApp.define({
      ...apiProps,
      expose: [Mesh.linkerd({ allowFrom: [{ serviceAccount: 'admin', namespace: 'ops' }] })],
    });
    const lines = problemsOf([{ ...base, calls: [api] }]);
    const l = lineFor(lines, 'web', 'calls[0].app', '"api"');
    expect(l).toContain('this app is not in the linkerd mesh: the call would be denied');
  });
});

describe('calls: bad input', () => {
  test('a call to an app with no Service, or to a port it does not have, or to itself', () => {
    const noService = TrafficApp.define({ ...apiProps, service: false });
    const api = TrafficApp.define(apiProps);
    const self = TrafficApp.define(base);
    const lines = problemsOf([{ ...base, calls: [noService, { app: api, port: 'admin' }, self] }]);
    expect(lineFor(lines, 'web', 'calls[0].app', '"api"')).toContain('has no Service');
    expect(lineFor(lines, 'web', 'calls[1].port', '"admin"')).toContain("use one of 'http', 'grpc'");
    expect(lineFor(lines, 'web', 'calls[2].app', '"web"')).toContain('is this app itself');
  });

  test('a name instead of the app (JavaScript) is a problem, not a TypeError', () => {
    const lines = problemsOf([{ ...base, calls: ['api' as never, { app: 'api' as never }] }]);
    expect(lines.join('\n')).not.toContain('TypeError');
    expect(lines.some((l) => l.includes('calls[0]') && l.includes('TrafficApp'))).toBe(true);
    expect(lines.some((l) => l.includes('calls[1].app') && l.includes('TrafficApp'))).toBe(true);
  });
});

describe("issue 22: the cross-app check's fix names the real mismatch", () => {
  test('egress on the Service port while the callee admits the caller on the pod port: the fix is the port', () => {
    const lines = problemsOf([
      { ...apiProps, dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'shop', labels: SELECT_WEB }] }) },
      {
        ...base,
        dataplane: Dataplane.kubernetes({ egress: [{ toPods: { labels: SELECT_API }, ports: [{ port: 80 }] }] }),
      },
    ]);
    const l = lineFor(lines, 'web', 'dataplane.egress');
    expect(l).toContain('admits "web" only on ports 8080, 9090');
    expect(l).toContain('80 is a port of the Service "api", whose pods listen on 8080');
    expect(l).toContain("Fix: use the pods' ports 8080, 9090 in the egress rule");
    expect(l).not.toContain('add `allowFrom');
  });

  test('no admission at all: the fix is the source', () => {
    const lines = problemsOf([
      { ...apiProps, dataplane: Dataplane.kubernetes() },
      {
        ...base,
        dataplane: Dataplane.kubernetes({ egress: [{ toPods: { labels: SELECT_API }, ports: [{ port: 8080 }] }] }),
      },
    ]);
    expect(lineFor(lines, 'web', 'dataplane.egress')).toContain("add `allowFrom: [{ namespace: 'shop'");
  });
});

describe('the traffic map draws the call', () => {
  test('an edge from the caller pods to the callee Service, with the ports; a callee of another chart as its Service', () => {
    const api = TrafficApp.define(apiProps);
    const web = TrafficApp.define({ ...base, calls: [{ app: api, port: 'grpc' }] });
    const both = trafficGraph('t', [api.spec, web.spec], []);
    expect(both.edges).toContainEqual({ from: 'pods/shop/web', to: 'svc/shop/api', label: 'calls :grpc' });
    expect(both.nodes.find((n) => n.id === 'svc/shop/api')!.details).not.toContain('app api (another chart)');
    const alone = trafficGraph('t', [web.spec], []);
    expect(alone.nodes.find((n) => n.id === 'svc/shop/api')!.details).toEqual(['app api (another chart)']);
    expect(alone.edges).toContainEqual({ from: 'pods/shop/web', to: 'svc/shop/api', label: 'calls :grpc' });
  });
});
