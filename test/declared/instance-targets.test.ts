import { Testing } from 'cdk8s';
import {
  IngressExposure,
  LoadBalancerServiceExposure,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { K8sObject, one } from '../support/k8s';
import { base } from './support';

/** Objects and warning ids of one app in a chart called "test". */
function build(props: TrafficAppProps, acknowledge?: Record<string, string>) {
  const chart = new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define(props)], acknowledge });
  return { objects: chart.toJson() as K8sObject[], warnings: chart.warnings.map((w) => `${w.id} ${w.message}`) };
}

const twoPorts: Pick<TrafficAppProps, 'ports' | 'readiness'> = {
  ports: [
    { name: 'http', port: 8080 },
    { name: 'admin', port: 8558 },
  ],
  readiness: Probe.httpGet('/ready', { port: 'admin' }),
};

/** A NodePort Service with the traffic port and the probe's port (with `nodePort` when given). */
const adminService = (nodePort?: number): TrafficAppProps['service'] => ({
  type: 'NodePort',
  ports: [
    { name: 'http', port: 80, targetPort: 'http' },
    { name: 'admin', port: 8558, targetPort: 'admin', ...(nodePort ? { nodePort } : {}) },
  ],
});

describe('instance targets: the health check reaches the probe (CT-AWS-111)', () => {
  test('GIVEN an NLB with instance targets and the probe on the traffic port THEN traffic-port, no warning', () => {
    const { objects, warnings } = build({
      ...base,
      service: { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      expose: [LoadBalancerServiceExposure.nlb({ targetType: 'instance' })],
    });
    const svc = one(objects, 'Service', 'web-nlb');
    expect(svc.metadata.annotations!['service.beta.kubernetes.io/aws-load-balancer-healthcheck-port']).toBe(
      'traffic-port',
    );
    expect(warnings.filter((w) => w.startsWith('CT-AWS-111'))).toEqual([]);
  });

  test('GIVEN an NLB with instance targets and the probe on another port THEN warned CT-AWS-111 naming both ports', () => {
    const { objects, warnings } = build({
      ...base,
      ...twoPorts,
      service: { ports: [{ name: 'http', port: 443, targetPort: 'http' }] },
      expose: [LoadBalancerServiceExposure.nlb({ targetType: 'instance' })],
    });
    const svc = one(objects, 'Service', 'web-nlb');
    expect(svc.metadata.annotations!['service.beta.kubernetes.io/aws-load-balancer-healthcheck-port']).toBe(
      'traffic-port',
    );
    const w = warnings.filter((x) => x.startsWith('CT-AWS-111'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('pod port 8080');
    expect(w[0]).toContain("probe's port 8558");
  });

  test('GIVEN a Service port to the probe port with a nodePort THEN the check goes to that node port, no warning', () => {
    const { objects, warnings } = build({
      ...base,
      ...twoPorts,
      service: adminService(30558),
      expose: [IngressExposure.alb({ hosts: ['shop.example.com'], targetType: 'instance', port: 'http' })],
    });
    const ing = one(objects, 'Ingress');
    expect(ing.metadata.annotations!['alb.ingress.kubernetes.io/healthcheck-port']).toBe('30558');
    expect(ing.metadata.annotations!['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/ready');
    expect(warnings.filter((w) => w.startsWith('CT-AWS-111'))).toEqual([]);
  });

  test('GIVEN an ALB Ingress with instance targets, the probe on another port and no nodePort THEN warned, acknowledgeable', () => {
    const props: TrafficAppProps = {
      ...base,
      ...twoPorts,
      service: adminService(),
      expose: [IngressExposure.alb({ hosts: ['shop.example.com'], targetType: 'instance', port: 'http' })],
    };
    const { objects, warnings } = build(props);
    expect(one(objects, 'Ingress').metadata.annotations!['alb.ingress.kubernetes.io/healthcheck-port']).toBe(
      'traffic-port',
    );
    expect(warnings.filter((w) => w.startsWith('CT-AWS-111'))).toHaveLength(1);
    const acked = build(props, { 'CT-AWS-111': 'the traffic port answers /ready too' });
    expect(acked.warnings.filter((w) => w.startsWith('CT-AWS-111'))).toHaveLength(1);
  });

  test('GIVEN ip targets THEN the probed pod port, no warning (unchanged)', () => {
    const { objects, warnings } = build({
      ...base,
      ...twoPorts,
      expose: [IngressExposure.alb({ hosts: ['shop.example.com'], port: 'http' })],
      service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    expect(one(objects, 'Ingress').metadata.annotations!['alb.ingress.kubernetes.io/healthcheck-port']).toBe('8558');
    expect(warnings.filter((w) => w.startsWith('CT-AWS-111'))).toEqual([]);
  });
});
