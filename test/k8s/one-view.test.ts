import { App, Testing } from 'cdk8s';
import { Dataplane, DefinitionError, IngressExposure, PodSecurity, TrafficApp, TrafficChart } from '../../lib';
import { web } from '../expose/support';

/** The charts of one cdk8s App form one view (hardening issue: `kubectl kustomize` over all of dist/). */
const namespaces = (app: App) => app.charts.flatMap((c) => c.toJson()).filter((o) => o.kind === 'Namespace');

describe('the charts of one App', () => {
  test('GIVEN two charts with apps in namespace shop THEN one Namespace object, carrying the labels both need', () => {
    const app = Testing.app();
    new TrafficChart(app, 'one', { apps: [TrafficApp.define({ ...web, name: 'a' })] });
    new TrafficChart(app, 'two', { apps: [TrafficApp.define({ ...web, name: 'b', expose: [IngressExposure.alb()] })] });
    const ns = namespaces(app);
    expect(ns).toHaveLength(1);
    expect(ns[0].metadata.name).toBe('shop');
    // The second chart's ALB asks for the pod readiness gate: the label is on the one Namespace.
    expect(ns[0].metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
    });
  });

  test('a Pod Security level conflict across charts is an error naming the apps', () => {
    const app = Testing.app();
    new TrafficChart(app, 'one', { apps: [TrafficApp.define({ ...web, name: 'a' })] });
    let error: unknown;
    try {
      new TrafficChart(app, 'two', {
        apps: [
          TrafficApp.define({
            ...web,
            name: 'b',
            security: PodSecurity.baseline({ reason: 'the image runs as root' }),
          }),
        ],
      }).toJson();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as Error).message).toContain(
      '[two/b] security: namespace shop is written by chart one with Pod Security "restricted" enforced (apps a)',
    );
  });

  test('the same app in two charts writes its objects twice: an error, not two copies', () => {
    const app = Testing.app();
    const shared = TrafficApp.define(web);
    new TrafficChart(app, 'one', { apps: [shared] });
    expect(() => new TrafficChart(app, 'two', { apps: [shared] }).toJson()).toThrow(
      /\[two\/web\] \[CT-K8S-002\] names: the Deployment "web" in namespace shop is also written by app "web"/,
    );
  });

  test('charts in different Apps do not see each other', () => {
    new TrafficChart(Testing.app(), 'one', { apps: [TrafficApp.define(web)] });
    expect(() => new TrafficChart(Testing.app(), 'two', { apps: [TrafficApp.define(web)] }).toJson()).not.toThrow();
  });
});

describe('network policies agree across apps', () => {
  const policy = (p: object) => Dataplane.cilium({ policy: p });
  test("GIVEN app a's egress to app b on 8080 WHEN b's policy admits only world THEN an error on a with the allowFrom fix", () => {
    const a = TrafficApp.define({
      ...web,
      name: 'a',
      dataplane: policy({
        egress: [{ toPods: { labels: { 'app.kubernetes.io/name': 'b' } }, ports: [{ port: 8080 }] }],
      }),
    });
    const b = TrafficApp.define({ ...web, name: 'b', dataplane: policy({}) });
    let msg = '';
    try {
      new TrafficChart(Testing.app(), 'test', { apps: [a, b] }).toJson();
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain(
      '[test/a] dataplane.policy.egress: allows calls to app "b" on port 8080, but its network policy admits no ingress from "a" there',
    );
    expect(msg).toContain(
      'Fix: add `allowFrom: [{ namespace: \'shop\', labels: {"app.kubernetes.io/name":"a"} }]` to the policy of "b"',
    );
  });

  test('GIVEN b admits a through allowFrom THEN no error', () => {
    const a = TrafficApp.define({
      ...web,
      name: 'a',
      dataplane: policy({
        egress: [{ toPods: { labels: { 'app.kubernetes.io/name': 'b' } }, ports: [{ port: 8080 }] }],
      }),
    });
    const b = TrafficApp.define({
      ...web,
      name: 'b',
      dataplane: policy({ allowFrom: [{ namespace: 'shop', labels: { 'app.kubernetes.io/name': 'a' } }] }),
    });
    expect(() => new TrafficChart(Testing.app(), 'test', { apps: [a, b] }).toJson()).not.toThrow();
  });
});
