import { Duration, Testing } from 'cdk8s';
import {
  GatewayRouteExposure,
  IExposure,
  IngressExposure,
  IngressProps,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { settingRow, TRAFFIC_SETTINGS } from '../../lib/model/traffic/layer-support';
import { all, K8sObject, one } from '../support/k8s';
import { lineFor, problemsOf, synth, web } from './support';

const parents = [{ name: 'public', namespace: 'gateways', sectionName: 'https' }];
const ingress: IngressProps = {
  className: 'nginx',
  hosts: ['shop.example.com'],
  paths: [{ path: '/api' }, { path: '/healthz', pathType: 'Exact' }],
};
/** Every traffic setting declared: a 10% canary, the canary header, request timeout, retries, the readiness probe. */
const app = (expose: IExposure): TrafficAppProps => ({
  ...web,
  versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } },
  traffic: {
    canaryHeader: { name: 'x-canary', value: 'on' },
    requestTimeout: Duration.seconds(30),
    retry: { attempts: 2 },
    idleTimeout: Duration.seconds(60),
  },
  expose: [expose],
});

function chartOf(props: TrafficAppProps, acknowledge?: Record<string, string>) {
  return new TrafficChart(Testing.app(), 'test', {
    printWarnings: false,
    apps: [TrafficApp.define(props)],
    ...(acknowledge ? { acknowledge } : {}),
  });
}

/** The pods (by Deployment) a Service selects. */
const selected = (objects: K8sObject[], service: string) => {
  const sel = one(objects, 'Service', service).spec.selector as Record<string, string>;
  return all(objects, 'Deployment')
    .filter((d) => Object.entries(sel).every(([k, v]) => d.spec.template.metadata.labels[k] === v))
    .map((d) => d.metadata.name)
    .sort();
};

describe('the way off ingress-nginx', () => {
  test('an Ingress of an nginx class is warned of (CT-NGINX-101, on its className); another class is not; acknowledged on the chart with a reason', () => {
    const warned = chartOf({ ...web, expose: [IngressExposure.withClass(ingress)] }).warnings;
    expect(warned.map((w) => [w.id, w.field])).toEqual([['CT-NGINX-101', 'expose[0].className']]);
    expect(warned[0].message).toContain('GatewayRouteExposure.fromIngress');
    expect(
      chartOf({ ...web, expose: [IngressExposure.withClass({ ...ingress, className: 'traefik' })] }).warnings,
    ).toEqual([]);
    const ack = chartOf(
      { ...web, expose: [IngressExposure.withClass(ingress)] },
      {
        'CT-NGINX-101': 'served by F5 NGINX Ingress Controller 5.2, which is maintained',
      },
    ).warnings;
    expect(ack.map((w) => [w.id, w.acknowledged])).toEqual([
      ['CT-NGINX-101', 'served by F5 NGINX Ingress Controller 5.2, which is maintained'],
    ]);
  });

  test('the one-line switch keeps every traffic setting: each one applied by the Ingress is applied by the route, and the route also applies the canary split, the header, the timeout and (Envoy Gateway) the retries', () => {
    const before = TrafficApp.define(app(IngressExposure.withClass(ingress))).spec.exposures[0].traits;
    const after = TrafficApp.define(
      app(GatewayRouteExposure.fromIngress(ingress, { parents, implementation: 'envoy-gateway' })),
    ).spec.exposures[0].traits;
    const rowBefore = settingRow(before);
    const rowAfter = settingRow(after);
    for (const s of TRAFFIC_SETTINGS)
      if (rowBefore[s].state === 'applied') expect([s, rowAfter[s].state]).toEqual([s, 'applied']);
    for (const s of [
      'canarySplit',
      'canaryHeader',
      'requestTimeout',
      'retries',
      'healthCheck',
      'deregistration',
    ] as const)
      expect([s, rowAfter[s].state]).toEqual([s, 'applied']);
    expect(after.hosts).toEqual(before.hosts);
  });

  test('… and the written values: same hosts, paths and match types, the same pods on the same port, the declared timeout and retries, the same readiness probe', () => {
    const b = synth(app(IngressExposure.withClass(ingress)));
    const a = synth(app(GatewayRouteExposure.fromIngress(ingress, { parents, implementation: 'envoy-gateway' })));
    const ing = one(b, 'Ingress', 'web');
    const route = one(a, 'HTTPRoute', 'web');
    expect(route.spec.hostnames).toEqual(ing.spec.rules.map((r: { host: string }) => r.host));
    const ingPaths = ing.spec.rules[0].http.paths.map((p: { path: string; pathType: string }) => [p.path, p.pathType]);
    const weighted = route.spec.rules.filter((r: { matches: { headers?: unknown }[] }) => !r.matches[0].headers);
    expect(
      weighted.map((r: { matches: { path: { value: string; type: string } }[] }) => [
        r.matches[0].path.value,
        r.matches[0].path.type,
      ]),
    ).toEqual(ingPaths.map(([p, t]: [string, string]) => [p, t === 'Exact' ? 'Exact' : 'PathPrefix']));
    // The Ingress' Service selects every version's pods; the route's backends (one per version) select the same pods.
    const ingSvc = ing.spec.rules[0].http.paths[0].backend.service;
    const routeSvcs = weighted[0].backendRefs.map((r: { name: string; port: number }) => r);
    expect(routeSvcs.flatMap((r: { name: string }) => selected(a, r.name)).sort()).toEqual(selected(b, ingSvc.name));
    const ingPort =
      ingSvc.port.number ??
      one(b, 'Service', ingSvc.name).spec.ports.find((p: { name: string }) => p.name === ingSvc.port.name).port;
    expect(new Set(routeSvcs.map((r: { port: number }) => r.port))).toEqual(new Set([ingPort]));
    expect(weighted[0].backendRefs.map((r: { weight: number }) => r.weight)).toEqual([90, 10]);
    expect(weighted[0].timeouts.request).toBe('30s');
    expect(one(a, 'BackendTrafficPolicy', 'web').spec.retry.numRetries).toBe(2);
    const probe = (objects: K8sObject[]) =>
      all(objects, 'Deployment').map((d) => d.spec.template.spec.containers[0].readinessProbe);
    expect(probe(a)).toEqual(probe(b));
  });

  test("what a route cannot carry: the Ingress' TLS is the Gateway's (CT-NGINX-102 unless the created Gateway holds the Secret), a default backend and ingress-nginx annotations are refused", () => {
    const tls = { ...ingress, tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] };
    expect(
      chartOf({ ...web, expose: [GatewayRouteExposure.fromIngress(tls, { parents })] }).warnings.map((w) => w.id),
    ).toEqual(['CT-NGINX-102']);
    const held = GatewayRouteExposure.fromIngress(tls, {
      gateway: {
        className: 'eg',
        listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, certificateSecrets: ['shop-tls'] }],
      },
    });
    expect(chartOf({ ...web, expose: [held] }).warnings).toEqual([]);
    const lines = problemsOf({
      ...web,
      expose: [
        GatewayRouteExposure.fromIngress(
          {
            ...ingress,
            defaultBackend: true,
            annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600' },
          },
          { parents },
        ),
      ],
    });
    lineFor(lines, 'expose[0].defaultBackend', 'true', 'no default backend');
    lineFor(
      lines,
      'expose[0].annotations.nginx.ingress.kubernetes.io/proxy-read-timeout',
      '"3600"',
      'ingress-nginx annotation',
    );
  });
});
