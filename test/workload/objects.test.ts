import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import {
  Dataplane,
  IngressExposure,
  LoadBalancerServiceExposure,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import type { K8sObject } from '../support/k8s';
import { errorOf } from '../support/k8s';

const web: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  replicas: 3,
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9090 },
  ],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  autoscaling: { maxReplicas: 6, cpuUtilization: 70 },
  expose: [
    IngressExposure.withClass({ name: 'web-public', className: 'nginx', hosts: ['web.example.com'] }),
    LoadBalancerServiceExposure.nlb({ name: 'web-nlb' }),
  ],
  dataplane: Dataplane.kubernetes(),
};

function chartOf(...apps: TrafficApp[]): TrafficChart {
  return new TrafficChart(Testing.app(), 'test', { apps });
}

/** The construct paths of every ApiObject of a chart, relative to the chart. */
const idsOf = (chart: TrafficChart) =>
  chart
    .objectsOf(chart.specs[0].name)
    .all()
    .map((o) => o.node.path)
    .sort();

describe('GIVEN TrafficChart.objectsOf(app)', () => {
  const app = TrafficApp.define(web);
  const chart = chartOf(app);
  const o = chart.objectsOf(app);
  const kindAndName = (x: { kind: string; metadata: { name?: string } }) => `${x.kind}/${x.metadata.name}`;

  test('THEN each role returns the typed object written to the manifest', () => {
    expect(kindAndName(o.workload())).toBe('Deployment/web');
    expect(kindAndName(o.deployment())).toBe('Deployment/web');
    expect(kindAndName(o.service!)).toBe('Service/web');
    expect(kindAndName(o.serviceAccount!)).toBe('ServiceAccount/web');
    expect(kindAndName(o.pdb!)).toBe('PodDisruptionBudget/web');
    expect(kindAndName(o.hpa!)).toBe('HorizontalPodAutoscaler/web');
    expect(kindAndName(o.networkPolicy!)).toBe('NetworkPolicy/web');
    expect(o.exposure('web-public').map(kindAndName)).toEqual(['Ingress/web-public']);
    expect(o.exposure('web-nlb').map(kindAndName)).toEqual(['Service/web-nlb']);
    expect(chart.objectsOf('web')).toBe(o);
  });

  test('THEN an unknown exposure or version is an error naming the known ones', () => {
    expect(() => o.exposure('nope')).toThrow(/no exposure named "nope" \(exposures: web-public, web-nlb\)/);
    expect(() => o.workload('v9')).toThrow(/no version "v9"/);
  });

  test('THEN construct ids do not depend on the order of `expose`', () => {
    const reordered = chartOf(TrafficApp.define({ ...web, expose: [...web.expose!].reverse() }));
    expect(idsOf(reordered)).toEqual(idsOf(chartOf(TrafficApp.define(web))));
  });

  test("THEN adding a version keeps the stable version's construct id", () => {
    const before = chartOf(TrafficApp.define(web)).objectsOf('web').workload().node.path;
    const withCanary = chartOf(
      TrafficApp.define({
        ...web,
        expose: [web.expose![0]],
        versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 5 } },
      }),
    ).objectsOf('web');
    expect(withCanary.workload().node.path).toBe(before);
    expect(withCanary.workload('v1').node.path).toBe(before);
    expect(withCanary.workload('v2').node.path).toBe('test/web/workload/deployment-v2');
    expect(withCanary.versionService('v2')?.metadata.name).toBe('web-v2');
  });

  test('THEN a patch through it is written', () => {
    const c = chartOf(TrafficApp.define(web));
    c.objectsOf('web')
      .workload()
      .addJsonPatch(JsonPatch.add('/spec/template/spec/hostAliases', [{ ip: '10.0.0.10', hostnames: ['legacy-db'] }]));
    const d = (c.toJson() as K8sObject[]).find((x) => x.kind === 'Deployment')!;
    expect(d.spec.template.spec.hostAliases).toEqual([{ ip: '10.0.0.10', hostnames: ['legacy-db'] }]);
  });
});

describe('GIVEN patches that break a reference, WHEN synthesized THEN the checks of the written objects report each one', () => {
  const synthError = (patch: (c: TrafficChart) => void): string[] => {
    const c = chartOf(TrafficApp.define(web));
    patch(c);
    const e = errorOf(() => c.toJson());
    return e.message
      .split('\n')
      .filter((l) => l.includes('[test/web]'))
      .map((l) => l.trim());
  };

  test('a sidecar added without resources or a Service port, its port missing from the network policy, a renamed port: all at once', () => {
    const lines = synthError((c) => {
      const o = c.objectsOf('web');
      o.workload().addJsonPatch(
        JsonPatch.add('/spec/template/spec/containers/-', {
          name: 'proxy',
          image: 'envoyproxy/envoy:v1.31.2',
          ports: [{ name: 'proxy', containerPort: 9901 }],
        }),
      );
      o.exposure('web-nlb')[0].addJsonPatch(
        JsonPatch.add('/spec/ports/-', { name: 'proxy', port: 9901, targetPort: 'proxy', protocol: 'TCP' }),
      );
      o.service!.addJsonPatch(JsonPatch.replace('/spec/ports/1/targetPort', 'prometheus'));
    });
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.includes('CT-K8S-013'))).toMatch(
      /Deployment\/web spec\.template\.spec\.containers\[1\]\.resources: container "proxy" has no requests\.cpu, requests\.memory, limits\.memory: .*\(received \{\}\)\. Fix: give every container/,
    );
    expect(lines.find((l) => l.includes('CT-K8S-012'))).toMatch(
      /NetworkPolicy\/web spec\.ingress: admits no traffic to container port 9901, which Service\/web-nlb spec\.ports\[2\] exposes.*Fix: admit port 9901/,
    );
    expect(lines.find((l) => l.includes('CT-K8S-011'))).toMatch(
      /Service\/web spec\.ports\[1\]\.targetPort: is not a port of the containers of Deployment\/web .*\(received "prometheus"\)\. Fix: /,
    );
  });

  test('a Service selector that no longer matches the pod labels', () => {
    const lines = synthError((c) =>
      c.objectsOf('web').service!.addJsonPatch(JsonPatch.replace('/spec/selector', { app: 'webb' })),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /\[CT-K8S-010\] Service\/web spec\.selector: selects no pod template of the app .*\(received \{"app":"webb"\}\)\. Fix: /,
    );
  });

  test('a probe port renamed on the container', () => {
    const lines = synthError((c) =>
      c
        .objectsOf('web')
        .workload()
        .addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/ports/0/name', 'web')),
    );
    // The Services and the probe referred to "http".
    expect(
      lines.some(
        (l) =>
          l.includes('[CT-K8S-014] Deployment/web spec.template.spec.containers[0].readinessProbe') &&
          l.includes('(received "http")'),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.includes('[CT-K8S-011] Service/web spec.ports[0].targetPort'))).toBe(true);
  });

  test('an object added by hand under the app is checked too', () => {
    const lines = synthError(
      (c) =>
        new ApiObject(c.objectsOf('web').scope, 'extra-service', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web-debug', namespace: 'shop' },
          spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ port: 5005, targetPort: 'debug' }] },
        }),
    );
    expect(lines).toEqual([
      expect.stringMatching(/\[CT-K8S-011\] Service\/web-debug spec\.ports\[0\]\.targetPort: .*\(received "debug"\)/),
    ]);
  });

  test('the unpatched app passes (so the checks above can pass)', () => {
    expect(() => chartOf(TrafficApp.define(web)).toJson()).not.toThrow();
  });
});
