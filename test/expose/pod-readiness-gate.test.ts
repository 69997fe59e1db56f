import { IngressExposure, LoadBalancerServiceExposure } from '../../lib';
import { POD_READINESS_GATE_LABEL } from '../../lib/model/aws/pod-readiness-gate';
import { lineFor, problemsOf, synth, web } from './support';

const namespaceLabels = (objects: ReturnType<typeof synth>) =>
  objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'shop')!.metadata.labels ?? {};

describe('pod readiness gate: the namespace label that holds a rollout until new pods are healthy in the target group', () => {
  test.each([
    ['ALB Ingress', IngressExposure.alb()],
    ['NLB Service', LoadBalancerServiceExposure.nlb()],
  ])('GIVEN an %s with ip targets THEN the namespace is labelled for the controller', (_name, exposure) => {
    expect(namespaceLabels(synth({ ...web, expose: [exposure] }))[POD_READINESS_GATE_LABEL]).toBe('enabled');
  });

  test('GIVEN no load balancer exposure, instance targets or an explicit opt-out THEN no label', () => {
    expect(namespaceLabels(synth(web))[POD_READINESS_GATE_LABEL]).toBeUndefined();
    const nodePort = {
      ...web,
      service: { type: 'NodePort' as const, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    };
    expect(
      namespaceLabels(synth({ ...nodePort, expose: [IngressExposure.alb({ targetType: 'instance' })] }))[
        POD_READINESS_GATE_LABEL
      ],
    ).toBeUndefined();
    expect(
      namespaceLabels(synth({ ...web, expose: [LoadBalancerServiceExposure.nlb({ podReadinessGate: false })] }))[
        POD_READINESS_GATE_LABEL
      ],
    ).toBeUndefined();
  });

  test('GIVEN the default namespace (not managed by the chart) THEN an error with the fix, for ALB and NLB', () => {
    const lines = problemsOf({
      ...web,
      namespace: 'default',
      expose: [IngressExposure.alb(), LoadBalancerServiceExposure.nlb()],
    });
    expect(lineFor(lines, 'expose[0].podReadinessGate', 'true', 'does not manage the `default` namespace')).toContain(
      'podReadinessGate: false',
    );
    lineFor(lines, 'expose[1].podReadinessGate', 'true', 'does not manage the `default` namespace');
  });
});
