import { inference } from '../../apps/inference';
import { selects } from '../../lib/k8s/chart-checks';
import { all, one, synthApps } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';

describe('the inference example', () => {
  // GIVEN the example app WHEN synthesized
  const objects = synthApps([inference]);

  test('v1 and v2 are distinct Deployments with their own version label and image', () => {
    const v1 = one(objects, 'Deployment', 'inference-v1');
    const v2 = one(objects, 'Deployment', 'inference-v2');
    expect(v1.spec.selector.matchLabels.version).toBe('v1');
    expect(v2.spec.selector.matchLabels.version).toBe('v2');
    expect(v1.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/llm-server:1.4.0');
    expect(v2.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/llm-server:1.5.0');
    expect(v1.spec.replicas).toBe(6);
    expect(v2.spec.replicas).toBe(1);
  });

  test('each per-version Service selects the pods of its own Deployment only', () => {
    const deployments = all(objects, 'Deployment');
    for (const [svc, dep] of [['inference-v1', 'inference-v1'], ['inference-v2', 'inference-v2']]) {
      const s = one(objects, 'Service', svc);
      const selected = deployments.filter((d) => selects(s.spec.selector, d.spec.template.metadata.labels));
      expect(selected.map((d) => d.metadata.name)).toEqual([dep]);
    }
  });

  test('the mesh sends exactly 1% to v2, retries 502 twice, has no request timeout, balances by least request', () => {
    const vs = one(objects, 'VirtualService', 'inference');
    const def = vs.spec.http.find((h: { name: string }) => h.name === 'default');
    expect(def.route.map((r: { destination: { subset: string }; weight: number }) => [r.destination.subset, r.weight])).toEqual([['v1', 99], ['v2', 1]]);
    expect(def.retries).toEqual({ attempts: 2, retryOn: '502' });
    expect(def.timeout).toBeUndefined();
    const dr = one(objects, 'DestinationRule', 'inference');
    expect(dr.spec.trafficPolicy.loadBalancer.simple).toBe('LEAST_REQUEST');
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(5);
    expect(dr.spec.trafficPolicy.connectionPool.http.idleTimeout).toBe('600s');
  });

  test('pods drain before SIGTERM and outlive the 600 s deregistration delay, under a disruption budget', () => {
    const spec = inference.spec;
    expect(spec.traffic.deregistrationDelaySeconds).toBe(600);
    for (const d of all(objects, 'Deployment')) {
      const pod = d.spec.template.spec;
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(spec.traffic.deregistrationDelaySeconds);
      expect(pod.containers[0].lifecycle.preStop.sleep.seconds).toBe(10);
    }
    expect(one(objects, 'PodDisruptionBudget', 'inference').spec.maxUnavailable).toBe(1);
  });

  test('every core object passes the Kubernetes schemas', () => {
    expect(validateCore(objects).errors).toEqual([]);
  });
});
