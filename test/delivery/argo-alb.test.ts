import {
  Certificate,
  GatewayRouteExposure,
  IngressExposure,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
} from 'cdk-traffic';
import { appObject, appObjects, definitionProblems, synthApps, validateObjects, KubeObject } from 'cdk-traffic/testing';
import { appFacts } from '../../lib/map/from-specs';
import { cart, reviews, storefront } from '../../apps/delivered';

type Spec = Record<string, any>;
const spec = (o: KubeObject): Spec => o.spec as Spec;
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const base = (over: Partial<TrafficAppProps> = {}): TrafficAppProps => ({ ...cart.props, ...over });

describe('Argo Rollouts over an ALB Ingress (the cart example)', () => {
  const { chart, objects } = synthApps([cart]);
  const rollout = appObject(chart, 'cart', { kind: 'Rollout' });
  const deployment = appObject(chart, 'cart', { kind: 'Deployment' });
  const ingress = appObject(chart, 'cart', { kind: 'Ingress' });
  const services = appObjects(chart, 'cart', { kind: 'Service' });
  const canary = spec(rollout).strategy.canary;
  const alb = canary.trafficRouting.alb;
  const service = (name: string) => services.find((s) => s.metadata.name === name);

  test("trafficRouting.alb names the Ingress written, the app's Service as root and its one port", () => {
    expect(alb).toEqual({ ingress: ingress.metadata.name, rootService: 'cart', servicePort: 80 });
    expect(canary.trafficRouting.plugins).toBeUndefined();
    // servicePort is a port of the root, stable and canary Services (Argo's action forwards to it on both).
    for (const name of [alb.rootService, canary.stableService, canary.canaryService]) {
      const svc = service(name);
      expect([name, svc !== undefined]).toEqual([name, true]);
      expect(spec(svc!).ports.map((p: Spec) => p.port)).toContain(alb.servicePort);
      expect(matches(spec(svc!).selector, spec(deployment).template.metadata.labels)).toBe(true);
    }
  });

  test("the Ingress's paths name the root Service with the port use-annotation; the action is left to Argo", () => {
    const backends = spec(ingress).rules.flatMap((r: Spec) => r.http.paths.map((p: Spec) => p.backend));
    expect(backends).toEqual([{ service: { name: alb.rootService, port: { name: 'use-annotation' } } }]);
    const annotations = ingress.metadata.annotations ?? {};
    expect(Object.keys(annotations).filter((k) => k.startsWith('alb.ingress.kubernetes.io/actions.'))).toEqual([]);
    expect(annotations['cdk-traffic.io/delivery-driven']).toBe(
      'argo-rollouts: metadata.annotations["alb.ingress.kubernetes.io/actions.cart"] (and rollouts.argoproj.io/managed-alb-actions)',
    );
    expect(spec(ingress).ingressClassName).toBe('alb');
  });

  test('the stable and canary Services are ClusterIP for ip targets; the Deployment runs no pods', () => {
    expect([canary.stableService, canary.canaryService].map((n) => spec(service(n)!).type)).toEqual([
      'ClusterIP',
      'ClusterIP',
    ]);
    expect(spec(deployment).replicas).toBe(0);
    expect(spec(rollout).replicas).toBe(3);
  });

  test('the steps and the analysis are the declared ones', () => {
    expect(canary.steps.map((s: Spec) => Object.keys(s)[0])).toEqual([
      'setWeight',
      'pause',
      'setWeight',
      'analysis',
      'setWeight',
      'pause',
      'setWeight',
    ]);
    expect(canary.steps.filter((s: Spec) => s.setWeight).map((s: Spec) => s.setWeight)).toEqual([10, 30, 60, 100]);
    const templates = appObjects(chart, 'cart', { kind: 'AnalysisTemplate' }).map((t) => t.metadata.name);
    expect(templates.sort()).toEqual(['cart', 'cart-step']);
  });

  test('every object is valid against the Kubernetes and CRD schemas, with no warning', () => {
    expect(validateObjects(objects)).toEqual({ errors: [], unchecked: [] });
    expect(chart.warnings.map((w) => w.id)).toEqual([]);
  });

  test('the summary says the Ingress is written without the action Argo adds', () => {
    const rows = new Map(appFacts(cart.spec, []).delivery);
    expect(rows.get('controller')).toBe('Argo Rollouts, moving alb (expose[0])');
    expect(rows.get('Ingress cart')).toBe(
      'written by the library without metadata.annotations["alb.ingress.kubernetes.io/actions.cart"], which Argo Rollouts adds; Argo Rollouts changes metadata.annotations["alb.ingress.kubernetes.io/actions.cart"] (and rollouts.argoproj.io/managed-alb-actions)',
    );
  });
});

describe('the ALB router: instance targets, choice and refusals', () => {
  test('instance targets: the stable and canary Services get node ports, as the app Service has', () => {
    const app = TrafficApp.define(
      base({
        service: { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        expose: [IngressExposure.alb({ hosts: ['cart.example.com'], targetType: 'instance' })],
      }),
    );
    const { chart, objects } = synthApps([app]);
    const types = appObjects(chart, 'cart', { kind: 'Service' }).map((s) => [s.metadata.name, spec(s).type]);
    expect(types.sort()).toEqual([
      ['cart', 'NodePort'],
      ['cart-canary', 'NodePort'],
      ['cart-stable', 'NodePort'],
    ]);
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('a Gateway API route first in `expose` is the router; the ALB Ingress beside it is refused', () => {
    const app = TrafficApp.define(
      base({ expose: [storefront.props.expose![0], IngressExposure.alb({ hosts: ['cart.example.com'] })] }),
    );
    const problems = definitionProblems(() => synthApps([app]));
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['expose[1]', expect.stringContaining('splits by weight, but Argo Rollouts drives only expose[0]')],
    ]);
  });

  test('`router: "alb"` picks the ALB Ingress over a route listed first', () => {
    const app = TrafficApp.define(
      base({
        expose: [
          GatewayRouteExposure.http({ parents: [{ name: 'internal', namespace: 'gateways' }] }),
          IngressExposure.alb({ hosts: ['cart.example.com'] }),
        ],
        delivery: { ...cart.props.delivery!, router: 'alb' },
      }),
    );
    const problems = definitionProblems(() => synthApps([app]));
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['expose[0]', expect.stringContaining('splits by weight, but Argo Rollouts drives only expose[1]')],
    ]);
    // Without the route, the same ALB Ingress is the router the Rollout names.
    const alone = TrafficApp.define(base({ delivery: { ...cart.props.delivery!, router: 'alb' } }));
    expect(alone.spec.delivery?.alb).toEqual({
      ingress: 'cart',
      servicePort: 80,
      rootService: 'cart',
      nodePorts: false,
    });
  });

  test('a Terraform-managed ALB is no router: `router: "alb"` is refused, saying why', () => {
    const app = TrafficApp.define(
      base({
        expose: [TerraformLoadBalancer.alb({ hosts: ['cart.example.com'], certificate: Certificate.dnsValidated() })],
        delivery: { ...cart.props.delivery!, router: 'alb' },
      }),
    );
    const problems = definitionProblems(() => app.spec);
    expect(problems.map((p) => [p.field, p.value])).toEqual([['delivery.router', 'alb']]);
    expect(problems[0].fix).toContain('a Terraform-managed ALB cannot be moved by Argo Rollouts');
  });

  test('chosen from the exposures, a Terraform-managed ALB alone is refused with the routers the library drives', () => {
    const app = TrafficApp.define(
      base({
        expose: [TerraformLoadBalancer.alb({ hosts: ['cart.example.com'], certificate: Certificate.dnsValidated() })],
      }),
    );
    const problems = definitionProblems(() => app.spec);
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['expose[0]', expect.stringContaining('splits by weight in Terraform-managed target groups')],
    ]);
  });
});

describe('bad input of the ALB router', () => {
  const problemsOf = (over: Partial<TrafficAppProps>) =>
    definitionProblems(() => synthApps([TrafficApp.define(base(over))])).map((p) => ({
      field: p.field,
      value: p.value,
      message: p.message,
      fix: p.fix,
    }));

  test('paths to two Service ports: Argo splits one', () => {
    const problems = problemsOf({
      service: {
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'metrics', port: 9090, targetPort: 'metrics' },
        ],
      },
      expose: [
        IngressExposure.alb({
          hosts: ['cart.example.com'],
          paths: [{ path: '/' }, { path: '/metrics', port: 'metrics' }],
        }),
      ],
    });
    expect(problems).toEqual([
      {
        field: 'expose[0].paths',
        value: [80, 9090],
        message: expect.stringContaining("send to the Service ports 80 and 9090: Argo's forward action splits one"),
        fix: expect.stringContaining('one Service port'),
      },
    ]);
  });

  test('a default backend would bypass the steps', () => {
    expect(
      problemsOf({ expose: [IngressExposure.alb({ hosts: ['cart.example.com'], defaultBackend: true })] }),
    ).toEqual([
      expect.objectContaining({
        field: 'expose[0].defaultBackend',
        value: true,
        message: expect.stringContaining("Argo Rollouts' steps would be bypassed"),
      }),
    ]);
  });

  test('`router: "alb"` without an ALB Ingress, and with Flagger', () => {
    expect(
      problemsOf({ expose: [storefront.props.expose![0]], delivery: { ...cart.props.delivery!, router: 'alb' } }),
    ).toEqual([
      expect.objectContaining({
        field: 'delivery.router',
        value: 'alb',
        fix: expect.stringContaining('IngressExposure.alb'),
      }),
    ]);
    const flagger = definitionProblems(() =>
      synthApps([TrafficApp.define({ ...reviews.props, delivery: { ...reviews.props.delivery!, router: 'alb' } })]),
    );
    expect(flagger.map((p) => [p.field, p.value])).toEqual([['delivery.router', 'alb']]);
  });

  test('a router that is no router name, from JavaScript', () => {
    const problems = problemsOf({ delivery: { ...cart.props.delivery!, router: 'nginx' as never } });
    expect(problems.map((p) => [p.field, p.value])).toEqual([['delivery.router', 'nginx']]);
  });
});
