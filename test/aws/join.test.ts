import { Testing } from 'cdk8s';
import { Duration } from 'cdk8s';
import { Certificate, IngressExposure, Probe, TerraformLoadBalancer, TrafficApp, TrafficChart } from '../../lib';
import { publicWebApps } from '../../apps/public-web';
import { validateCore } from '../support/validate-k8s';
import type { K8sObject } from '../support/k8s';
import { resources, synthStack, TfJson, webApp } from './support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

function synthK8s(apps: readonly TrafficApp[]): K8sObject[] {
  return new TrafficChart(Testing.app(), 'test', { apps }).toJson() as K8sObject[];
}

/** Every cross-reference between the two outputs, for one set of apps. */
function crossCheck(apps: readonly TrafficApp[]): { tf: TfJson; objects: K8sObject[] } {
  const { tf } = synthStack(apps, { network: {} });
  const objects = synthK8s(apps);
  const tgs = Object.values(resources(tf, 'aws_lb_target_group'));
  const bindings = objects.filter((o) => o.kind === 'TargetGroupBinding');

  // Every TargetGroupBinding names a target group that Terraform defines, and every target group has one.
  expect(bindings.map((b) => b.spec.targetGroupName).sort()).toEqual(tgs.map((t) => t.name).sort());
  for (const b of bindings) {
    expect(b.apiVersion).toBe('elbv2.k8s.aws/v1beta1');
    expect(b.spec.targetType).toBe('ip');
    expect(b.metadata.name).toBe(b.spec.targetGroupName);
    // ... and points at a Service of the chart, in its namespace, on a port that Service has, whose
    // target port is the target group's port.
    const svc = objects.find(
      (o) =>
        o.kind === 'Service' &&
        o.metadata.name === b.spec.serviceRef.name &&
        o.metadata.namespace === b.metadata.namespace,
    );
    expect(svc).toBeDefined();
    const port = svc!.spec.ports.find((p: { port: number }) => p.port === b.spec.serviceRef.port);
    expect(port).toBeDefined();
    const tg = tgs.find((t) => t.name === b.spec.targetGroupName)!;
    const deployment = objects.find(
      (o) =>
        o.kind === 'Deployment' &&
        o.metadata.namespace === b.metadata.namespace &&
        Object.entries(svc!.spec.selector).every(([k, v]) => o.spec.template.metadata.labels[k] === v),
    )!;
    const container = deployment.spec.template.spec.containers[0];
    const containerPort = container.ports.find(
      (p: { name?: string; containerPort: number }) =>
        p.name === port.targetPort || p.containerPort === port.targetPort,
    );
    expect(containerPort.containerPort).toBe(tg.port);

    // Every target group's health check is its pods' readiness probe.
    const probe = container.readinessProbe;
    const hc = tg.health_check;
    expect(hc.path).toBe(probe.httpGet.path);
    const probePort =
      typeof probe.httpGet.port === 'number'
        ? probe.httpGet.port
        : container.ports.find((p: { name: string }) => p.name === probe.httpGet.port).containerPort;
    expect(hc.port).toBe(probePort === tg.port ? 'traffic-port' : String(probePort));
    expect(hc.protocol).toBe(probe.httpGet.scheme ?? 'HTTP');
    expect(hc.interval).toBe(probe.periodSeconds ?? 10);
    expect(hc.timeout).toBe(Math.max(2, probe.timeoutSeconds ?? 1));
    expect(hc.unhealthy_threshold).toBe(Math.max(2, probe.failureThreshold ?? 3));
    expect(hc.healthy_threshold).toBe(Math.max(2, probe.successThreshold ?? 1));
    expect(hc.matcher).toBe('200-399');

    // The pods outlive the deregistration delay.
    expect(deployment.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
      Number(tg.deregistration_delay),
    );
  }
  // No Terraform token in a manifest.
  expect(JSON.stringify(objects)).not.toMatch(/\$\{/);
  return { tf, objects };
}

describe('the join between cdk.tf.json and the manifests', () => {
  test('public-web example: bindings, Services, health checks and drain agree', () => {
    const { objects } = crossCheck(publicWebApps);
    expect(
      objects.filter((o) => o.kind === 'TargetGroupBinding').map((b) => [b.metadata.name, b.spec.serviceRef]),
    ).toEqual([
      ['public-web-frontend-80-v1', { name: 'frontend-v1', port: 80 }],
      ['public-web-frontend-80-v2', { name: 'frontend-v2', port: 80 }],
      ['public-web-api-80', { name: 'api', port: 80 }],
    ]);
  });

  test('the namespace enables the pod readiness gate', () => {
    const ns = synthK8s(publicWebApps).find((o) => o.kind === 'Namespace')!;
    expect(ns.metadata.labels).toMatchObject({ 'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled' });
  });

  test('clamped and port-differing probes still agree (timeout 1 s -> 2 s, successThreshold 1 -> 2, probe on another port)', () => {
    crossCheck([
      webApp({
        ports: [
          { name: 'http', port: 8080 },
          { name: 'health', port: 8081 },
        ],
        readiness: Probe.httpGet('/ready', { port: 'health', period: Duration.seconds(7), failureThreshold: 4 }),
        service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        expose: [TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
  });

  test('with an existing load balancer security group, each binding lets it in on the target (and health check) ports', () => {
    const objects = synthK8s([
      webApp({
        ports: [
          { name: 'http', port: 8080 },
          { name: 'health', port: 8081 },
        ],
        readiness: Probe.httpGet('/ready', { port: 'health' }),
        service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
        expose: [
          TerraformLoadBalancer.alb({
            hosts: ['web.example.com'],
            certificate: Certificate.fromArn(CERT),
            securityGroupId: 'sg-0123456789abcdef0',
          }),
        ],
      }),
    ]);
    const b = objects.find((o) => o.kind === 'TargetGroupBinding')!;
    expect(b.spec.networking).toEqual({
      ingress: [
        {
          from: [{ securityGroup: { groupID: 'sg-0123456789abcdef0' } }],
          ports: [
            { port: 8080, protocol: 'TCP' },
            { port: 8081, protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  test('without one, bindings carry no networking (Terraform writes the pod-side rule)', () => {
    const b = synthK8s(publicWebApps).filter((o) => o.kind === 'TargetGroupBinding');
    expect(b.every((o) => o.spec.networking === undefined)).toBe(true);
  });

  test('every core object of the example is schema-valid; bindings have the required fields', () => {
    const objects = synthK8s(publicWebApps);
    expect(validateCore(objects).errors).toEqual([]);
    for (const b of objects.filter((o) => o.kind === 'TargetGroupBinding')) {
      expect(Object.keys(b.spec).sort()).toEqual(['ipAddressType', 'serviceRef', 'targetGroupName', 'targetType']);
      expect(typeof b.spec.serviceRef.name).toBe('string');
      expect(b.spec.targetGroupName.length).toBeLessThanOrEqual(32);
    }
  });

  test('canary weights: the Terraform listener rule forwards with the same integer weights as the ALB Ingress action', () => {
    const splits: Record<string, { weight: number }>[] = [
      { v2: { weight: 10 } },
      { v2: { weight: 1 } },
      { v2: { weight: 0.5 } },
      { v2: { weight: 0.1 } },
      { v2: { weight: 12.5 } },
      { v2: { weight: 33.3 } },
      { v2: { weight: 0.5 }, v3: { weight: 2.5 } },
    ];
    for (const versions of splits) {
      const app = webApp({
        versions: Object.fromEntries(
          Object.entries(versions).map(([k, v], i) => [k, { ...v, image: `ghcr.io/acme/web:2.${i}.0` }]),
        ),
        expose: [
          TerraformLoadBalancer.alb({ hosts: ['web.example.com'], certificate: Certificate.fromArn(CERT) }),
          IngressExposure.alb({ hosts: ['web.example.com'], certificateArns: [CERT] }),
        ],
      });
      const rule = Object.values(resources(synthStack([app]).tf, 'aws_lb_listener_rule'))[0];
      const tfWeights = rule.action[0].forward.target_group.map((t: { weight: number }) => t.weight);
      const ingress = synthK8s([app]).find((o) => o.kind === 'Ingress')!;
      const action = JSON.parse(ingress.metadata.annotations!['alb.ingress.kubernetes.io/actions.weighted-80']);
      const ingressWeights = action.forwardConfig.targetGroups.map((t: { weight: number }) => t.weight);
      expect({ versions, weights: tfWeights }).toEqual({ versions, weights: ingressWeights });
      // exact: the canaries' share is the declared one
      const total = tfWeights.reduce((a: number, b: number) => a + b, 0);
      Object.values(versions).forEach((v, i) => expect(tfWeights[i + 1] / total).toBeCloseTo(v.weight / 100, 10));
    }
  });

  test('apps without a Terraform exposure get no binding', () => {
    expect(synthK8s([webApp()]).some((o) => o.kind === 'TargetGroupBinding')).toBe(false);
  });
});
