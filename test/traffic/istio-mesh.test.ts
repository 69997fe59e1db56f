import { Duration } from 'cdk8s';
import { Mesh, TrafficApp, TrafficAppProps, TrafficProfile } from '../../lib';
import { all, one, synthApp, synthApps } from '../support/k8s';
import { standard, streaming } from './fixtures';

describe('Istio mesh routing from the traffic policy', () => {
  // GIVEN a streaming app with a 1% canary, retries on 502, a canary header and outlier detection
  const objects = synthApp(streaming);
  const vs = one(objects, 'VirtualService', 'llm');
  const dr = one(objects, 'DestinationRule', 'llm');

  test('the VirtualService and DestinationRule are networking.istio.io/v1 in the app namespace', () => {
    expect(vs.apiVersion).toBe('networking.istio.io/v1');
    expect(dr.apiVersion).toBe('networking.istio.io/v1');
    expect(vs.metadata.namespace).toBe('ai');
    expect(vs.spec.hosts).toEqual(['llm.ai.svc.cluster.local']);
    expect(vs.spec.gateways).toBeUndefined();
  });

  test('the default route sends exactly 99/1 to the v1 and v2 subsets', () => {
    const route = vs.spec.http.find((h: { name: string }) => h.name === 'default').route;
    expect(route).toEqual([
      { destination: { host: 'llm.ai.svc.cluster.local', subset: 'v1', port: { number: 80 } }, weight: 99 },
      { destination: { host: 'llm.ai.svc.cluster.local', subset: 'v2', port: { number: 80 } }, weight: 1 },
    ]);
  });

  test('the canary header route comes first and sends everything to v2', () => {
    expect(vs.spec.http[0].name).toBe('canary-header');
    expect(vs.spec.http[0].match).toEqual([{ headers: { 'x-canary': { exact: 'true' } } }]);
    expect(vs.spec.http[0].route).toEqual([
      { destination: { host: 'llm.ai.svc.cluster.local', subset: 'v2', port: { number: 80 } } },
    ]);
  });

  test('both routes retry twice on 502, with no timeout (streaming)', () => {
    for (const h of vs.spec.http) {
      expect(h.retries).toEqual({ attempts: 2, retryOn: '502' });
      expect(h.timeout).toBeUndefined();
    }
  });

  test('the subsets select each version by its label, and those labels are on distinct Deployments', () => {
    expect(dr.spec.host).toBe('llm.ai.svc.cluster.local');
    expect(dr.spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } },
      { name: 'v2', labels: { version: 'v2' } },
    ]);
    const deployments = all(objects, 'Deployment');
    for (const s of dr.spec.subsets) {
      const d = deployments.filter((x) => x.spec.template.metadata.labels.version === s.labels.version);
      expect(d).toHaveLength(1);
    }
    // The host is the app Service, which selects every version's pods.
    const svc = one(objects, 'Service', 'llm');
    expect(svc.spec.selector).not.toHaveProperty('version');
  });

  test('least-request balancing, outlier detection and the streaming idle timeout', () => {
    expect(dr.spec.trafficPolicy.loadBalancer).toEqual({ simple: 'LEAST_REQUEST' });
    expect(dr.spec.trafficPolicy.outlierDetection).toEqual({
      consecutive5xxErrors: 5,
      interval: '10s',
      baseEjectionTime: '30s',
      maxEjectionPercent: 50,
    });
    expect(dr.spec.trafficPolicy.connectionPool).toEqual({ http: { idleTimeout: '600s' } });
  });
});

describe('Istio mesh routing of a standard app', () => {
  test('one version: no subsets, no weights, the 60 s request timeout, round robin', () => {
    const objects = synthApp(standard);
    const vs = one(objects, 'VirtualService', 'api');
    const dr = one(objects, 'DestinationRule', 'api');
    expect(vs.spec.http).toEqual([
      {
        name: 'default',
        route: [{ destination: { host: 'api.shop.svc.cluster.local', port: { number: 8080 } } }],
        timeout: '60s',
      },
    ]);
    expect(dr.spec.subsets).toBeUndefined();
    expect(dr.spec.trafficPolicy).toEqual({
      loadBalancer: { simple: 'ROUND_ROBIN' },
      connectionPool: { http: { idleTimeout: '60s' } },
    });
  });

  test('retries with a per-try timeout and conditions, connection pool, slow start as warm-up, HTTP/2 upgrade', () => {
    const objects = synthApp({
      ...standard,
      ports: [{ name: 'http', port: 8080, appProtocol: 'kubernetes.io/h2c' }],
      traffic: {
        requestTimeout: Duration.seconds(30),
        retry: { attempts: 3, perTryTimeout: Duration.seconds(5), on: [502, 503, 'reset', 'connect-failure'] },
        slowStart: Duration.seconds(60),
        connectionPool: {
          maxConnections: 100,
          maxPendingRequests: 10,
          maxConcurrentRequests: 200,
          maxRequestsPerConnection: 50,
        },
      },
    });
    const vs = one(objects, 'VirtualService', 'api');
    expect(vs.spec.http[0].retries).toEqual({
      attempts: 3,
      perTryTimeout: '5s',
      retryOn: '502,503,reset,connect-failure',
    });
    expect(vs.spec.http[0].timeout).toBe('30s');
    const tp = one(objects, 'DestinationRule', 'api').spec.trafficPolicy;
    expect(tp.loadBalancer).toEqual({ simple: 'ROUND_ROBIN', warmup: { duration: '60s' } });
    expect(tp.connectionPool).toEqual({
      tcp: { maxConnections: 100 },
      http: {
        idleTimeout: '60s',
        http1MaxPendingRequests: 10,
        http2MaxRequests: 200,
        maxRequestsPerConnection: 50,
        h2UpgradePolicy: 'UPGRADE',
      },
    });
  });

  test('a 0.5% canary is 995/5 (exact integers of 1000)', () => {
    const objects = synthApp({ ...standard, versions: { v2: { image: 'ghcr.io/acme/api:2.1.0', weight: 0.5 } } });
    const route = one(objects, 'VirtualService', 'api').spec.http[0].route;
    expect(route.map((r: { weight: number }) => r.weight)).toEqual([995, 5]);
  });

  test('hosts, gateways and port given explicitly', () => {
    const app: TrafficAppProps = {
      ...standard,
      service: {
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'admin', port: 9000, targetPort: 'http' },
        ],
      },
      expose: [Mesh.istio({ hosts: ['api.example.com'], gateways: ['istio-system/public'], port: 80 })],
    };
    const vs = one(synthApp(app), 'VirtualService', 'api');
    expect(vs.spec.hosts).toEqual(['api.example.com']);
    expect(vs.spec.gateways).toEqual(['mesh', 'istio-system/public']);
    expect(vs.spec.http[0].route[0].destination).toEqual({ host: 'api.shop.svc.cluster.local', port: { number: 80 } });
  });

  test('apps without the mesh exposure get no Istio objects', () => {
    const objects = synthApps([TrafficApp.define({ ...standard, expose: [] })]);
    expect(all(objects, 'VirtualService')).toHaveLength(0);
    expect(all(objects, 'DestinationRule')).toHaveLength(0);
  });

  test('the streaming profile with round-robin given explicitly', () => {
    const objects = synthApp({
      ...streaming,
      traffic: { profile: TrafficProfile.STREAMING, loadBalancing: 'round-robin' },
    });
    expect(one(objects, 'DestinationRule', 'llm').spec.trafficPolicy.loadBalancer).toEqual({ simple: 'ROUND_ROBIN' });
  });
});
