import { Testing } from 'cdk8s';
import { TrafficChart } from '../../lib';
import { orders, ordersCache } from '../../apps/orders';
import type { K8sObject } from '../support/k8s';
import { all, one } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';

describe('GIVEN the orders example (apps/orders.ts)', () => {
  const chart = new TrafficChart(Testing.app(), 'orders', { apps: [orders, ordersCache] });
  const objects = chart.toJson() as K8sObject[];
  const pod = one(objects, 'Deployment', 'orders').spec.template.spec;
  const sts = one(objects, 'StatefulSet', 'orders-cache');

  test('THEN every object passes the Kubernetes schemas, and the written-object checks pass (toJson runs them)', () => {
    expect(validateCore(objects)).toEqual({ errors: [], unchecked: [] });
  });

  test('THEN it has an init container, two native sidecars, a config volume and an IRSA ServiceAccount', () => {
    expect(
      pod.initContainers.map((c: { name: string; restartPolicy?: string }) => `${c.name}:${c.restartPolicy ?? 'init'}`),
    ).toEqual(['migrate:init', 'envoy:Always', 'logs:Always']);
    expect(pod.volumes.find((v: { name: string }) => v.name === 'config')).toEqual({
      name: 'config',
      configMap: { name: 'orders-config' },
    });
    expect(one(objects, 'ServiceAccount', 'orders').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/orders',
    });
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
      });
      expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'memory']);
      expect(c.resources.limits.memory).toEqual(expect.any(String));
    }
  });

  test("THEN the Ingress reaches the exposed sidecar through the Service, and the policy admits the sidecar's port", () => {
    const ingress = one(objects, 'Ingress', 'orders');
    expect(ingress.spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'orders', port: { name: 'https' } });
    expect(one(objects, 'Service', 'orders').spec.ports[0]).toMatchObject({
      name: 'https',
      port: 443,
      targetPort: 'proxy',
    });
    const admitted = one(objects, 'NetworkPolicy', 'orders').spec.ingress.flatMap((r: { ports: { port: number }[] }) =>
      r.ports.map((p) => p.port),
    );
    expect(admitted).toContain(8443);
    expect(admitted).not.toContain(2020);
  });

  test('THEN the cache is a StatefulSet singleton: its claim, a governing headless Service, no PDB, a 5 s grace period', () => {
    expect(sts.spec.serviceName).toBe('orders-cache-headless');
    expect(one(objects, 'Service', 'orders-cache-headless').spec.clusterIP).toBe('None');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(all(objects, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['orders']);
    expect(sts.spec.template.spec.terminationGracePeriodSeconds).toBe(5);
    expect(chart.objectsOf(ordersCache).workload().kind).toBe('StatefulSet');
  });
});
