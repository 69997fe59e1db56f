import { Dataplane, Mesh, Probe, TrafficApp, TrafficAppProps } from '../../lib';
import { validateObjects } from '../../lib/testing';
import { lineFor, problemsOf } from '../declared/support';
import { all, synthApps } from '../support/k8s';
import { apiProps } from '../support/callee';
import type { K8sObject } from '../support/k8s';

// Issue 27 item 9 for Istio: the mesh authorization follows `calls`, as Linkerd's does (test/workloads/calls.test.ts).
const webProps: TrafficAppProps = {
  name: 'web',
  namespace: 'front',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
};
const policies = (objects: readonly K8sObject[]) =>
  all(objects, 'AuthorizationPolicy').filter((o) => o.apiVersion === 'security.istio.io/v1');
const named = (objects: readonly K8sObject[], name: string) => {
  const found = policies(objects).filter((o) => o.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('calls into an Istio app that admits listed clients only', () => {
  test("ambient: 'callers' writes an allow-nothing policy on the Service, and each call a grant of the caller's principal on the called Service port", () => {
    const api = TrafficApp.define({
      ...apiProps,
      expose: [Mesh.istio({ injection: 'ambient', allowFrom: 'callers' })],
    });
    const web = TrafficApp.define({
      ...webProps,
      calls: [{ app: api, port: 'grpc' }],
      expose: [Mesh.istio({ injection: 'ambient' })],
    });
    const objects = synthApps([api, web]);
    const own = named(objects, 'api');
    expect(own.spec).toEqual({ action: 'ALLOW', targetRefs: [{ group: '', kind: 'Service', name: 'api' }] });
    const grant = named(objects, 'api-from-front-web');
    expect(grant.metadata.namespace).toBe('shop');
    // Bound like the callee's own policy (the waypoint enforces both), on the Service port the waypoint sees.
    expect(grant.spec.targetRefs).toEqual(own.spec.targetRefs);
    const webSa = all(objects, 'ServiceAccount').find((s) => s.metadata.namespace === 'front')!;
    expect(grant.spec.rules).toEqual([
      {
        from: [{ source: { principals: [`cluster.local/ns/front/sa/${webSa.metadata.name}`] } }],
        to: [{ operation: { ports: ['9000'] } }],
      },
    ]);
    const service = all(objects, 'Service').find((s) => s.metadata.name === own.spec.targetRefs[0].name)!;
    expect(service.spec.ports.map((p: { port: number }) => String(p.port))).toContain('9000');
    expect(validateObjects(objects as never).errors).toEqual([]);
  });

  test("sidecars: the grant selects the callee's pods (their sidecars enforce it) on the pods' port", () => {
    const api = TrafficApp.define({
      ...apiProps,
      expose: [Mesh.istio({ allowFrom: [{ serviceAccount: 'admin', namespace: 'ops' }] })],
    });
    const web = TrafficApp.define({ ...webProps, calls: [{ app: api, port: 'http' }], expose: [Mesh.istio()] });
    const objects = synthApps([api, web]);
    const own = named(objects, 'api');
    expect(own.spec.rules).toEqual([{ from: [{ source: { principals: ['cluster.local/ns/ops/sa/admin'] } }] }]);
    const grant = named(objects, 'api-from-front-web');
    expect(grant.spec.selector).toEqual(own.spec.selector);
    const pods = all(objects, 'Deployment').find((d) => d.metadata.namespace === 'shop')!;
    expect(
      Object.entries(grant.spec.selector.matchLabels).every(([k, v]) => pods.spec.template.metadata.labels[k] === v),
    ).toBe(true);
    expect(grant.spec.rules[0].to).toEqual([{ operation: { ports: ['8080'] } }]);
    expect(
      pods.spec.template.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort),
    ).toContain(8080);
    expect(validateObjects(objects as never).errors).toEqual([]);
  });

  test("sidecars with 'callers': the callee's NetworkPolicy needs no allowFrom, the callers' allowances admit them", () => {
    const api = TrafficApp.define({
      ...apiProps,
      expose: [Mesh.istio({ allowFrom: 'callers' })],
      dataplane: Dataplane.kubernetes(),
    });
    const web = TrafficApp.define({
      ...webProps,
      calls: [api],
      expose: [Mesh.istio()],
      dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'edge' }] }),
    });
    const objects = synthApps([api, web]);
    const netpols = all(objects, 'NetworkPolicy');
    const allowance = netpols.find((p) => p.metadata.name === 'api-from-front-web')!;
    expect(allowance.spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'front' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
          },
        ],
        ports: [
          { port: 8080, protocol: 'TCP' },
          { port: 9090, protocol: 'TCP' },
        ],
      },
    ]);
    expect(named(objects, 'api-from-front-web').spec.rules[0].to).toEqual([{ operation: { ports: ['8080', '9090'] } }]);
    // The same with the Gateway API mesh route instead of the VirtualService.
    const routed = TrafficApp.define({
      ...apiProps,
      expose: [Mesh.istio({ allowFrom: 'callers', routing: 'gateway-api' })],
      dataplane: Dataplane.kubernetes(),
    });
    const viaRoute = synthApps([routed, TrafficApp.define({ ...webProps, calls: [routed], expose: [Mesh.istio()] })]);
    expect(named(viaRoute, 'api-from-front-web').spec.selector).toEqual(named(viaRoute, 'api').spec.selector);
    // Without 'callers', the in-mesh clients are unknown to the policy: allowFrom is asked for.
    const lines = problemsOf([
      {
        ...apiProps,
        expose: [Mesh.istio({ allowFrom: [{ serviceAccount: 'web' }] })],
        dataplane: Dataplane.kubernetes(),
      },
    ]);
    expect(lineFor(lines, 'api', 'dataplane.allowFrom')).toContain('routes in-mesh clients');
  });

  test('no allowFrom on the callee: no policy and no grant (a grant would turn on deny for everyone else)', () => {
    const api = TrafficApp.define({ ...apiProps, expose: [Mesh.istio({ injection: 'ambient' })] });
    const web = TrafficApp.define({ ...webProps, calls: [api], expose: [Mesh.istio({ injection: 'ambient' })] });
    expect(policies(synthApps([api, web]))).toEqual([]);
  });

  test('a call from outside the mesh into an Istio app that admits listed clients is refused', () => {
    const api = TrafficApp.define({ ...apiProps, expose: [Mesh.istio({ allowFrom: 'callers' })] });
    const lines = problemsOf([{ ...webProps, calls: [api], dataplane: Dataplane.kubernetes() }]);
    const l = lineFor(lines, 'web', 'calls[0].app', '"api"');
    expect(l).toContain('this app is not in the istio mesh: the call would be denied');
    expect(l).toContain('on every port');
    expect(l).toContain('Fix: put this app in the istio mesh too');
  });

  test("bad input: allowFrom neither a list nor 'callers'", () => {
    const lines = problemsOf([{ ...apiProps, expose: [Mesh.istio({ allowFrom: 'everyone' as never })] }]);
    const l = lines.find((x) => x.includes('expose[0].allowFrom'));
    expect(l).toContain('(received "everyone")');
    expect(l).toMatch(/callers/);
  });
});
