import { Cloud, Dataplane, LoadBalancerService, LoadBalancerServiceExposure } from '../../lib';
import { one, synthApp } from '../support/k8s';
import { base, lineFor, problemsOf } from './support';

const office = ['203.0.113.0/24'];

describe('traffic forwarded by other nodes and a Kubernetes NetworkPolicy (CT-K8S-015)', () => {
  test('GIVEN externalTrafficPolicy Cluster and source ranges THEN refused, with nodeCidrs as the fix', () => {
    const lines = problemsOf([
      {
        ...base,
        expose: [
          LoadBalancerService.create({ sourceRanges: office, externalTrafficPolicy: 'Cluster', cloud: Cloud.gke() }),
        ],
        dataplane: Dataplane.kubernetes(),
      },
    ]);
    const l = lineFor(lines, 'web', 'expose[0]');
    expect(l).toContain('[CT-K8S-015]');
    expect(l).toContain('node addresses');
    expect(l).toContain('nodeCidrs');
  });

  test('GIVEN NLB instance targets and client CIDRs THEN refused the same way', () => {
    const lines = problemsOf([
      {
        ...base,
        expose: [LoadBalancerServiceExposure.nlb({ targetType: 'instance', sourceRanges: office })],
        dataplane: Dataplane.kubernetes(),
      },
    ]);
    expect(lineFor(lines, 'web', 'expose[0]')).toContain('node ports (instance targets)');
  });

  test('GIVEN nodeCidrs THEN the policy admits them on the pod port', () => {
    const objects = synthApp({
      ...base,
      expose: [
        LoadBalancerService.create({ sourceRanges: office, externalTrafficPolicy: 'Cluster', cloud: Cloud.gke() }),
      ],
      dataplane: Dataplane.kubernetes({ nodeCidrs: ['10.128.0.0/20'] }),
    });
    const rules = one(objects, 'NetworkPolicy').spec.ingress;
    const fromNodes = rules.filter((r: any) => r.from?.some((f: any) => f.ipBlock?.cidr === '10.128.0.0/20'));
    expect(fromNodes).toHaveLength(1);
    expect(fromNodes[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('GIVEN Local, or clients from anywhere, THEN accepted (no forwarding, or node addresses already admitted)', () => {
    expect(() =>
      synthApp({
        ...base,
        expose: [
          LoadBalancerService.create({ sourceRanges: office, externalTrafficPolicy: 'Local', cloud: Cloud.gke() }),
        ],
        dataplane: Dataplane.kubernetes(),
      }),
    ).not.toThrow();
    expect(() =>
      synthApp({
        ...base,
        expose: [LoadBalancerService.create({ externalTrafficPolicy: 'Cluster', cloud: Cloud.gke() })],
        dataplane: Dataplane.kubernetes(),
      }),
    ).not.toThrow();
  });

  test('GIVEN nodeCidrs that are no CIDRs THEN a problem on the field', () => {
    const lines = problemsOf([{ ...base, dataplane: Dataplane.kubernetes({ nodeCidrs: ['10.0.0.1/8'] }) }]);
    lineFor(lines, 'web', 'dataplane.nodeCidrs[0]');
  });
});
