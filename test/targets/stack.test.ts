import { Testing } from 'cdktf';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp, TrafficTargets } from '../../lib';
import { LoadBalancerStack } from '../../lib/aws';
import { definitionProblems } from '../../lib/testing';
import { NETWORK } from '../aws/support';

// The Terraform side resolves and checks the apps for the same targets as the charts: declared on the cdktf App,
// overridden per stack.
const billing = TrafficApp.define({
  name: 'billing',
  namespace: 'billing',
  image: 'ghcr.io/acme/billing:1.9.2',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/healthz', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [TerraformLoadBalancer.alb({ hosts: ['billing.example.com'], certificate: Certificate.dnsValidated() })],
});

test('a LoadBalancerStack refuses what the App-declared targets cannot run, with the app path (CT-TARGET-001)', () => {
  const app = TrafficTargets.declare(Testing.app(), { awsLoadBalancerController: '2.10' });
  const problems = definitionProblems(() => new LoadBalancerStack(app, 'lb', { apps: [billing], network: NETWORK }));
  expect(problems.map((p) => [p.path, p.ruleId, p.field, p.value])).toEqual([
    ['lb/billing', 'CT-TARGET-001', 'expose[0]', 'AWS Load Balancer Controller 2.10'],
  ]);
});

test("a stack's own targets override the App's; a bad one is reported at the stack with its field", () => {
  const app = TrafficTargets.declare(Testing.app(), { awsLoadBalancerController: '2.10' });
  const ok = new LoadBalancerStack(app, 'lb', {
    apps: [billing],
    network: NETWORK,
    targets: { awsLoadBalancerController: '2.11' },
  });
  expect(ok.loadBalancers.size).toBe(1);
  const bad = definitionProblems(
    () =>
      new LoadBalancerStack(Testing.app(), 'lb', {
        apps: [billing],
        network: NETWORK,
        targets: { awsLoadBalancerController: '2.11.x' },
      }),
  );
  expect(bad.map((p) => [p.path, p.field, p.value])).toEqual([['lb', 'targets.awsLoadBalancerController', '2.11.x']]);
});
