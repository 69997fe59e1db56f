import { ApiObject, App, JsonPatch } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import { DefinitionError, GatewayRouteExposure, IngressExposure, Probe, TrafficApp, TrafficChart } from '../../lib';
import { LoadBalancerStack } from '../../lib/aws';
import { catalog } from '../../apps/gateway-routed';
import { publicWebApps } from '../../apps/public-web';
import { problemsOf } from '../../lib/synth/synth-problems';
import { synthErrorLines as lines } from './support';

const chartOf = (...apps: TrafficApp[]) => new TrafficChart(new App(), 'test', { apps, printWarnings: false });

const routeOf = (c: TrafficChart) =>
  c
    .objectsOf(catalog)
    .exposure(c.objectsOf(catalog).exposureNames[0])
    .find((o) => o.kind === 'HTTPRoute')!;

describe('GIVEN the Gateway API example WHEN a patch breaks the route or the Service', () => {
  test('THEN the unpatched chart passes', () => {
    expect(() => chartOf(catalog).toJson()).not.toThrow();
  });

  test('THEN a Service port renumbered leaves the route backendRef on the old port: CT-K8S-020', () => {
    const c = chartOf(catalog);
    c.objectsOf(catalog).versionService('v5')!.addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 81));
    const found = lines(c);
    expect(found.length).toBeGreaterThan(0);
    expect(
      found.every((l) =>
        /\[test\/catalog\] \[CT-K8S-020\] HTTPRoute\/catalog spec\.rules\[\d\]\.backendRefs\[1\]\.port: is not a port of Service shop\/catalog-v5 \(ports: http \(81\)\)/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  test('THEN a route backendRef port patched is named with its patch', () => {
    const c = chartOf(catalog);
    routeOf(c).addJsonPatch(JsonPatch.replace('/spec/rules/0/backendRefs/0/port', 8080));
    const [l] = lines(c);
    expect(l).toMatch(
      /\[CT-K8S-020\] HTTPRoute\/catalog spec\.rules\[0\]\.backendRefs\[0\]\.port: is not a port of Service/,
    );
    expect(l).toContain('(the object carries the patches replace /spec/rules/0/backendRefs/0/port)');
  });

  test('THEN a parent listed twice and a header value with a line break are refused as the CRD would (CT-K8S-030, 031)', () => {
    const c = chartOf(catalog);
    const route = routeOf(c);
    route.addJsonPatch(
      JsonPatch.add('/spec/parentRefs/-', (route.toJson() as { spec: { parentRefs: unknown[] } }).spec.parentRefs[0]),
    );
    route.addJsonPatch(
      JsonPatch.add('/spec/rules/0/matches', [{ headers: [{ name: 'x-canary', value: 'on\nclick' }] }]),
    );
    const found = lines(c);
    expect(found.some((l) => /\[CT-K8S-030\] HTTPRoute\/catalog spec\.parentRefs: lists parent .* twice/.test(l))).toBe(
      true,
    );
    expect(
      found.some((l) =>
        /\[CT-K8S-031\] HTTPRoute\/catalog spec\.rules\[0\]\.matches\[0\]\.headers\[0\]\.value: holds a control character/.test(
          l,
        ),
      ),
    ).toBe(true);
  });
});

describe('the checks of the written objects hook into cdk8s without changing its objects', () => {
  test('after a synth that reported a patched object, no ApiObject has a toJson of its own and the prototype is cdk8s’s', () => {
    const toJson = ApiObject.prototype.toJson;
    const c = chartOf(catalog);
    c.objectsOf(catalog).versionService('v5')!.addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 81));
    expect(lines(c).some((l) => l.includes('CT-K8S-020'))).toBe(true);
    const objects = c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject);
    expect(objects.length).toBeGreaterThan(5);
    expect(objects.filter((o) => Object.prototype.hasOwnProperty.call(o, 'toJson')).map((o) => o.name)).toEqual([]);
    expect(ApiObject.prototype.toJson).toBe(toJson);
    // Each object's toJson is its class's own (cdk8s's, or a generated import's), read twice the same.
    for (const o of objects) expect(JSON.stringify(o.toJson())).toBe(JSON.stringify(o.toJson()));
  });
});

describe('GIVEN a Terraform load balancer', () => {
  const frontend = publicWebApps[0];

  test("WHEN a TargetGroupBinding's serviceRef.port is JSON-patched THEN the patched port is written, not dropped", () => {
    const c = chartOf(frontend);
    const [tgb] = c.objectsOf(frontend).targetGroupBindings;
    tgb.addJsonPatch(JsonPatch.replace('/spec/serviceRef/port', 'http'));
    const written = c.toJson().find((o: { kind: string }) => o.kind === 'TargetGroupBinding');
    expect(written.spec.serviceRef).toEqual({ name: expect.any(String), port: 'http' });
  });

  test("WHEN a target group is renamed with addOverride('name') and its health check path overridden THEN CT-AWS-020 names both", () => {
    const stack = new LoadBalancerStack(new TfApp(), 'web', { apps: publicWebApps, printWarnings: false });
    const tg = [...[...stack.loadBalancers.values()][0].targetGroups.values()][0];
    expect(problemsOf(stack)).toEqual([]);
    tg.addOverride('name', 'renamed');
    tg.addOverride('health_check.path', '/other');
    const found = problemsOf(stack).map((p) => `${p.ruleId} ${p.field} ${JSON.stringify(p.value)}`);
    expect(found).toEqual([
      expect.stringMatching(/^CT-AWS-020 aws_lb_target_group\.[a-z0-9-]+\.name "renamed"$/),
      expect.stringMatching(/^CT-AWS-020 aws_lb_target_group\.[a-z0-9-]+\.health_check\.path "\/other"$/),
    ]);
    expect(() => stack.node.validate()).toThrow(DefinitionError);
  });

  test("WHEN a target group's name and health check path are overridden THEN each CT-AWS-020 message gives the two values and its own reason", () => {
    const stack = new LoadBalancerStack(new TfApp(), 'web', { apps: publicWebApps, printWarnings: false });
    const tg = [...[...stack.loadBalancers.values()][0].targetGroups.values()][0];
    const name = [...[...stack.loadBalancers.values()][0].targetGroups.keys()][0];
    tg.addOverride('name', 'renamed');
    tg.addOverride('health_check.path', '/other');
    const [byName, byPath] = problemsOf(stack);
    expect(byName.message).toBe(
      `is written as "renamed" (an override) where the definition gives "${name}": the TargetGroupBinding names it and registers the pods by it (targetGroupName ${name}), so the two sides would no longer meet`,
    );
    expect(byPath.message).toMatch(
      /^is written as "\/other" \(an override\) where the definition gives "\/[^"]*": it is derived from the readiness probe of the pods, so the two sides would no longer meet$/,
    );
  });

  test('WHEN the port and health check are changed through the setters (no override) THEN CT-AWS-020 names both', () => {
    const stack = new LoadBalancerStack(new TfApp(), 'web', { apps: publicWebApps, printWarnings: false });
    const tg = [...[...stack.loadBalancers.values()][0].targetGroups.values()][0];
    const toTerraform = jest.spyOn(tg, 'toTerraform');
    tg.port = 8443;
    tg.healthCheck.port = '9000';
    const found = problemsOf(stack).map((p) => `${p.ruleId} ${p.field} ${JSON.stringify(p.value)}`);
    expect(found).toEqual([
      expect.stringMatching(/^CT-AWS-020 aws_lb_target_group\.[a-z0-9-]+\.port 8443$/),
      expect.stringMatching(/^CT-AWS-020 aws_lb_target_group\.[a-z0-9-]+\.health_check\.port "9000"$/),
    ]);
    // Without an override the inputs are read: the resource is serialized by the synth only.
    expect(toTerraform).not.toHaveBeenCalled();
  });

  test('WHEN an override sets a field back to the definition and another away from it THEN only the second is named', () => {
    const stack = new LoadBalancerStack(new TfApp(), 'web', { apps: publicWebApps, printWarnings: false });
    const tg = [...[...stack.loadBalancers.values()][0].targetGroups.values()][0];
    const toTerraform = jest.spyOn(tg, 'toTerraform');
    tg.port = 8443;
    tg.addOverride('port', stack.plans[0].targetGroups[0].targetGroup.port);
    tg.addOverride('target_type', 'instance');
    const found = problemsOf(stack).map((p) => `${p.ruleId} ${p.field} ${JSON.stringify(p.value)}`);
    expect(found).toEqual([
      expect.stringMatching(/^CT-AWS-020 aws_lb_target_group\.[a-z0-9-]+\.target_type "instance"$/),
    ]);
    // With an override, the written form is the serialized resource.
    expect(toTerraform).toHaveBeenCalled();
  });
});

describe('GIVEN an Ingress and a route that both default to the app name', () => {
  test('THEN objectsOf(app).exposure(name) returns the objects of both, each under its own construct', () => {
    const app = TrafficApp.define({
      ...catalog.props,
      versions: undefined,
      version: undefined,
      expose: [
        IngressExposure.withClass({ className: 'nginx', hosts: ['a.example.com'] }),
        GatewayRouteExposure.http({
          parents: [{ name: 'public', namespace: 'gateways' }],
          hostnames: ['b.example.com'],
        }),
      ],
    });
    expect(app.resolve().problems).toEqual([]);
    const o = chartOf(app).objectsOf(app);
    expect(o.exposureNames).toEqual(['catalog']);
    const objects = o.exposure('catalog');
    expect(objects.map((x) => x.kind).sort()).toEqual(['HTTPRoute', 'Ingress']);
    expect(new Set(objects.map((x) => x.node.path)).size).toBe(2);
  });
});

describe('GIVEN an app with no exposure (no health check derived from its probe) WHEN a health check is written on its Service by hand', () => {
  const plain = () =>
    TrafficApp.define({
      name: 'plain',
      image: 'ghcr.io/acme/plain:1.0.0',
      ports: [{ name: 'http', port: 8080 }],
      readiness: Probe.httpGet('/ready', { port: 'http' }),
      service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
  const NLB_PATH = 'service.beta.kubernetes.io/aws-load-balancer-healthcheck-path';

  test("THEN a path other than the readiness probe's is refused (CT-K8S-022)", () => {
    const app = plain();
    const c = chartOf(app);
    c.objectsOf(app).service!.metadata.addAnnotation(NLB_PATH, '/other');
    expect(lines(c)).toEqual([
      expect.stringMatching(
        /^\[test\/plain\] \[CT-K8S-022\] Service\/plain metadata\.annotations\.service\.beta\.kubernetes\.io\/aws-load-balancer-healthcheck-path: checks another endpoint than the readiness probe of Deployment\/plain \(port 8080, path \/ready\)/,
      ),
    ]);
  });

  test("THEN the readiness probe's own path passes", () => {
    const app = plain();
    const c = chartOf(app);
    c.objectsOf(app).service!.metadata.addAnnotation(NLB_PATH, '/ready');
    expect(c.toJson().length).toBe(4);
  });
});
