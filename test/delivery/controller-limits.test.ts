import {
  AwsGatewayRoute,
  LoadBalancerServiceExposure,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficChart,
} from 'cdk-traffic';
import { JsonPatch, Testing } from 'cdk8s';
import { appObject, definitionProblems, synthApps, KubeObject } from 'cdk-traffic/testing';
import { cart, inventory, storefront } from '../../apps/delivered';

// Issue 24 item 4, the rules' side: what the controllers and the load balancers they drive can do.

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;

describe('an NLB is no router here (the NLB Service and the Terraform NLB forward to one target group)', () => {
  test.each([
    ['an NLB Service', () => LoadBalancerServiceExposure.nlb()],
    ['a Terraform NLB', () => TerraformLoadBalancer.nlb()],
  ])('Argo Rollouts through %s alone is replica-based, warned CT-DELIVERY-010, no trafficRouting', (_, expose) => {
    const app = TrafficApp.define({ ...storefront.props, expose: [expose()] });
    const { chart } = synthApps([app]);
    expect(app.spec.delivery!.router).toBe('replicas');
    expect(chart.warnings.map((w) => w.id)).toContain('CT-DELIVERY-010');
    expect(spec(appObject(chart, 'storefront', { kind: 'Rollout' })).strategy.canary.trafficRouting).toBeUndefined();
  });

  test('Flagger through an NLB alone is refused (the library drives Flagger through a mesh)', () => {
    const app = TrafficApp.define({ ...inventory.props, expose: [LoadBalancerServiceExposure.nlb()] });
    const problems = definitionProblems(() => synthApps([app]));
    // (Without a mesh its analysis also has no request metrics: a problem of its own.)
    expect(problems.find((p) => p.field === 'delivery.controller')?.message).toContain(
      "driven through istio, linkerd or gateway-api by this library, which the app's exposures do not provide",
    );
  });

  test("an NLB Gateway's TCPRoute (weighted, but not a route Argo is driven through here) is refused, not called Terraform's", () => {
    const app = TrafficApp.define({
      ...storefront.props,
      expose: [AwsGatewayRoute.tcp({ parents: [{ name: 'nlb', namespace: 'gateways' }] })],
    });
    const problems = definitionProblems(() => synthApps([app]));
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['expose[0]', expect.stringContaining("drives only the pods' count")],
    ]);
    expect(problems[0].message).not.toContain('Terraform');
    expect(problems[0].fix).toContain('HTTPRoute');
  });
});

describe("a weight-0 canary behind the AWS Load Balancer Controller's Gateway", () => {
  test('an ALB Gateway HTTPRoute at 100/0 is not warned: the controller makes every backend its target group', () => {
    const app = TrafficApp.define({
      ...storefront.props,
      expose: [AwsGatewayRoute.http({ parents: [{ name: 'edge', namespace: 'gateways' }] })],
    });
    const { chart } = synthApps([app]);
    const weights = spec(appObject(chart, 'storefront', { kind: 'HTTPRoute' })).rules[0].backendRefs.map((b: Spec) => [
      b.name,
      b.weight,
    ]);
    expect(weights).toEqual([
      ['storefront-stable', 100],
      ['storefront-canary', 0],
    ]);
    expect(chart.warnings.map((w) => w.id).filter((id) => id === 'CT-AWS-120' || id.startsWith('CT-DELIVERY'))).toEqual(
      [],
    );
    // No controller version is asked for the weight-0 backend beyond what the ALB Gateway needs (3.0.0).
    expect(app.spec.exposures[0].traits.requires?.map((r) => r.minVersion)).toEqual(['3.0.0']);
  });
});

describe("the ALB's 5 target groups per forward action (Argo Rollouts' ALB router)", () => {
  test('Argo writes an action of 2 target groups (stable, canary): static versions beside it are refused', () => {
    expect(cart.spec.delivery!.router).toBe('alb');
    expect(cart.spec.delivery!.services).toEqual({ stable: 'cart-stable', canary: 'cart-canary' });
    const router = cart.spec.exposures[cart.spec.delivery!.routerIndex!].traits.split;
    expect(router.by === 'weight' && router.maxBackends).toBe(5);
    const versioned = TrafficApp.define({
      ...cart.props,
      versions: { v2: { image: 'ghcr.io/acme/cart:3.1.0', weight: 5 } },
    });
    expect(definitionProblems(() => synthApps([versioned])).map((p) => p.field)).toContain('versions');
  });
});

describe('Flagger and a layer that reaches the pods through the app Service', () => {
  test("a Terraform NLB's TargetGroupBinding names Flagger's apex Service (joined), and CT-DELIVERY-013 says the canary gets none", () => {
    const app = TrafficApp.define({
      ...inventory.props,
      expose: [...inventory.props.expose!, TerraformLoadBalancer.nlb()],
    });
    const { chart } = synthApps([app]);
    const binding = appObject(chart, 'inventory', { kind: 'TargetGroupBinding' });
    const canary = spec(appObject(chart, 'inventory', { kind: 'Canary' }));
    expect(spec(binding).serviceRef).toEqual({ name: canary.service.name, port: canary.service.port });
    const warning = chart.warnings.find((w) => w.id === 'CT-DELIVERY-013')!;
    expect([warning.field, warning.message]).toEqual([
      'expose[1]',
      expect.stringContaining("the canary gets none of this layer's traffic until it is promoted"),
    ]);
  });

  test('a TargetGroupBinding patched to a port the Canary does not give the Service is caught (CT-K8S-020)', () => {
    const app = TrafficApp.define({
      ...inventory.props,
      expose: [...inventory.props.expose!, TerraformLoadBalancer.nlb()],
    });
    const chart = new TrafficChart(Testing.app(), 'test', { printWarnings: false, apps: [app] });
    const binding = chart
      .objectsOf(app)
      .all()
      .find((o) => o.kind === 'TargetGroupBinding')!;
    binding.addJsonPatch(JsonPatch.replace('/spec/serviceRef/port', 8443));
    expect(() => Testing.synth(chart)).toThrow(/CT-K8S-020.*which Flagger makes from the Canary inventory/s);
  });
});
