import { Duration, Testing } from 'cdk8s';
import { Cloud, IngressExposure, LbIpamService, LoadBalancerService, TrafficApp, TrafficChart } from '../../lib';
import { K8sObject } from '../support/k8s';
import { base } from './support';

const sticky = {
  ports: [{ name: 'http', port: 80, targetPort: 'http' }],
  sessionAffinity: 'ClientIP' as const,
  sessionAffinityTimeout: Duration.hours(1),
};

function build(expose: Parameters<typeof TrafficApp.define>[0]['expose'], service: object = sticky) {
  const chart = new TrafficChart(Testing.app(), 'test', {
    apps: [TrafficApp.define({ ...base, service: service as never, expose })],
    printWarnings: false,
  });
  return { objects: chart.toJson() as K8sObject[], warnings: chart.warnings };
}

describe("the Service's ClientIP affinity (the settings table's stickiness column)", () => {
  test.each([
    ['GKE', () => LoadBalancerService.create({ cloud: Cloud.gke() })],
    ['AKS', () => LoadBalancerService.create({ cloud: Cloud.aks() })],
    ['Cilium LB IPAM', () => LbIpamService.create()],
  ])('GIVEN a LoadBalancer Service (%s) THEN it carries the affinity and its timeout, no warning', (_, e) => {
    const { objects, warnings } = build([e()]);
    const lb = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'web-lb')!;
    const app = objects.find((o) => o.kind === 'Service' && o.metadata.name === 'web')!;
    expect(lb.spec.sessionAffinity).toBe('ClientIP');
    expect(lb.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 3600 } });
    expect(lb.spec.sessionAffinityConfig).toEqual(app.spec.sessionAffinityConfig);
    expect(warnings.filter((w) => w.id === 'CT-TRAFFIC-032')).toEqual([]);
  });

  test('GIVEN no affinity THEN the LoadBalancer Service has none', () => {
    const { objects } = build([LbIpamService.create()], { ports: sticky.ports });
    expect(objects.find((o) => o.metadata.name === 'web-lb')!.spec.sessionAffinity).toBeUndefined();
  });

  test('GIVEN an Ingress of another class THEN warned CT-TRAFFIC-032 on the exposure (its proxy sends to the pods)', () => {
    const { warnings } = build([IngressExposure.withClass({ className: 'nginx', hosts: ['shop.example.com'] })]);
    const w = warnings.filter((x) => x.id === 'CT-TRAFFIC-032');
    expect(w).toHaveLength(1);
    expect(w[0].field).toBe('expose[0]');
    expect(w[0].message).toMatch(
      /^service\.sessionAffinity is declared, but Ingress "web" \(class nginx\) does not send/,
    );
  });

  test('GIVEN an ALB Ingress THEN CT-AWS-110 only (the ALB cookie), not CT-TRAFFIC-032', () => {
    const { warnings } = build([IngressExposure.alb({ hosts: ['shop.example.com'] })]);
    expect(warnings.map((w) => w.id)).toContain('CT-AWS-110');
    expect(warnings.filter((w) => w.id === 'CT-TRAFFIC-032')).toEqual([]);
  });
});
