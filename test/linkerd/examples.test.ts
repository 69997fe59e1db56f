import { parseAllDocuments } from 'yaml';
import { Testing } from 'cdk8s';
import { TrafficChart } from '../../lib';
import { checkout } from '../../apps/linkerd-canary';
import { one } from '../support/k8s';
import type { K8sObject } from '../support/k8s';
import { isCustomResource, validateCrds } from '../support/validate-crd';
import { validateCore } from '../support/validate-k8s';

const objects = ((): K8sObject[] => {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const app = Testing.app();
    new TrafficChart(app, 'linkerd-canary', { apps: [checkout] });
    return parseAllDocuments(app.synthYaml())
      .map((d) => d.toJS() as K8sObject)
      .filter((o) => o?.kind);
  } finally {
    spy.mockRestore();
  }
})();

test('apps/linkerd-canary.ts: the HTTPRoute is parented by the app Service, splits 95/5 and retries on 502', () => {
  const route = one(objects, 'HTTPRoute', 'checkout-mesh');
  expect(route.spec.parentRefs).toEqual([{ group: 'core', kind: 'Service', name: 'checkout', port: 80 }]);
  expect(route.spec.rules.at(-1).backendRefs).toEqual([
    { name: 'checkout-v1', port: 80, weight: 95 },
    { name: 'checkout-v2', port: 80, weight: 5 },
  ]);
  expect(route.metadata.annotations).toMatchObject({
    'retry.linkerd.io/http': '502',
    'retry.linkerd.io/limit': '2',
    'retry.linkerd.io/timeout': '2s',
    'timeout.linkerd.io/request': '10s',
  });
  expect(one(objects, 'Namespace').metadata.annotations).toEqual({ 'linkerd.io/inject': 'enabled' });
  expect(one(objects, 'MeshTLSAuthentication').spec.identityRefs).toEqual([
    { kind: 'ServiceAccount', name: 'storefront', namespace: 'shop' },
  ]);
});

test('every object is valid: core kinds against Kubernetes, the route and Linkerd kinds against their CRDs', () => {
  expect(validateCore(objects.filter((o) => !isCustomResource(o))).errors).toEqual([]);
  const crds = validateCrds(objects, () => 'standard');
  expect(crds.errors).toEqual([]);
  expect(crds.unchecked).toEqual([]);
  expect(crds.checked).toEqual({
    'gateway.networking.k8s.io_v1_HTTPRoute.standard.json': 1,
    'policy.linkerd.io_v1beta3_Server.json': 1,
    'policy.linkerd.io_v1alpha1_MeshTLSAuthentication.json': 1,
    'policy.linkerd.io_v1alpha1_AuthorizationPolicy.json': 1,
  });
});
