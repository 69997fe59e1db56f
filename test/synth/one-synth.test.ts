import { App, Chart, JsonPatch, Testing } from 'cdk8s';
import {
  CiliumCluster,
  Dataplane,
  DefinitionError,
  IngressExposure,
  KubeProxyCluster,
  LoadBalancerServiceExposure,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  collectProblems,
  writeCiliumValues,
  writeKubeProxyConfigs,
  synthAll,
} from '../../lib';
import * as fs from 'fs';
import { appObjects } from '../../lib/testing';
import { errorOf } from '../support/k8s';
import { synthErrorLines } from './support';

const web: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  expose: [
    IngressExposure.withClass({ name: 'web-public', className: 'nginx', hosts: ['web.example.com'] }),
    LoadBalancerServiceExposure.nlb({ name: 'web-nlb' }),
  ],
  dataplane: Dataplane.kubernetes(),
};
const bad = (name: string) => TrafficApp.define({ ...web, name, replicas: -1 });
/** A mistaken app in its own namespace (its exposures' names do not clash with `web`'s). */
const badElsewhere = (name: string) => TrafficApp.define({ ...web, name, namespace: 'other', replicas: -1 });

/** The `[path] field` of every problem of the one error a synth throws. */
function problemsOf(fn: () => unknown): string[] {
  const e = errorOf(fn);
  expect(e).toBeInstanceOf(DefinitionError);
  const d = e as DefinitionError;
  return d.problems.map((p, i) => `[${d.paths?.[i] ?? d.path}] ${p.field}`);
}

/** A cdk8s App writing into a fresh temporary folder (nothing else is set: collecting problems is the default). */
const collecting = () => Testing.app();

describe('GIVEN several constructs with one mistake each WHEN synthesized THEN one error lists all', () => {
  test('two charts', () => {
    const app = collecting();
    new TrafficChart(app, 'a', { apps: [bad('web')], printWarnings: false });
    new TrafficChart(app, 'b', { apps: [bad('api')], printWarnings: false });
    expect(problemsOf(() => app.synth())).toEqual(['[a/web] replicas', '[b/api] replicas']);
  });

  test('a CiliumCluster and a chart', () => {
    const app = collecting();
    new CiliumCluster(new Chart(app, 'cilium'), 'cluster', { chartVersion: 'nope' } as never);
    new TrafficChart(app, 'a', { apps: [bad('web')], printWarnings: false });
    const found = problemsOf(() => app.synth());
    expect(found.some((p) => p.startsWith('[cilium/cluster] '))).toBe(true);
    expect(found).toContain('[a/web] replicas');
  });

  test('a KubeProxyCluster and a chart', () => {
    const app = collecting();
    new KubeProxyCluster(app, 'kube-proxy', { mode: 'nope' } as never);
    new TrafficChart(app, 'a', { apps: [bad('web')], printWarnings: false });
    const found = problemsOf(() => app.synth());
    expect(found.some((p) => p.startsWith('[kube-proxy] '))).toBe(true);
    expect(found).toContain('[a/web] replicas');
  });

  test('a synth-time mistake (a patch) and an app mistake, across two Apps through synthAll', () => {
    const one = collecting();
    const chart = new TrafficChart(one, 'a', { apps: [TrafficApp.define(web)], printWarnings: false });
    chart.objectsOf('web').service!.addJsonPatch(JsonPatch.replace('/spec/selector', { app: 'webb' }));
    const two = collecting();
    new TrafficChart(two, 'b', { apps: [bad('api')], printWarnings: false });
    expect(problemsOf(() => synthAll([one, two]))).toEqual(['[a/web] Service/web spec.selector', '[b/api] replicas']);
  });

  test('a synth-time mistake (a patch) and an app mistake in one App', () => {
    const app = collecting();
    const chart = new TrafficChart(app, 'a', { apps: [TrafficApp.define(web)], printWarnings: false });
    chart.objectsOf('web').service!.addJsonPatch(JsonPatch.replace('/spec/selector', { app: 'webb' }));
    new TrafficChart(app, 'b', { apps: [badElsewhere('api')], printWarnings: false });
    expect(problemsOf(() => app.synth())).toEqual(['[a/web] Service/web spec.selector', '[b/api] replicas']);
  });

  test('construction never throws a definition mistake; the failed chart writes nothing, the others keep theirs', () => {
    const app = collecting();
    const good = new TrafficChart(app, 'good', { apps: [TrafficApp.define(web)], printWarnings: false });
    const failed = new TrafficChart(app, 'a', { apps: [bad('web')], printWarnings: false });
    expect(failed.specs).toEqual([]);
    expect(failed.node.children).toEqual([]);
    expect(good.objectsOf('web').service).toBeDefined();
  });

  test('a failed App writes no file, not even the charts without a mistake', () => {
    const app = collecting();
    new TrafficChart(app, 'good', { apps: [TrafficApp.define(web)], printWarnings: false });
    new TrafficChart(app, 'z', { apps: [badElsewhere('api')], printWarnings: false });
    expect(problemsOf(() => app.synth())).toEqual(['[z/api] replicas']);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });

  test('a later chart whose written objects fail their checks (a patch): no file written, the earlier charts neither', () => {
    const app = collecting();
    new TrafficChart(app, 'a-good', { apps: [TrafficApp.define(web)], printWarnings: false });
    const later = new TrafficChart(app, 'z-patched', {
      apps: [TrafficApp.define({ ...web, namespace: 'other' })],
      printWarnings: false,
    });
    later.objectsOf('web').service!.addJsonPatch(JsonPatch.replace('/spec/selector', { app: 'webb' }));
    expect(problemsOf(() => app.synth())).toEqual(['[z-patched/web] Service/web spec.selector']);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
    // without the patch, both charts are written
    const fine = collecting();
    new TrafficChart(fine, 'a-good', { apps: [TrafficApp.define(web)], printWarnings: false });
    new TrafficChart(fine, 'z-patched', {
      apps: [TrafficApp.define({ ...web, namespace: 'other' })],
      printWarnings: false,
    });
    fine.synth();
    expect(fs.readdirSync(fine.outdir).filter((f) => f.endsWith('.k8s.yaml'))).toEqual([
      'a-good.k8s.yaml',
      'z-patched.k8s.yaml',
    ]);
  });

  test('the error is reported on the construct path the problems share', () => {
    const app = collecting();
    new TrafficChart(app, 'a', { apps: [bad('web'), bad('api')], printWarnings: false });
    expect(errorOf(() => app.synth()).message).toMatch(/^4 problem\(s\) in a:\n {2}\[a\/web\] replicas/);
    const two = collecting();
    new TrafficChart(two, 'a', { apps: [bad('web')], printWarnings: false });
    new TrafficChart(two, 'b', { apps: [bad('api')], printWarnings: false });
    expect(errorOf(() => two.synth()).message).toMatch(/^2 problem\(s\) in synth:\n/);
  });

  test('collectProblems is kept for compatibility: the same problems, the same App', () => {
    const app = Testing.app();
    expect(collectProblems(app)).toBe(app);
    new TrafficChart(app, 'a', { apps: [bad('web')], printWarnings: false });
    new TrafficChart(app, 'b', { apps: [bad('api')], printWarnings: false });
    expect(problemsOf(() => app.synth())).toEqual(['[a/web] replicas', '[b/api] replicas']);
  });
});

describe('GIVEN a patch through the escape hatches that breaks a join WHEN synthesized THEN a problem names the object, the field and the patch', () => {
  const lines = (patch: (c: TrafficChart) => void): string[] => {
    const c = new TrafficChart(new App(), 'test', { apps: [TrafficApp.define(web)], printWarnings: false });
    patch(c);
    return synthErrorLines(c);
  };

  test('the unpatched app passes', () => {
    expect(() => new TrafficChart(new App(), 'test', { apps: [TrafficApp.define(web)] }).toJson()).not.toThrow();
  });

  test('a Service renamed: the Ingress backend dangles (CT-K8S-020)', () => {
    const found = lines((c) => c.objectsOf('web').service!.addJsonPatch(JsonPatch.replace('/metadata/name', 'web2')));
    expect(found.find((l) => l.includes('CT-K8S-020'))).toMatch(
      /Ingress\/web-public spec\.rules\[0\]\.http\.paths\[0\]\.backend\.service\.name: names Service shop\/web, which the chart does not write/,
    );
  });

  test('an ALB health check path added with metadata.addAnnotation (CT-K8S-022)', () => {
    const found = lines((c) =>
      c
        .objectsOf('web')
        .exposure('web-public')[0]
        .metadata.addAnnotation('alb.ingress.kubernetes.io/healthcheck-path', '/other'),
    );
    expect(found.find((l) => l.includes('CT-K8S-022'))).toMatch(
      /Ingress\/web-public metadata\.annotations\.alb\.ingress\.kubernetes\.io\/healthcheck-path: checks another endpoint than the readiness probe of Deployment\/web \(port 8080, path \/health\)/,
    );
  });

  test('the readiness path patched: the derived health checks keep the old one (CT-K8S-021), the patch named', () => {
    const found = lines((c) =>
      c
        .objectsOf('web')
        .workload()
        .addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/readinessProbe/httpGet/path', '/ready')),
    );
    const l = found.find((x) => x.includes('CT-K8S-021'));
    expect(l).toMatch(
      /Deployment\/web spec\.template\.spec\.containers\[0\]\.readinessProbe: is not the endpoint the health checks of exposure "web-(public|nlb)" were derived from \(port 8080, path \/health\)/,
    );
    expect(l).toContain(
      'the object carries the patches replace /spec/template/spec/containers/0/readinessProbe/httpGet/path',
    );
  });

  test('a network policy rule removed: caught by its source, not only its port (CT-K8S-023)', () => {
    const found = lines((c) => c.objectsOf('web').networkPolicy!.addJsonPatch(JsonPatch.remove('/spec/ingress/0')));
    expect(found.some((l) => l.includes('[CT-K8S-023] NetworkPolicy/web spec.ingress: no longer admits'))).toBe(true);
  });

  test('a label value the API server refuses (CT-K8S-030)', () => {
    const found = lines((c) => c.objectsOf('web').workload().metadata.addLabel('team', 'web team'));
    expect(found).toEqual([
      expect.stringMatching(
        /\[test\/web\] \[CT-K8S-030\] Deployment\/web metadata\.labels\.team: value does not begin and end with a letter or digit/,
      ),
    ]);
  });

  test('a Service port name the API server refuses and a duplicate port (CT-K8S-030)', () => {
    const found = lines((c) =>
      c
        .objectsOf('web')
        .service!.addJsonPatch(JsonPatch.add('/spec/ports/-', { name: 'http', port: 80, targetPort: 'http' })),
    );
    expect(found.some((l) => /\[CT-K8S-030\] Service\/web spec\.ports: lists port name "http" twice/.test(l))).toBe(
      true,
    );
  });
});

describe('GIVEN a chart with a mistake WHEN its objects are asked for THEN the mistakes, not a missing app', () => {
  test('objectsOf (to patch) and appObjects throw the DefinitionError the synth would', () => {
    const app = Testing.app();
    const chart = new TrafficChart(app, 'a', { apps: [bad('web')], printWarnings: false });
    for (const ask of [() => chart.objectsOf('web'), () => appObjects(chart, 'web')]) {
      const e = errorOf(ask);
      expect(e).toBeInstanceOf(DefinitionError);
      expect((e as DefinitionError).problems.map((p) => p.field)).toContain('replicas');
    }
  });
});

describe('GIVEN an App with a mistake WHEN the files beside the manifests are written THEN the mistakes, no file', () => {
  test('writeCiliumValues and writeKubeProxyConfigs, called without app.synth(), throw the DefinitionError', () => {
    const app = Testing.app();
    new CiliumCluster(new Chart(app, 'cilium'), 'cluster', { chartVersion: 'nope' } as never);
    const proxy = Testing.app();
    new KubeProxyCluster(proxy, 'kube-proxy', { mode: 'nope' } as never);
    for (const [write, a] of [
      [writeCiliumValues, app],
      [writeKubeProxyConfigs, proxy],
    ] as const) {
      expect(errorOf(() => write(a))).toBeInstanceOf(DefinitionError);
      expect(fs.readdirSync(a.outdir)).toEqual([]);
    }
  });

  test("a KubeProxyCluster with mistakes gives no configuration: its documents throw the App's DefinitionError", () => {
    const cluster = new KubeProxyCluster(Testing.app(), 'kube-proxy', { mode: 'nope' } as never);
    for (const ask of [() => cluster.toKubeProxyConfiguration(), () => cluster.toEksConfigurationValues()]) {
      const e = errorOf(ask);
      expect(e).toBeInstanceOf(DefinitionError);
      expect((e as DefinitionError).problems.map((p) => p.field)).toContain('mode');
    }
  });
});
