import {
  Certificate,
  GatewayRouteExposure,
  GatewayRouteSpec,
  IExposure,
  IngressExposure,
  IngressExposureSpec,
  LinkerdMeshSpec,
  Mesh,
  Probe,
  TerraformLoadBalancer,
  TerraformLoadBalancerSpec,
  TrafficApp,
  TrafficAppProps,
} from '../../lib';
import { appFacts, trafficGraph } from '../../lib/map/from-specs';
import { planLoadBalancers } from '../../lib/model/aws/load-balancer-plan';
import { one, synthApps } from '../support/k8s';
import { resources, synthStack } from '../aws/support';

/**
 * The model holds the declared shares (typed percentages); every renderer writes the integer weights
 * through one conversion (`writtenWeights` within the layer's limits), so one 0.5% canary is 995/5 on
 * every layer that splits by weight.
 */
const CERT_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const cert = Certificate.fromArn(CERT_ARN);
const app = (expose: IExposure, canaryWeight = 0.5): TrafficAppProps => ({
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  replicas: 4,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: canaryWeight } },
  traffic: {
    canaryHeader: { name: 'x-canary', value: 'always' },
    acknowledge: {
      'CT-TRAFFIC-051': 'Linkerd runs with linkerd-cni here',
      ...(canaryWeight === 0.5
        ? {}
        : { 'CT-TRAFFIC-013': 'the layers that cannot write this split send everything to the stable version' }),
    },
  },
  expose: [expose],
});
const layers = {
  httpRoute: () => GatewayRouteExposure.http({ parents: [{ name: 'public', namespace: 'gateways' }] }),
  istio: () => Mesh.istio({ injection: false }),
  linkerd: () => Mesh.linkerd({ allowFrom: 'any-meshed' }),
  terraformAlb: () => TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: cert }),
  albIngress: () => IngressExposure.alb({ hosts: ['web.example.com'], certificateArns: [CERT_ARN] }),
};
/** The target groups of an ALB Ingress's forward action, as the controller reads them from its annotation. */
const albAction = (objects: readonly any[], name: string) =>
  JSON.parse(one(objects, 'Ingress', 'web').metadata.annotations![`alb.ingress.kubernetes.io/actions.${name}`])
    .forwardConfig.targetGroups;
const quiet = <T>(fn: () => T): T => {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    return fn();
  } finally {
    spy.mockRestore();
  }
};
const k8s = (expose: IExposure, canaryWeight?: number) =>
  quiet(() => synthApps([TrafficApp.define(app(expose, canaryWeight))]));
const weights = (refs: readonly { weight?: number }[]) => refs.map((r) => r.weight);
/** The weights of the last (weighted) rule each layer writes. */
function writtenOnEveryLayer(canaryWeight?: number) {
  const { tf } = quiet(() => synthStack([TrafficApp.define(app(layers.terraformAlb(), canaryWeight))]));
  const albRules = Object.values(resources(tf, 'aws_lb_listener_rule')).sort((a, b) => a.priority - b.priority);
  return {
    httpRoute: weights(one(k8s(layers.httpRoute(), canaryWeight), 'HTTPRoute', 'web').spec.rules.at(-1).backendRefs),
    istio: weights(one(k8s(layers.istio(), canaryWeight), 'VirtualService', 'web').spec.http.at(-1).route),
    linkerd: weights(one(k8s(layers.linkerd(), canaryWeight), 'HTTPRoute', 'web-mesh').spec.rules.at(-1).backendRefs),
    terraformAlb: weights(albRules.at(-1)!.action[0].forward.target_group),
    albIngress: weights(albAction(k8s(layers.albIngress(), canaryWeight), 'weighted-80')),
  };
}
const exposureSpec = <S>(expose: IExposure): S => {
  const r = TrafficApp.define(app(expose)).resolve();
  expect(r.problems).toEqual([]);
  return r.spec.exposures[0] as unknown as S;
};

describe('one integer weight conversion for every layer', () => {
  test('a 0.5% canary is written 995/5 on an HTTPRoute, an Istio VirtualService, a Linkerd HTTPRoute, a Terraform ALB forward action and an ALB Ingress forward action', () => {
    expect(writtenOnEveryLayer()).toEqual({
      httpRoute: [995, 5],
      istio: [995, 5],
      linkerd: [995, 5],
      terraformAlb: [995, 5],
      albIngress: [995, 5],
    });

    const route = one(k8s(layers.httpRoute()), 'HTTPRoute', 'web').spec.rules;
    const istio = one(k8s(layers.istio()), 'VirtualService', 'web').spec.http;
    const linkerd = one(k8s(layers.linkerd()), 'HTTPRoute', 'web-mesh').spec.rules;
    const { tf } = synthStack([TrafficApp.define(app(layers.terraformAlb()))]);
    const albRules = Object.values(resources(tf, 'aws_lb_listener_rule')).sort((a, b) => a.priority - b.priority);
    // The canary header rule on each layer: one backend, the canary, written without a weight.
    expect(route[0].backendRefs).toEqual([{ name: 'web-v2', port: 80 }]);
    expect(istio[0].route).toEqual([
      { destination: { host: 'web.shop.svc.cluster.local', subset: 'v2', port: { number: 80 } } },
    ]);
    expect(linkerd[0].backendRefs).toEqual([{ name: 'web-v2', port: 80 }]);
    expect(albRules[0].action).toEqual([
      { type: 'forward', target_group_arn: '${aws_lb_target_group.tg_shop_web_80_v2.arn}' },
    ]);
    // The ALB Ingress: the canary header's action forwards to the canary's one target group.
    expect(albAction(k8s(layers.albIngress()), 'canary-header-80')).toEqual([
      { serviceName: 'web-v2', servicePort: '80', weight: 1 },
    ]);
  });

  test('the specs carry the declared share, 0.5 (percent), never an integer weight', () => {
    const route = exposureSpec<GatewayRouteSpec>(layers.httpRoute());
    const linkerd = exposureSpec<LinkerdMeshSpec>(layers.linkerd());
    const alb = exposureSpec<TerraformLoadBalancerSpec>(layers.terraformAlb());
    const ingress = exposureSpec<IngressExposureSpec>(layers.albIngress());

    // The HTTPRoute: the canary header rule (its one backend takes 100%), then the weighted rule.
    expect(route.rules.map((r) => r.backends.map((b) => [b.serviceName, b.share]))).toEqual([
      [['web-v2', 100]],
      [
        ['web-v1', 99.5],
        ['web-v2', 0.5],
      ],
    ]);
    expect(linkerd.backends.map((b) => [b.serviceName, b.share])).toEqual([
      ['web-v1', 99.5],
      ['web-v2', 0.5],
    ]);
    expect(linkerd.canaryBackend).toEqual({
      serviceName: 'web-v2',
      port: 80,
      share: 100,
      version: 'v2',
      workloadName: 'web-v2',
      stable: false,
      subsetLabels: { version: 'v2' },
    });
    expect(alb.targetGroups.map((t) => [t.name, t.share])).toEqual([
      ['shop-web-80-v1', 99.5],
      ['shop-web-80-v2', 0.5],
    ]);
    expect(ingress.weightedActions.map((a) => [a.name, a.targets.map((t) => t.share)])).toEqual([
      ['weighted-80', [99.5, 0.5]],
      ['canary-header-80', [100]],
    ]);
    // Istio's spec holds no split: its renderer reads the versions' shares.
    expect(
      TrafficApp.define(app(layers.istio()))
        .resolve()
        .spec.versions.map((v) => v.weight),
    ).toEqual([99.5, 0.5]);

    // No integer weight as written in any spec (995 and 5 are the renderers' business).
    for (const s of [route, linkerd, alb, ingress]) {
      const json = JSON.stringify(s);
      expect(json).not.toMatch(/"(weight|forwardWeight)":/);
      expect(json).not.toMatch(/\b995\b/);
    }
  });

  test('a split a layer cannot write exactly (CT-TRAFFIC-013 acknowledged) goes all to the stable version on that layer, and only there', () => {
    // 0.05%: Gateway API and Istio write 9995/5; an ALB forward action takes at most 999 per target group.
    expect(writtenOnEveryLayer(0.05)).toEqual({
      httpRoute: [9995, 5],
      istio: [9995, 5],
      linkerd: [9995, 5],
      terraformAlb: [1, 0],
      albIngress: [1, 0],
    });
    // 0.00001%: finer than Gateway API's 1,000,000; Istio (int32) still writes it. Linkerd leaves out a backend of weight 0.
    expect(writtenOnEveryLayer(0.00001)).toEqual({
      httpRoute: [1, 0],
      istio: [9999999, 1],
      linkerd: [undefined],
      terraformAlb: [1, 0],
      albIngress: [1, 0],
    });

    // The map and the summary show what is written, and say that it is not the declared split.
    const spec = TrafficApp.define(app(layers.terraformAlb(), 0.05)).resolve().spec;
    const { plans } = planLoadBalancers([spec]);
    expect(appFacts(spec, plans).exposures[0].weights).toBe(
      'v1 100% (1/1), v2 0% (0/1) (not exact: 99.95%/0.05% declared, everything written to the stable version); header x-canary: always -> v2',
    );
    const edges = trafficGraph('t', [spec], plans).edges.filter(
      (e) => e.to.startsWith('tg/') && e.percent !== undefined && !e.label?.startsWith('canary'),
    );
    expect(edges.map((e) => [e.to, e.label])).toEqual([
      ['tg/shop-web-80-v1', '100% (1/1)'],
      ['tg/shop-web-80-v2', '0% (0/1)'],
    ]);
  });
});
