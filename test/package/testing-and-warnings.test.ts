// cdk-traffic/testing, the chart's warnings, the namespace prop, the printed error, the curated public API.
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import { Duration, Testing } from 'cdk8s';
import { Probe, TrafficApp, TrafficAppProps, TrafficChart } from 'cdk-traffic';
import * as api from 'cdk-traffic';
import {
  appObject,
  appObjects,
  definitionProblems,
  synthApps,
  synthChart,
  validateObjects,
  warningsOf,
} from 'cdk-traffic/testing';
import { publicWebApps } from '../../apps/public-web';

const props: TrafficAppProps = {
  name: 'api',
  namespace: 'shop',
  image: 'ghcr.io/acme/api:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
};
// CT-TRAFFIC-045 (warning): an idle timeout shorter than the request timeout.
const warned = TrafficApp.define({
  ...props,
  traffic: { idleTimeout: Duration.seconds(30), requestTimeout: Duration.seconds(90) },
});

describe('cdk-traffic/testing', () => {
  test("an app's objects by kind and role; one object or an error listing the app's objects", () => {
    const { chart, objects } = synthApps(publicWebApps);
    expect(objects.length).toBeGreaterThan(10);
    expect(appObjects(chart, 'frontend', { kind: 'Deployment' }).map((o) => o.metadata.name)).toEqual([
      'frontend-v1',
      'frontend-v2',
    ]);
    expect(appObject(chart, 'frontend', { kind: 'Deployment', role: 'deployment-v2' }).metadata.name).toBe(
      'frontend-v2',
    );
    expect(appObjects(chart, 'frontend', { role: 'terraform-lb-public-web' }).map((o) => o.kind)).toEqual([
      'TargetGroupBinding',
      'TargetGroupBinding',
    ]);
    expect(appObjects(chart, 'api', { kind: 'Namespace' })).toEqual([]); // the chart's, not the app's
    expect(() => appObject(chart, 'frontend', { kind: 'Ingress' })).toThrow(
      /found 0 \(the app's objects: ServiceAccount\/frontend, Deployment\/frontend-v1/,
    );
    expect(() => appObjects(chart, 'nope')).toThrow('has no app "nope" (apps: frontend, api)');
  });

  test('objects validate against the Kubernetes and CRD schemas; an invalid one is reported', () => {
    const { objects } = synthApps(publicWebApps);
    const r = validateObjects(objects);
    expect(r).toEqual({ errors: [], unchecked: [] });
    const broken = objects.map((o) =>
      o.kind === 'Deployment' ? { ...o, spec: { ...(o.spec as object), replicas: 'two' } } : o,
    );
    const tgb = objects.find((o) => o.kind === 'TargetGroupBinding')!;
    const errors = validateObjects([...broken, { ...tgb, spec: { ...(tgb.spec as object), colour: 'blue' } }]).errors;
    expect(errors).toEqual([
      expect.stringMatching(/^Deployment\/frontend-v1: /),
      expect.stringMatching(/^Deployment\/frontend-v2: /),
      expect.stringMatching(/^Deployment\/api: /),
      expect.stringMatching(/^TargetGroupBinding\/public-web-frontend-80-v1 .*unknown field "colour"/),
    ]);
    expect(
      validateObjects([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]).unchecked,
    ).toEqual(['example.com/v1 Widget']);
  });

  test('problems with their paths, warnings of a whole app', () => {
    const problems = definitionProblems(
      () => new TrafficChart(Testing.app(), 'c', { apps: [TrafficApp.define({ ...props, replicas: -1 })] }),
    );
    expect(problems).toEqual([expect.objectContaining({ path: 'c/api', field: 'replicas', value: -1 })]);
    expect(() => definitionProblems(() => undefined)).toThrow('expected a DefinitionError');
    const app = Testing.app();
    new TrafficChart(app, 'one', { apps: [warned], printWarnings: false });
    new TrafficChart(app, 'two', {
      apps: [TrafficApp.define({ ...warned.props, name: 'other', selectorLabels: { app: 'other' } })],
      printWarnings: false,
    });
    expect(warningsOf(app).map((w) => `${w.path} ${w.id}`)).toEqual([
      'one/api CT-TRAFFIC-045',
      'two/other CT-TRAFFIC-045',
    ]);
  });
});

describe('warnings of TrafficChart', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    delete process.env.CDK_TRAFFIC_SILENCE_WARNINGS;
    process.env.CDK_TRAFFIC_QUIET = '0'; // print under jest too (quiet by default in tests)
  });
  afterEach(() => {
    warn.mockRestore();
    process.env.CDK_TRAFFIC_SILENCE_WARNINGS = '1';
    delete process.env.CDK_TRAFFIC_QUIET;
  });

  test('listed with their ids and paths, printed once when the chart is built, not again at synth', () => {
    const chart = new TrafficChart(Testing.app(), 'c', { apps: [warned] });
    expect(chart.warnings).toEqual([
      expect.objectContaining({ id: 'CT-TRAFFIC-045', path: 'c/api', field: 'traffic.idleTimeout' }),
    ]);
    synthChart(chart);
    expect(warn.mock.calls).toEqual([
      [expect.stringMatching(/^\[c\/api\] \[CT-TRAFFIC-045\] warning: traffic\.idleTimeout: .*\. Fix: /)],
    ]);
  });

  test('silenced by printWarnings: false, CDK_TRAFFIC_SILENCE_WARNINGS=1, CDK_TRAFFIC_QUIET=1 or a test runner; still listed', () => {
    expect(new TrafficChart(Testing.app(), 'c', { apps: [warned], printWarnings: false }).warnings).toHaveLength(1);
    delete process.env.CDK_TRAFFIC_QUIET; // under jest: quiet by default
    expect(new TrafficChart(Testing.app(), 'c', { apps: [warned] }).warnings).toHaveLength(1);
    process.env.CDK_TRAFFIC_QUIET = '1';
    const jestWorker = process.env.JEST_WORKER_ID;
    delete process.env.JEST_WORKER_ID; // as outside a test runner
    try {
      expect(new TrafficChart(Testing.app(), 'c', { apps: [warned] }).warnings).toHaveLength(1);
    } finally {
      process.env.JEST_WORKER_ID = jestWorker;
    }
    delete process.env.CDK_TRAFFIC_QUIET;
    process.env.CDK_TRAFFIC_SILENCE_WARNINGS = '1';
    expect(new TrafficChart(Testing.app(), 'c', { apps: [warned] }).warnings).toHaveLength(1);
    expect(warn).not.toHaveBeenCalled();
    // the prop wins over the environment
    new TrafficChart(Testing.app(), 'c', { apps: [warned], printWarnings: true });
    expect(warn).toHaveBeenCalledTimes(1);
  });

  test('acknowledged on the chart with a reason: printed with it; an id no warning carries is an error', () => {
    const chart = new TrafficChart(Testing.app(), 'c', {
      apps: [warned],
      acknowledge: { 'CT-TRAFFIC-045': 'the gateway keeps connections alive' },
    });
    expect(chart.warnings[0].acknowledged).toBe('the gateway keeps connections alive');
    expect(warn.mock.calls[0][0]).toMatch(
      /^\[c\/api\] \[CT-TRAFFIC-045\] acknowledged: the gateway keeps connections alive \(traffic\.idleTimeout: /,
    );
    expect(
      definitionProblems(
        () =>
          new TrafficChart(Testing.app(), 'c', {
            apps: [warned],
            acknowledge: { 'CT-TRAFFIC-046': 'a reason long enough', 'CT-TRAFFIC-045': 'no' },
          }),
      ).map((p) => `${p.path} ${p.field}: ${p.message}`),
    ).toEqual([
      'c acknowledge.CT-TRAFFIC-046: no warning with this id was raised, so it would acknowledge nothing',
      'c acknowledge.CT-TRAFFIC-045: an acknowledgement needs a reason of a few words',
    ]);
  });
});

describe('small traps', () => {
  test("TrafficChart refuses cdk8s's chart-wide namespace, with the fix", () => {
    const problems = definitionProblems(
      () => new TrafficChart(Testing.app(), 'c', { apps: [warned], namespace: 'shop' } as never),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: 'c',
        field: 'namespace',
        value: 'shop',
        fix: expect.stringContaining('set `namespace` on each app'),
      }),
    ]);
  });

  test('a DefinitionError prints its problems once (its fields are not enumerable), and keeps them readable', () => {
    let error: unknown;
    try {
      new TrafficChart(Testing.app(), 'c', {
        apps: [TrafficApp.define({ ...props, replicas: -1, image: '' })],
      }).toJson();
    } catch (e) {
      error = e;
    }
    const printed = inspect(error);
    expect(printed.match(/\[c\/api\] replicas:/g)).toHaveLength(1);
    expect(printed).not.toMatch(/problems: \[/);
    expect((error as api.DefinitionError).problems).toHaveLength(2);
    expect((error as api.DefinitionError).paths).toEqual(['c/api', 'c/api']);
  });
});

describe('the public API', () => {
  test('names what users write and read, not internal helpers', () => {
    for (const name of [
      'TrafficApp',
      'TrafficChart',
      'Probe',
      'IngressExposure',
      'GatewayRouteExposure',
      'TerraformLoadBalancer',
      'Certificate',
      'HealthCheck',
      'Dataplane',
      'DefinitionError',
      'TRAFFIC_RULES',
      'CiliumCluster',
    ]) {
      expect(api).toHaveProperty(name);
    }
    for (const name of [
      'seconds',
      'toMap',
      'parseIpv4',
      'sortKeysDeep',
      'integerWeights',
      'resolveApp',
      'awsName',
      'planLoadBalancers',
      'showValue',
    ]) {
      expect(api).not.toHaveProperty(name);
    }
  });

  test('entry points list their names: no `export *`; the examples import only the package entry points', () => {
    for (const f of ['lib/index.ts', 'lib/aws/index.ts', 'lib/testing/index.ts']) {
      expect(fs.readFileSync(path.join(__dirname, '../..', f), 'utf8')).not.toMatch(/^export \*/m);
    }
    const apps = path.join(__dirname, '../../apps');
    for (const f of fs.readdirSync(apps).filter((x) => x.endsWith('.ts'))) {
      const specifiers = [...fs.readFileSync(path.join(apps, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect({ f, deep: specifiers.filter((s) => s.includes('lib')) }).toEqual({ f, deep: [] });
    }
  });
});
