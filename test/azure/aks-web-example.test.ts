import { aksWebApps } from '../../apps/aks-web';
import { all, one, synthApps } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { validateCore } from '../support/validate-k8s';
import { readinessOf } from '../expose/support';

describe('apps/aks-web.ts', () => {
  const objects = synthApps(aksWebApps);

  test('the internal Azure Load Balancer probes the readiness path of the orders pods', () => {
    const svc = one(objects, 'Service', 'orders-internal');
    const probe = readinessOf(objects, 'orders');
    expect(svc.metadata.annotations!['service.beta.kubernetes.io/port_80_health-probe_request-path']).toBe(probe.path);
    expect(svc.metadata.annotations!['service.beta.kubernetes.io/azure-load-balancer-internal']).toBe('true');
  });

  test("each Application Gateway for Containers HealthCheckPolicy is its pods' readiness probe", () => {
    const policies = all(objects, 'HealthCheckPolicy');
    expect(policies.map((p) => p.metadata.name).sort()).toEqual(['notify', 'shop-v7', 'shop-v8']);
    for (const p of policies) {
      const svc = one(objects, 'Service', p.spec.targetRef.name);
      const dep = all(objects, 'Deployment').find((d) =>
        Object.entries(svc.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      )!;
      const probe = readinessOf(objects, dep.metadata.name);
      expect([p.spec.default.http.path, p.spec.default.port]).toEqual([probe.path, probe.port]);
    }
  });

  test('a plain LoadBalancer Service (no cloud annotation) and the streaming RoutePolicy timeout', () => {
    const plain = one(objects, 'Service', 'notify-partners');
    expect(plain.metadata.annotations).toBeUndefined();
    expect(plain.spec.type).toBe('LoadBalancer');
    expect(one(objects, 'RoutePolicy', 'notify').spec.default.timeouts).toEqual({ routeTimeout: '1200s' });
  });

  test('valid: core kinds and every custom resource', () => {
    expect(validateCore(objects).errors).toEqual([]);
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });
});
