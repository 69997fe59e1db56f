import { gkeWebApps } from '../../apps/gke-web';
import { all, one, synthApps } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { validateCore } from '../support/validate-k8s';
import { readinessOf } from '../expose/support';

describe('apps/gke-web.ts', () => {
  const objects = synthApps(gkeWebApps);

  test('each HealthCheckPolicy probes the path and port of the readiness probe of the pods its Service selects', () => {
    const policies = all(objects, 'HealthCheckPolicy');
    expect(policies.map((p) => p.metadata.name).sort()).toEqual(['chat', 'shop-v7', 'shop-v8']);
    for (const p of policies) {
      const svc = one(objects, 'Service', p.spec.targetRef.name);
      const dep = all(objects, 'Deployment').find((d) =>
        Object.entries(svc.spec.selector).every(([k, v]) => d.spec.template.metadata.labels[k] === v),
      )!;
      const probe = readinessOf(objects, dep.metadata.name);
      expect({ name: p.metadata.name, ...p.spec.default.config.httpHealthCheck }).toEqual({
        name: p.metadata.name,
        port: probe.port,
        portSpecification: 'USE_FIXED_PORT',
        requestPath: probe.path,
      });
    }
  });

  test('the BackendConfig health check is the storefront readiness probe, linked from the NEG Service the Ingress uses', () => {
    const probe = readinessOf(objects, 'storefront');
    const bc = one(objects, 'BackendConfig', 'storefront');
    expect([bc.spec.healthCheck.requestPath, bc.spec.healthCheck.port]).toEqual([probe.path, probe.port]);
    const neg = one(
      objects,
      'Service',
      one(objects, 'Ingress', 'storefront').spec.rules[0].http.paths[0].backend.service.name,
    );
    expect(JSON.parse(neg.metadata.annotations!['cloud.google.com/backend-config'])).toEqual({ default: 'storefront' });
  });

  test('the streaming chat route: backend timeout and draining = the longest stream', () => {
    expect(one(objects, 'GCPBackendPolicy', 'chat').spec.default).toEqual({
      timeoutSec: 1800,
      connectionDraining: { drainingTimeoutSec: 1800 },
    });
  });

  test('valid: core kinds and every custom resource', () => {
    expect(validateCore(objects).errors).toEqual([]);
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });
});
