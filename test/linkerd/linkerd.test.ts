import { Duration, JsonPatch, Testing } from 'cdk8s';
import { ApiObject } from 'cdk8s';
import { Mesh, Probe, TrafficApp, TrafficAppProps, TrafficChart, GatewayRouteExposure } from '../../lib';
import { LinkerdRouting } from '../../lib/k8s/expose/linkerd-routing';
import { unsupportedLinkerdFields } from '../../lib/k8s/expose/linkerd-route-fields';
import { integerWeights } from '../../lib/model/traffic/weights';
import { K8sObject, all, errorOf, one, synthApps } from '../support/k8s';
import { validateCrd } from '../support/validate-crd';
import { validateCore } from '../support/validate-k8s';

const BASE: TrafficAppProps = {
  name: 'checkout',
  namespace: 'shop',
  image: 'ghcr.io/acme/checkout:3.4.0',
  replicas: 4,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { acknowledge: { 'CT-TRAFFIC-051': 'Linkerd runs with linkerd-cni here' } },
};
const CANARY: TrafficAppProps = {
  ...BASE,
  versions: { v2: { image: 'ghcr.io/acme/checkout:3.5.0', weight: 1 } },
  traffic: {
    ...BASE.traffic,
    retry: { attempts: 3, perTryTimeout: Duration.seconds(2), on: [502, 503, 'reset'] },
    requestTimeout: Duration.seconds(10),
    canaryHeader: { name: 'x-canary', value: 'always' },
  },
  expose: [
    Mesh.linkerd({
      allowFrom: [
        { serviceAccount: 'storefront' },
        { serviceAccount: 'admin', namespace: 'ops' },
        { namespace: 'batch' },
      ],
    }),
  ],
};
const quiet = <T>(fn: () => T): T => {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
};
const synth = (p: TrafficAppProps): K8sObject[] => quiet(() => synthApps([TrafficApp.define(p)]));

describe('Mesh.linkerd(): the HTTPRoute', () => {
  const objects = synth(CANARY);
  const route = one(objects, 'HTTPRoute');

  test('gateway.networking.k8s.io/v1 with the app Service as parent', () => {
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.metadata.name).toBe('checkout-mesh');
    expect(route.spec.parentRefs).toEqual([{ group: 'core', kind: 'Service', name: 'checkout', port: 80 }]);
    // The parent is the Service the workload writes.
    expect(one(objects, 'Service', 'checkout').spec.ports[0].port).toBe(80);
  });

  test('the canary header rule first, then the version weights: the same integers as the other layers (99/1)', () => {
    expect(route.spec.rules).toEqual([
      {
        matches: [{ headers: [{ type: 'Exact', name: 'x-canary', value: 'always' }] }],
        backendRefs: [{ name: 'checkout-v2', port: 80 }],
      },
      {
        backendRefs: [
          { name: 'checkout-v1', port: 80, weight: 99 },
          { name: 'checkout-v2', port: 80, weight: 1 },
        ],
      },
    ]);
    const app = TrafficApp.define(CANARY).spec;
    expect(integerWeights(app.versions)!.weights.map((w) => w.weight)).toEqual([99, 1]);
    // Every backend is a Service that exists.
    for (const b of route.spec.rules.flatMap((r: { backendRefs: { name: string }[] }) => r.backendRefs))
      expect(all(objects, 'Service').map((s) => s.metadata.name)).toContain(b.name);
  });

  test('retries and timeouts as Linkerd annotations on the route (status codes only)', () => {
    expect(route.metadata.annotations).toEqual({
      'retry.linkerd.io/http': '502,503',
      'retry.linkerd.io/limit': '3',
      'retry.linkerd.io/timeout': '2s',
      'timeout.linkerd.io/request': '10s',
      'timeout.linkerd.io/idle': '60s',
    });
  });

  test('only fields Linkerd reads, and valid against the Gateway API CRDs (standard channel)', () => {
    expect(unsupportedLinkerdFields(route)).toEqual([]);
    expect(validateCrd(route, 'standard')).toEqual([]);
  });

  test('the namespace gets linkerd.io/inject: enabled', () => {
    expect(one(objects, 'Namespace').metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled' });
  });

  test('injection on the pod templates instead', () => {
    const o = synth({
      ...CANARY,
      podAnnotations: { 'example.com/team': 'shop' },
      expose: [Mesh.linkerd({ allowFrom: 'any-meshed', injection: 'pod' })],
    });
    for (const d of all(o, 'Deployment'))
      expect(d.spec.template.metadata.annotations).toEqual({
        'example.com/team': 'shop',
        'linkerd.io/inject': 'enabled',
      });
    expect(one(o, 'Namespace').metadata.annotations).toBeUndefined();
    expect(validateCore(o).errors).toEqual([]);
  });

  test('a single version: one backend, the Service itself, no weight; no retry annotations without a retry policy', () => {
    const r = one(synth({ ...BASE, expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })] }), 'HTTPRoute');
    expect(r.spec.rules).toEqual([{ backendRefs: [{ name: 'checkout', port: 80 }] }]);
    expect(r.metadata.annotations).toEqual({ 'timeout.linkerd.io/request': '60s', 'timeout.linkerd.io/idle': '60s' });
  });
});

describe('Mesh.linkerd(): Server and AuthorizationPolicy for allowFrom', () => {
  const objects = synth(CANARY);

  test("a Server on the pods' port of every version, deny by default", () => {
    const server = one(objects, 'Server');
    expect(server.apiVersion).toBe('policy.linkerd.io/v1beta3');
    expect(server.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'checkout' } },
      port: 'http',
      proxyProtocol: 'HTTP/1',
      accessPolicy: 'deny',
    });
    // The selector selects every version's pods.
    for (const d of all(objects, 'Deployment'))
      expect(d.spec.template.metadata.labels).toMatchObject(server.spec.podSelector.matchLabels);
  });

  test('the allowed ServiceAccounts as MeshTLSAuthentication identityRefs, required by the AuthorizationPolicy', () => {
    const authn = one(objects, 'MeshTLSAuthentication');
    expect(authn.spec.identityRefs).toEqual([
      { kind: 'ServiceAccount', name: 'storefront' },
      { kind: 'ServiceAccount', name: 'admin', namespace: 'ops' },
      { kind: 'ServiceAccount', namespace: 'batch' },
    ]);
    const policy = one(objects, 'AuthorizationPolicy');
    expect(policy.spec).toEqual({
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: one(objects, 'Server').metadata.name },
      requiredAuthenticationRefs: [
        { group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: authn.metadata.name },
      ],
    });
  });

  test("'any-meshed' admits every meshed identity", () => {
    expect(
      one(synth({ ...BASE, expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })] }), 'MeshTLSAuthentication').spec,
    ).toEqual({ identities: ['*'] });
  });

  test('every Linkerd object is valid against the Linkerd 2.20 CRDs', () => {
    for (const kind of ['Server', 'MeshTLSAuthentication', 'AuthorizationPolicy'])
      expect(validateCrd(one(objects, kind))).toEqual([]);
    const bad = structuredClone(one(objects, 'Server'));
    bad.spec.proxy = 'HTTP/1';
    expect(validateCrd(bad)).not.toEqual([]);
  });
});

describe('Mesh.linkerd(): rejected', () => {
  test('bad inputs with path, field, value and fix, all at once', () => {
    const msg = errorOf(
      () =>
        TrafficApp.define({
          ...BASE,
          namespace: 'default',
          expose: [
            Mesh.linkerd({ allowFrom: [{ serviceAccount: 'Bad_SA' }, {}], port: 81, injection: 'sidecar' as never }),
          ],
        }).spec,
    ).message;
    expect(msg).toContain('expose[0].port: ');
    expect(msg).toMatch(
      /expose\[0\]\.injection: must be one of false, "namespace", "pod" .*\(received "sidecar"\)\. Fix: give one of false, "namespace", "pod"/,
    );
    expect(msg).toMatch(/expose\[0\]\.allowFrom\[0\]\.serviceAccount: .*\(received "Bad_SA"\)/);
    expect(msg).toMatch(
      /expose\[0\]\.allowFrom\[1\]: names no ServiceAccount or namespace \(received \{\}\)\. Fix: write \{ serviceAccount/,
    );
    expect(errorOf(() => TrafficApp.define({ ...BASE, expose: [Mesh.linkerd({} as never)] }).spec).message).toMatch(
      /expose\[0\]\.allowFrom: is required \(received undefined\)\. Fix: give "any-meshed" or a list of objects/,
    );
  });

  test('a retry policy without status codes, and retries on a gRPC app', () => {
    expect(
      errorOf(
        () =>
          TrafficApp.define({
            ...BASE,
            traffic: { retry: { attempts: 2, on: ['reset'] } },
            expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })],
          }).spec,
      ).message,
    ).toMatch(/traffic\.retry\.on: lists no HTTP status code.*Fix: add the status codes/);
    expect(
      errorOf(
        () =>
          TrafficApp.define({
            ...BASE,
            ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
            readiness: Probe.grpc({ port: 'grpc' }),
            service: { ports: [{ name: 'grpc', port: 9090, targetPort: 'grpc' }] },
            traffic: { retry: { attempts: 2, on: [503] } },
            expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })],
          }).spec,
      ).message,
    ).toContain('traffic.retry: is written as retry.linkerd.io/http, which Linkerd does not apply to gRPC');
  });

  test('Istio and Linkerd on one app, or on one namespace, is an error', () => {
    const both = TrafficApp.define({ ...BASE, expose: [Mesh.istio(), Mesh.linkerd({ allowFrom: 'any-meshed' })] });
    expect(quiet(() => errorOf(() => synthApps([both]))).message).toMatch(
      /expose\[1\]: puts the app in the Linkerd mesh, but this app also uses the Istio mesh: one namespace \(and one app\) is in one mesh \(received "linkerd-mesh"\)/,
    );
    const istio = TrafficApp.define({ ...BASE, name: 'cart', expose: [Mesh.istio()] });
    const linkerd = TrafficApp.define({ ...BASE, expose: [Mesh.linkerd({ allowFrom: 'any-meshed' })] });
    expect(quiet(() => errorOf(() => synthApps([istio, linkerd]))).message).toContain(
      '[test/checkout] expose[0]: puts the app in the Linkerd mesh, but app "cart" of namespace shop uses the Istio mesh',
    );
  });

  test('a Gateway API field beyond what Linkerd reads (here from a patch) fails the synth', () => {
    const app = Testing.app();
    const chart = quiet(() => new TrafficChart(app, 'c', { apps: [TrafficApp.define(CANARY)] }));
    const routing = chart.node.findAll().find((c): c is LinkerdRouting => c instanceof LinkerdRouting)!;
    (routing.route as ApiObject).addJsonPatch(
      JsonPatch.add('/spec/rules/1/name', 'weighted'),
      JsonPatch.add('/spec/parentRefs/0/sectionName', 'http'),
    );
    const msg = quiet(() => errorOf(() => app.synth())).message;
    expect(msg).toContain(
      '[c/checkout/linkerd-mesh-checkout-mesh/routing/route] spec.rules[1].name: is not among the Gateway API 1.2.1 HTTPRoute fields Linkerd reads, and Linkerd 2.20 ignores a route with a newer field (received the route shop/checkout-mesh). Fix: remove the field',
    );
    expect(msg).toContain(
      'spec.parentRefs[0].sectionName: is not among the Gateway API 1.2.1 HTTPRoute fields Linkerd reads',
    );
  });

  test('the field check knows the filters Linkerd applies', () => {
    expect(
      unsupportedLinkerdFields({
        spec: {
          rules: [
            {
              filters: [
                { type: 'URLRewrite', urlRewrite: {} },
                { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: 'b' }] } },
              ],
            },
          ],
        },
      }),
    ).toEqual(['spec.rules[0].filters[0].type=URLRewrite', 'spec.rules[0].filters[0].urlRewrite']);
  });

  test('a Gateway route exposure and the Linkerd route do not collide', () => {
    const o = synth({
      ...CANARY,
      expose: [...CANARY.expose!, GatewayRouteExposure.http({ parents: [{ name: 'public', namespace: 'gateways' }] })],
    });
    expect(
      all(o, 'HTTPRoute')
        .map((r) => r.metadata.name)
        .sort(),
    ).toEqual(['checkout', 'checkout-mesh']);
    // Both layers split with the same integer weights.
    const weightsOf = (name: string) =>
      one(o, 'HTTPRoute', name)
        .spec.rules.at(-1)
        .backendRefs.map((b: { name: string; weight: number }) => [b.name, b.weight]);
    expect(weightsOf('checkout-mesh')).toEqual(weightsOf('checkout'));
  });
});
