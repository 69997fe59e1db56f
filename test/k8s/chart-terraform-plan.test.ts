import { Certificate, DefinitionError, Probe, TerraformLoadBalancer, TrafficApp, TrafficAppProps } from '../../lib';
import { errorOf, synthApps } from '../support/k8s';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const app = (name: string, extra: Partial<TrafficAppProps> = {}) =>
  TrafficApp.define({
    name,
    namespace: 'commerce-production',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    selectorLabels: { app: name },
    expose: [
      TerraformLoadBalancer.alb({
        loadBalancerName: `lb-${name.slice(-1)}`,
        hosts: [`${name}.example.com`],
        certificate: Certificate.fromArn(CERT),
      }),
    ],
    ...extra,
  });

describe('a Kubernetes-only synth is held to the Terraform plan: the TargetGroupBindings it writes name the planned target groups', () => {
  test('GIVEN two apps whose target group names collide after truncation THEN the chart fails, naming the app, field and fix', () => {
    const e = errorOf(() => synthApps([app('checkout-service-frontend-a'), app('checkout-service-frontend-b')]));
    expect(e).toBeInstanceOf(DefinitionError);
    const lines = e.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[test\/checkout-service-frontend-b\] expose\[0\]\.targetGroupName: .*also derived for app "checkout-service-frontend-a".*\(received "commerce-produ-checkout-servi-80"\)\. Fix: .*distinct `targetGroupName`/,
    );
  });

  test('GIVEN distinct names THEN one TargetGroupBinding each, named as planned', () => {
    const objects = synthApps([
      app('checkout-a', {
        expose: [
          TerraformLoadBalancer.alb({
            loadBalancerName: 'lb-a',
            targetGroupName: 'checkout-a',
            hosts: ['a.example.com'],
            certificate: Certificate.fromArn(CERT),
          }),
        ],
      }),
      app('checkout-b'),
    ]);
    expect(
      objects
        .filter((o) => o.kind === 'TargetGroupBinding')
        .map((o) => o.spec.targetGroupName)
        .sort(),
    ).toEqual(['checkout-a', 'commerce-productio-checkout-b-80']);
  });
});
