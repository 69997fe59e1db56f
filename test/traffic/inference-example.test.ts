import { inference } from '../../apps/inference';
import { selects } from '../../lib/resolve/app-checks';
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
    for (const [svc, dep] of [
      ['inference-v1', 'inference-v1'],
      ['inference-v2', 'inference-v2'],
    ]) {
      const s = one(objects, 'Service', svc);
      const selected = deployments.filter((d) => selects(s.spec.selector, d.spec.template.metadata.labels));
      expect(selected.map((d) => d.metadata.name)).toEqual([dep]);
    }
  });

  test('the mesh sends exactly 1% to v2, retries 502 twice, has no request timeout, balances by least request', () => {
    const vs = one(objects, 'VirtualService', 'inference');
    const def = vs.spec.http.find((h: { name: string }) => h.name === 'default');
    expect(
      def.route.map((r: { destination: { subset: string }; weight: number }) => [r.destination.subset, r.weight]),
    ).toEqual([
      ['v1', 99],
      ['v2', 1],
    ]);
    expect(def.retries).toEqual({ attempts: 2, retryOn: '502' });
    expect(def.timeout).toBeUndefined();
    const dr = one(objects, 'DestinationRule', 'inference');
    expect(dr.spec.trafficPolicy.loadBalancer.simple).toBe('LEAST_REQUEST');
    expect(dr.spec.trafficPolicy.outlierDetection.consecutive5xxErrors).toBe(5);
    expect(dr.spec.trafficPolicy.connectionPool.http.idleTimeout).toBe('600s');
  });

  test('the HTTPRoute sends exactly 1 of 100 to the v2 Service, retries 502 twice, and has no request timeout', () => {
    const route = one(objects, 'HTTPRoute', 'inference');
    const weighted = route.spec.rules.find((r: { matches?: unknown }) => r.matches === undefined);
    const weights = weighted.backendRefs.map((b: { name: string; weight: number }) => [b.name, b.weight]);
    expect(weights).toEqual([
      ['inference-v1', 99],
      ['inference-v2', 1],
    ]);
    expect(weighted.backendRefs.reduce((a: number, b: { weight: number }) => a + b.weight, 0)).toBe(100);
    for (const r of route.spec.rules) {
      expect(r.retry).toEqual({ attempts: 2, codes: [502] });
      expect(r.timeouts).toEqual({ request: '0s' });
    }
    // The header rule sends testers to v2 only.
    const header = route.spec.rules.find((r: { matches?: unknown }) => r.matches !== undefined);
    expect(header.matches).toEqual([{ headers: [{ name: 'x-canary', type: 'Exact', value: 'true' }] }]);
    expect(header.backendRefs).toEqual([{ name: 'inference-v2', port: 80 }]);
    // v2's backend is its own Service, selecting the v2 Deployment only (never Pod IPs).
    const v2svc = one(objects, 'Service', 'inference-v2');
    const selected = all(objects, 'Deployment').filter((d) =>
      selects(v2svc.spec.selector, d.spec.template.metadata.labels),
    );
    expect(selected.map((d) => d.metadata.name)).toEqual(['inference-v2']);
    expect(JSON.stringify(route)).not.toMatch(/\b\d+\.\d+\.\d+\.\d+\b/);
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

  test('on the Cilium dataplane: default deny, the Gateway, the ALB and the chat frontend in on 8080, the sidecar out to istiod', () => {
    const cnp = one(objects, 'CiliumNetworkPolicy', 'inference');
    expect(cnp.spec.enableDefaultDeny).toEqual({ ingress: true, egress: true });
    expect(cnp.spec.ingress).toEqual([
      { fromEntities: ['ingress'], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
      // The ALB connects from its own addresses in the VPC: the VPC's CIDR, never `world`.
      { fromCIDRSet: [{ cidr: '10.0.0.0/16' }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] },
      // The Istio ingress gateway of the InferencePool route, and each pool's endpoint picker (it scrapes metrics).
      {
        fromEndpoints: [
          { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'istio-ingress', 'k8s:istio': 'ingressgateway' } },
        ],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
      ...['v1', 'v2'].map((v) => ({
        fromEndpoints: [
          {
            matchLabels: {
              'k8s:app.kubernetes.io/name': `inference-${v}-epp`,
              'k8s:io.kubernetes.pod.namespace': 'ai',
            },
          },
        ],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      })),
      {
        fromEndpoints: [
          { matchLabels: { 'k8s:app.kubernetes.io/name': 'chat-frontend', 'k8s:io.kubernetes.pod.namespace': 'chat' } },
        ],
        toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }],
      },
    ]);
    expect(JSON.stringify(cnp.spec.egress)).toContain('"port":"15012"');
  });

  test('the model rollout: two InferencePools, each selecting its version on the http port, the route split 99/1 across them', () => {
    const route = one(objects, 'HTTPRoute', 'inference-models');
    const split = route.spec.rules.find((r: { backendRefs: unknown[] }) => r.backendRefs.length === 2);
    expect(split.backendRefs).toEqual([
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'inference-models-v1', weight: 99 },
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'inference-models-v2', weight: 1 },
    ]);
    expect(split.matches).toEqual([{ headers: [{ name: 'X-Gateway-Model-Name', type: 'Exact', value: 'acme-llm' }] }]);
    for (const v of ['v1', 'v2']) {
      const pool = one(objects, 'InferencePool', `inference-models-${v}`);
      const pods = one(objects, 'Deployment', `inference-${v}`).spec.template;
      for (const [k, val] of Object.entries(pool.spec.selector.matchLabels)) expect(pods.metadata.labels[k]).toBe(val);
      expect(pods.spec.containers[0].ports.map((p: { containerPort: number }) => p.containerPort)).toContain(
        pool.spec.targetPorts[0].number,
      );
      expect(one(objects, 'DestinationRule', `inference-${v}-epp-tls`).spec.host).toBe(
        pool.spec.endpointPickerRef.name + '.ai.svc.cluster.local',
      );
    }
  });

  test('every core object passes the Kubernetes schemas', () => {
    expect(validateCore(objects).errors).toEqual([]);
  });
});
