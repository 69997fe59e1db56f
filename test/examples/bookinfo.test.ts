import * as fs from 'fs';
import * as path from 'path';
import { validateObjects } from '../../lib/testing';
import { bookinfoApps } from '../../apps/bookinfo';
import { all, one, synthApps } from '../support/k8s';
import type { K8sObject } from '../support/k8s';

// Issue 27 item 10: Bookinfo as upstream runs it with Istio (ambient), reviews v1/v2/v3 differing by environment.
const objects = synthApps(bookinfoApps);
const selects = (selector: Record<string, string>, labels: Record<string, string> | undefined) =>
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);
const envOf = (d: K8sObject) =>
  Object.fromEntries(
    (d.spec.template.spec.containers[0].env as { name: string; value: string }[]).map((e) => [e.name, e.value]),
  );
const podsOf = (selector: Record<string, string>) =>
  all(objects, 'Deployment').filter((d) => selects(selector, d.spec.template.metadata.labels));

describe('apps/bookinfo.ts', () => {
  test("reviews runs upstream's three versions, which differ by their environment as upstream's images do", () => {
    const envs = ['v1', 'v2', 'v3'].map((v) => envOf(one(objects, 'Deployment', `reviews-${v}`)));
    expect(envs.map((e) => [e.SERVICE_VERSION, e.ENABLE_RATINGS, e.STAR_COLOR])).toEqual([
      ['v1', 'false', 'black'],
      ['v2', 'true', 'black'],
      ['v3', 'true', 'red'],
    ]);
    for (const e of envs) expect(e.LOG_DIR).toBe('/tmp/logs');
    expect(
      ['v1', 'v2', 'v3'].map((v) => one(objects, 'Deployment', `reviews-${v}`).spec.template.spec.containers[0].image),
    ).toEqual([1, 2, 3].map((n) => `docker.io/istio/examples-bookinfo-reviews-v${n}:1.20.3`));
  });

  test('the waypoint splits reviews in thirds, each share to a Service that selects exactly that version', () => {
    const route = one(objects, 'HTTPRoute', 'reviews-mesh');
    expect(route.spec.parentRefs).toEqual([{ group: 'core', kind: 'Service', name: 'reviews', port: 9080 }]);
    const backends = route.spec.rules.at(-1).backendRefs as { name: string; port: number; weight: number }[];
    expect(backends.map((b) => [b.name, b.weight])).toEqual([
      ['reviews-v1', 334],
      ['reviews-v2', 333],
      ['reviews-v3', 333],
    ]);
    for (const [i, b] of backends.entries()) {
      const svc = one(objects, 'Service', b.name);
      expect(svc.spec.ports.map((p: { port: number }) => p.port)).toContain(b.port);
      expect(podsOf(svc.spec.selector).map((d) => d.metadata.name)).toEqual([`reviews-v${i + 1}`]);
    }
    const reviews = one(objects, 'Service', 'reviews');
    expect(reviews.metadata.labels?.['istio.io/use-waypoint']).toBe(one(objects, 'Gateway', 'waypoint').metadata.name);
    expect(podsOf(reviews.spec.selector)).toHaveLength(3);
    expect(one(objects, 'Namespace').metadata.labels?.['istio.io/dataplane-mode']).toBe('ambient');
  });

  test('each declared call: the caller reaches the waypoint on HBONE, the callee admits the waypoint, the mesh grants exactly the caller', () => {
    const calls = [
      ['productpage', 'details'],
      ['productpage', 'reviews'],
      ['reviews', 'ratings'],
    ];
    const waypointPods = { 'gateway.networking.k8s.io/gateway-name': 'waypoint' };
    const reaches = (rules: any[], key: 'to' | 'from') =>
      rules.some(
        (r) =>
          r[key]?.some((p: any) => selects(waypointPods, p.podSelector?.matchLabels)) &&
          r.ports.some((p: { port: number }) => p.port === 15008),
      );
    for (const [caller, callee] of calls) {
      expect(reaches(one(objects, 'NetworkPolicy', caller).spec.egress, 'to')).toBe(true);
      expect(reaches(one(objects, 'NetworkPolicy', callee).spec.ingress, 'from')).toBe(true);
      const grant = all(objects, 'AuthorizationPolicy').find((o) => o.metadata.name === `${callee}-from-${caller}`)!;
      const sa = one(objects, 'Deployment', caller === 'reviews' ? 'reviews-v1' : caller).spec.template.spec
        .serviceAccountName;
      expect(grant.spec.rules[0].from).toEqual([{ source: { principals: [`cluster.local/ns/bookinfo/sa/${sa}`] } }]);
      expect(grant.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: callee }]);
    }
    // The apps only others call admit no one else; productpage, behind the nginx Ingress (outside the mesh), has none.
    const own = all(objects, 'AuthorizationPolicy').filter((o) => !o.metadata.name.includes('-from-'));
    expect(own.map((o) => [o.metadata.name, o.spec.rules])).toEqual([
      ['details', undefined],
      ['reviews', undefined],
      ['ratings', undefined],
    ]);
    expect(all(objects, 'AuthorizationPolicy')).toHaveLength(6);
  });

  test('the shared Ingress reaches productpage through its Service, and its policy admits the nginx controller', () => {
    const ingress = one(objects, 'Ingress', 'bookinfo');
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    expect(backend).toEqual({ name: 'productpage', port: { name: 'http' } });
    const service = one(objects, 'Service', backend.name);
    expect(service.spec.ports.map((p: { name: string }) => p.name)).toContain(backend.port.name);
    const admitted = (one(objects, 'NetworkPolicy', 'productpage').spec.ingress as any[]).some((r) =>
      r.from.some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'ingress-nginx'),
    );
    expect(admitted).toBe(true);
  });

  test('no escape hatch, and the strict schemas accept every object', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'apps', 'bookinfo.ts'), 'utf8');
    expect(source).not.toMatch(/addJsonPatch|escapeHatch|ApiObject|JsonPatch/);
    expect(validateObjects(objects as never).errors).toEqual([]);
  });
});
