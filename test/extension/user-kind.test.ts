import { ApiObject, Duration, Testing as K8sTesting } from 'cdk8s';
import { App as TfApp } from 'cdktf';
import {
  AppSpec,
  DefinitionError,
  ExposureRendererEntry,
  ExposureSpec,
  IExposure,
  Problems,
  Rule,
  TrafficApp,
  TrafficChart,
  WorkloadSpec,
  NOT_APPLICABLE,
  outcome,
  runRules,
  traits,
  TrafficProfile,
} from '../../lib';
import { LoadBalancerStack } from '../../lib/aws';
import { Dataplane } from '../../lib';
import { web } from '../expose/support';

/**
 * What a user outside the library writes to add an exposure kind (a tunnel whose agent pods connect to the
 * app) and a rule of their own; nothing here is registered in module state.
 */
interface TunnelSpec extends ExposureSpec {
  readonly kind: 'acme-tunnel';
  readonly hostname: string;
}

class Tunnel implements IExposure {
  readonly kind = 'acme-tunnel';
  constructor(private readonly hostname: string) {}
  resolve(problems: Problems, field: string, w: WorkloadSpec): TunnelSpec {
    if (!this.hostname.includes('.'))
      problems.add(`${field}.hostname`, this.hostname, 'is not a DNS name', 'use e.g. "web.example.com"');
    const port = w.container.ports[0]?.port ?? 0;
    return {
      kind: 'acme-tunnel',
      name: `${w.name}-tunnel`,
      hostname: this.hostname,
      traits: traits({
        label: `tunnel "${this.hostname}"`,
        reach: 'internet',
        hosts: [{ host: this.hostname, paths: [] }],
        fronts: [
          {
            why: `${field} tunnel agents`,
            from: { kind: 'peer', peer: { kind: 'pods', namespace: 'tunnel', labels: { app: 'agent' } } },
            ports: [{ port, protocol: 'TCP' }],
            healthChecks: [],
          },
        ],
        settings: [{ field: `${field}.idleTimeoutSeconds`, name: 'idleTimeoutSeconds', value: 30 }],
      }),
    };
  }
}

const tunnelRenderer: ExposureRendererEntry = {
  render: (scope, id, app, e) =>
    new ApiObject(scope, id, {
      apiVersion: 'tunnel.acme.io/v1',
      kind: 'Tunnel',
      metadata: { name: e.name, namespace: app.namespace },
      spec: { hostname: (e as TunnelSpec).hostname, service: app.service?.name },
    }),
};

/** A user rule: every app names an owner. */
const ownerRule: Rule = {
  id: 'ACME-001',
  severity: 'error',
  description: 'Every app names its owning team.',
  check: (app: AppSpec) =>
    app.labels.team
      ? outcome([])
      : app.exposures.length === 0
        ? NOT_APPLICABLE
        : outcome([
            { field: 'labels.team', value: undefined, message: 'no owning team', fix: 'set `labels: { team: "..." }`' },
          ]),
};

const tunnelled = () =>
  TrafficApp.define({ ...web, expose: [new Tunnel('web.example.com')], dataplane: Dataplane.cilium() });

describe('a user-defined exposure kind registered on the chart', () => {
  test('GIVEN its renderer WHEN synthesized THEN its object is written, and the network policy admits the fronts its traits declare', () => {
    const app = tunnelled();
    const chart = new TrafficChart(K8sTesting.app(), 'test', {
      apps: [app],
      renderers: { 'acme-tunnel': tunnelRenderer },
    });
    const objects = chart.toJson();
    const tunnel = objects.find((o) => o.kind === 'Tunnel');
    expect(tunnel).toMatchObject({
      metadata: { name: 'web-tunnel', namespace: 'shop' },
      spec: { hostname: 'web.example.com', service: 'web' },
    });
    const policy = objects.find((o) => o.kind === 'CiliumNetworkPolicy');
    expect(policy.spec.ingress).toEqual([
      {
        fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'tunnel', 'k8s:app': 'agent' } }],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
    ]);
    // The escape hatch by the exposure's name.
    expect(chart.exposureConstruct(app, 'web-tunnel')).toBeInstanceOf(ApiObject);
  });

  test('a kind no renderer writes is a synth error naming the kind and the fix, never skipped', () => {
    let error: unknown;
    try {
      new TrafficChart(K8sTesting.app(), 'test', { apps: [tunnelled()] }).toJson();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as Error).message).toContain('[test/web] expose[0]: is of a kind no renderer of this chart writes');
    expect((error as Error).message).toContain('(received "acme-tunnel")');
    expect((error as Error).message).toContain("renderers: { 'acme-tunnel'");
  });

  test("GIVEN a renderer's check WHEN the written form would be wrong THEN its problem is reported with the model's, in one DefinitionError, under the exposure's field", () => {
    // The tunnel's agent writes the hostname into a label value: at most 63 characters (the renderer's concern).
    const checked: ExposureRendererEntry = {
      ...tunnelRenderer,
      check: (problems, field, _app, e) => {
        const hostname = (e as TunnelSpec).hostname;
        if (hostname.length > 63)
          problems.add(
            `${field}.hostname`,
            hostname,
            'is written as a label value, at most 63 characters',
            'use a shorter host name',
          );
      },
    };
    const long = `${'a'.repeat(60)}.example.com`;
    let error: unknown;
    try {
      new TrafficChart(K8sTesting.app(), 'test', {
        apps: [TrafficApp.define({ ...web, expose: [new Tunnel(long), new Tunnel('nodots')] })],
        renderers: { 'acme-tunnel': checked },
      }).toJson();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    const problems = (error as DefinitionError).problems.map((p) => `${p.field}: ${p.message}`);
    expect(problems).toContain('expose[1].hostname: is not a DNS name');
    expect(problems).toContain('expose[0].hostname: is written as a label value, at most 63 characters');
    expect((error as Error).message).toContain(
      `[test/web] expose[0].hostname: is written as a label value, at most 63 characters (received "${long}")`,
    );
    // A definition the check accepts is written.
    expect(
      new TrafficChart(K8sTesting.app(), 'test', { apps: [tunnelled()], renderers: { 'acme-tunnel': checked } })
        .toJson()
        .some((o) => o.kind === 'Tunnel'),
    ).toBe(true);
  });

  test("the traffic rules read the kind's traits: its 30 s idle timeout is held to the streaming profile's longest stream (CT-TRAFFIC-040)", () => {
    const app = TrafficApp.define({
      ...web,
      traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(5) },
      expose: [new Tunnel('web.example.com')],
    });
    const found = runRules(app.spec).filter((r) => r.ruleId === 'CT-TRAFFIC-040');
    expect(found.map((r) => [r.field, r.value])).toEqual([['expose[0].idleTimeoutSeconds', 30]]);
    expect(found[0].message).toContain('the idle timeout of tunnel "web.example.com" (30s)');
  });
});

describe('a user rule given to the chart and the stack', () => {
  test('GIVEN the same rule on TrafficChart and LoadBalancerStack THEN both report its error with the same path', () => {
    const app = TrafficApp.define({ ...web, expose: [new Tunnel('web.example.com')] });
    const k8s = (() => {
      try {
        new TrafficChart(K8sTesting.app(), 'shop', {
          apps: [app],
          rules: [ownerRule],
          renderers: { 'acme-tunnel': tunnelRenderer },
        }).toJson();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    const tf = (() => {
      try {
        new LoadBalancerStack(new TfApp({ outdir: '/tmp/cdk-traffic-ext-test' }), 'shop', {
          apps: [app],
          rules: [ownerRule],
        }).node.validate();
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    const line =
      '[shop/web] [ACME-001] labels.team: no owning team (received undefined). Fix: set `labels: { team: "..." }`';
    expect(k8s).toContain(line);
    expect(tf).toContain(line);
  });

  test('its findings are acknowledged by id like the library rules', () => {
    const app = TrafficApp.define({
      ...web,
      traffic: { acknowledge: { 'ACME-001': 'owned by the platform team, tracked elsewhere' } },
      expose: [new Tunnel('web.example.com')],
    });
    const chart = new TrafficChart(K8sTesting.app(), 'shop', {
      apps: [app],
      rules: [ownerRule],
      renderers: { 'acme-tunnel': tunnelRenderer },
    });
    expect(chart.warnings).toContainEqual(
      expect.objectContaining({ id: 'ACME-001', acknowledged: 'owned by the platform team, tracked elsewhere' }),
    );
  });
});
