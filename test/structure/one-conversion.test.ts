import {
  Certificate, GatewayRouteExposure, GatewayRouteSpec, IExposure, LinkerdMeshSpec, Mesh, Probe, TerraformLoadBalancer,
  TerraformLoadBalancerSpec, TrafficApp, TrafficAppProps,
} from '../../lib';
import { one, synthApps } from '../support/k8s';
import { resources, synthStack } from '../aws/support';

/**
 * The model holds the declared shares (typed percentages); every renderer writes the integer weights
 * through one conversion (`writtenWeights` within the layer's limits), so one 0.5% canary is 995/5 on
 * every layer that splits by weight.
 */
const cert = Certificate.fromArn('arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b');
const app = (expose: IExposure): TrafficAppProps => ({
  name: 'web', namespace: 'shop', image: 'ghcr.io/acme/web:1.0.0', replicas: 4,
  ports: [{ name: 'http', port: 8080 }], readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 0.5 } },
  traffic: { canaryHeader: { name: 'x-canary', value: 'always' }, acknowledge: { 'CT-TRAFFIC-051': 'Linkerd runs with linkerd-cni here' } },
  expose: [expose],
});
const layers = {
  httpRoute: () => GatewayRouteExposure.http({ parents: [{ name: 'public', namespace: 'gateways' }] }),
  istio: () => Mesh.istio({ injection: 'ambient' }),
  linkerd: () => Mesh.linkerd({ allowFrom: 'any-meshed' }),
  terraformAlb: () => TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: cert }),
};
const quiet = <T>(fn: () => T): T => {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try { return fn(); } finally { spy.mockRestore(); }
};
const k8s = (expose: IExposure) => quiet(() => synthApps([TrafficApp.define(app(expose))]));
const exposureSpec = <S>(expose: IExposure): S => {
  const r = TrafficApp.define(app(expose)).resolve();
  expect(r.problems).toEqual([]);
  return r.spec.exposures[0] as unknown as S;
};

describe('one integer weight conversion for every layer', () => {
  test('a 0.5% canary is written 995/5 on an HTTPRoute, an Istio VirtualService, a Linkerd HTTPRoute and a Terraform ALB forward action', () => {
    const route = one(k8s(layers.httpRoute()), 'HTTPRoute', 'web').spec.rules;
    const istio = one(k8s(layers.istio()), 'VirtualService', 'web').spec.http;
    const linkerd = one(k8s(layers.linkerd()), 'HTTPRoute', 'web-mesh').spec.rules;
    const { tf } = synthStack([TrafficApp.define(app(layers.terraformAlb()))]);
    const albRules = Object.values(resources(tf, 'aws_lb_listener_rule')).sort((a, b) => a.priority - b.priority);
    const weights = (refs: readonly { weight?: number }[]) => refs.map((r) => r.weight);

    const written = {
      httpRoute: weights(route.at(-1).backendRefs),
      istio: weights(istio.at(-1).route),
      linkerd: weights(linkerd.at(-1).backendRefs),
      terraformAlb: weights(albRules.at(-1)!.action[0].forward.target_group),
    };
    expect(written).toEqual({ httpRoute: [995, 5], istio: [995, 5], linkerd: [995, 5], terraformAlb: [995, 5] });

    // The canary header rule on each layer: one backend, the canary, written without a weight.
    expect(route[0].backendRefs).toEqual([{ name: 'web-v2', port: 80 }]);
    expect(istio[0].route).toEqual([{ destination: { host: 'web.shop.svc.cluster.local', subset: 'v2', port: { number: 80 } } }]);
    expect(linkerd[0].backendRefs).toEqual([{ name: 'web-v2', port: 80 }]);
    expect(albRules[0].action).toEqual([{ type: 'forward', target_group_arn: '${aws_lb_target_group.tg_shop_web_80_v2.arn}' }]);
  });

  test('the specs carry the declared share, 0.5 (percent), never an integer weight', () => {
    const route = exposureSpec<GatewayRouteSpec>(layers.httpRoute());
    const linkerd = exposureSpec<LinkerdMeshSpec>(layers.linkerd());
    const alb = exposureSpec<TerraformLoadBalancerSpec>(layers.terraformAlb());

    // The HTTPRoute: the canary header rule (its one backend takes 100%), then the weighted rule.
    expect(route.rules.map((r) => r.backends.map((b) => [b.serviceName, b.share]))).toEqual([[['web-v2', 100]], [['web-v1', 99.5], ['web-v2', 0.5]]]);
    expect(linkerd.backends.map((b) => [b.serviceName, b.share])).toEqual([['web-v1', 99.5], ['web-v2', 0.5]]);
    expect(linkerd.canaryBackend).toEqual({ serviceName: 'web-v2', port: 80, share: 100, version: 'v2' });
    expect(alb.targetGroups.map((t) => [t.name, t.share])).toEqual([['shop-web-80-v1', 99.5], ['shop-web-80-v2', 0.5]]);
    // Istio's spec holds no split: its renderer reads the versions' shares.
    expect(TrafficApp.define(app(layers.istio())).resolve().spec.versions.map((v) => v.weight)).toEqual([99.5, 0.5]);

    // No integer weight as written in any spec (995 and 5 are the renderers' business).
    for (const s of [route, linkerd, alb]) {
      const json = JSON.stringify(s);
      expect(json).not.toMatch(/"(weight|forwardWeight)":/);
      expect(json).not.toMatch(/\b995\b/);
    }
  });
});
