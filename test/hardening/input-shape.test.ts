import { execFileSync } from 'child_process';
import path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { App as TfApp, Testing as TfTesting } from 'cdktf';
import {
  Cloud,
  LoadBalancerService,
  CiliumCluster,
  Certificate,
  DefinitionError,
  IngressExposure,
  Mesh,
  Probe,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { LoadBalancerStack } from '../../lib/aws';
import { NETWORK } from '../aws/support';

const base: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
};

/** Props as a JavaScript caller writes them: no type-check. */
function js(extra: Record<string, unknown>): TrafficAppProps {
  return { ...base, ...extra } as unknown as TrafficAppProps;
}

/** The DefinitionError's problems of one app, as `field: message (received ...). Fix: ...` lines. */
function problemsOf(props: TrafficAppProps): string[] {
  let error: unknown;
  try {
    new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define(props)] }).toJson();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DefinitionError);
  return (error as DefinitionError).problems.map(
    (p) => `${p.field}: ${p.message} (received ${JSON.stringify(p.value)}). Fix: ${p.fix}`,
  );
}

/** Exactly one problem on `field`, with the value received and a fix. */
function one(lines: string[], field: string, text?: string): string {
  const found = lines.filter((l) => l.startsWith(`${field}: `));
  if (found.length !== 1) throw new Error(`expected one problem on ${field}, got:\n${lines.join('\n')}`);
  if (text) expect(found[0]).toContain(text);
  expect(found[0]).toMatch(/Fix: \S+/);
  return found[0];
}

describe('the input check: wrong runtime types are problems, never a TypeError', () => {
  test('a string where a list belongs is one problem, not one per character', () => {
    const lines = problemsOf(js({ command: 'nginx -g daemon off;', writablePaths: '/tmp' }));
    expect(one(lines, 'command', 'not one string')).toContain('["nginx","-g","daemon","off;"]');
    one(lines, 'writablePaths', 'not one string');
    expect(lines).toHaveLength(2);
  });

  test('a map key "__proto__" (as JSON.parse makes it) is refused, not dropped', () => {
    const lines = problemsOf(js({ podLabels: JSON.parse('{"__proto__": "x", "tier": "web"}') }));
    one(lines, 'podLabels.__proto__', 'cannot be carried');
    expect(lines).toHaveLength(1);
  });

  test('Probe.exec with a string', () => {
    const lines = problemsOf(js({ readiness: Probe.exec('cat /tmp/ready' as unknown as string[]) }));
    expect(one(lines, 'readiness.command', 'not one string')).toContain('["cat","/tmp/ready"]');
    expect(lines).toHaveLength(1);
  });

  test('ports, versions, retry and enums of the wrong type', () => {
    const lines = problemsOf(
      js({
        ports: '8080',
        versions: { v2: null },
        traffic: { retry: { attempts: 2, on: '502' } },
        service: { sessionAffinity: 'Cookie' },
        liveness: Probe.httpGet('/live', { scheme: 'FTP' as 'HTTP' }),
      }),
    );
    one(lines, 'ports', 'a list of objects');
    one(lines, 'versions.v2', 'must be an object');
    one(lines, 'traffic.retry.on', 'not one string');
    one(lines, 'service.sessionAffinity', 'one of "None", "ClientIP"');
    one(lines, 'liveness.scheme', 'one of "HTTP", "HTTPS"');
  });

  test('exposure props: strings for lists, strings for booleans, unknown fields', () => {
    const lines = problemsOf(
      js({
        ports: [{ name: 'http', port: 8080 }],
        expose: [
          IngressExposure.alb({
            hosts: 'shop.example.com',
            certificateArns: 'arn:aws:acm:eu-west-1:123456789012:certificate/x',
            deletionProtection: 'yes',
          } as never),
          Mesh.istio({ hosts: 'web.shop' } as never),
          TerraformLoadBalancer.alb({
            internal: 'false',
            certificate: Certificate.dnsValidated({ alternativeNames: 'a.example.com' as never }),
            hostz: ['a.example.com'],
          } as never),
        ],
      }),
    );
    one(lines, 'expose[0].hosts', 'not one string');
    one(lines, 'expose[0].certificateArns', 'not one string');
    one(lines, 'expose[0].deletionProtection', 'a boolean');
    one(lines, 'expose[1].hosts', 'not one string');
    one(lines, 'expose[2].internal', 'a boolean');
    one(lines, 'expose[2].certificate.alternativeNames', 'not one string');
    expect(one(lines, 'expose[2].hostz', 'not a known field')).toContain('did you mean `hosts`');
  });

  test('a cloud LoadBalancer Service: wrong types in its own props and in its cloud part', () => {
    const lines = problemsOf(
      js({
        ports: [{ name: 'http', port: 8080 }],
        expose: [
          LoadBalancerService.create({
            sourceRanges: '203.0.113.0/24',
            labels: 'web',
            annotations: 4,
            cloud: Cloud.gke({ scheme: 7, subnet: 3 } as never),
          } as never),
          LoadBalancerService.create({
            cloud: Cloud.aks({ idleTimeout: 30 } as never),
            allocateLoadBalancerNodePorts: 'no',
          } as never),
        ],
      }),
    );
    one(lines, 'expose[0].sourceRanges', 'not one string');
    one(lines, 'expose[0].labels', 'must be an object whose values are strings');
    one(lines, 'expose[0].annotations', 'must be an object whose values are strings');
    one(lines, 'expose[0].cloud.gke.scheme', 'must be one of "internal", "external"');
    one(lines, 'expose[0].cloud.gke.subnet', 'must be a string');
    one(lines, 'expose[1].cloud.aks.idleTimeout', 'Duration');
    one(lines, 'expose[1].allocateLoadBalancerNodePorts', 'a boolean');
    // The DefinitionError names the app's construct path.
    expect(() =>
      new TrafficChart(Testing.app(), 'test', {
        apps: [TrafficApp.define(js({ expose: [LoadBalancerService.create({ labels: 'web' } as never)] }))],
      }).toJson(),
    ).toThrow(/\[test\/[^\]]+\] expose\[0\]\.labels: must be an object/);
  });

  test('a number where a Duration belongs, a plain object where an exposure belongs', () => {
    const lines = problemsOf(js({ availability: { drain: 10 }, expose: [{ hosts: ['a.example.com'] }] }));
    expect(one(lines, 'availability.drain', 'a Duration')).toContain('Duration.seconds(10)');
    one(lines, 'expose[0]', 'an exposure');
  });

  test('props that are not an object at all', () => {
    for (const props of [null, 'web', 42]) {
      const lines = problemsOf(props as unknown as TrafficAppProps);
      expect(lines[0]).toMatch(/^: must be an object/);
    }
  });

  test("an object's fields are read as Object.keys lists them: own keys only, in their order", () => {
    // The check walks an object's keys with `for...in` and an own-key test (no key array per object): an enumerable
    // key on Object.prototype is not a field, and the problems come in the order of the object's own keys.
    const props = js({ zeta: 1, labels: { b: 'x y', a: 'ok' }, alpha: 2 });
    const expected = problemsOf(props);
    expect(expected.map((l) => l.split(':')[0])).toEqual(['zeta', 'alpha', 'labels.b']);
    Object.defineProperty(Object.prototype, 'injected', { value: 1, enumerable: true, configurable: true });
    try {
      expect(problemsOf(props)).toEqual(expected);
      expect(TrafficApp.define(base).resolve().problems).toEqual([]);
    } finally {
      delete (Object.prototype as Record<string, unknown>).injected;
    }
  });

  test('a well-typed definition has no input problem', () => {
    expect(TrafficApp.define(base).resolve().problems).toEqual([]);
  });

  test('apps given as plain props, to a chart and to a stack', () => {
    expect(() => new TrafficChart(Testing.app(), 'test', { apps: [base as unknown as TrafficApp] }).toJson()).toThrow(
      /apps\[0\]: must be an app made by TrafficApp.define/,
    );
    const stack = new LoadBalancerStack(TfTesting.app(), 'test', { apps: [base as unknown as TrafficApp] });
    expect(() => TfTesting.synth(stack, true)).toThrow(/apps\[0\]: must be an app made by TrafficApp.define/);
    expect(() => new TrafficChart(Testing.app(), 'test', {} as never).toJson()).toThrow(DefinitionError);
  });

  test('Cilium cluster props: a block as a string, a boolean as a string', () => {
    const app = new App();
    let error: unknown;
    try {
      new CiliumCluster(new Chart(app, 'cilium'), 'cluster', {
        kubeProxyReplacement: 'false',
        k8sServiceHost: 'auto',
        loadBalancerIpPools: [{ name: 'pool', blocks: ['10.0.0.0/24'] }],
      } as never);
      app.synthYaml();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    const fields = (error as DefinitionError).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['kubeProxyReplacement', 'loadBalancerIpPools[0].blocks[0]']));
  });
});

describe('construct ids of generated children cannot clash with user names', () => {
  test('an app named namespace-shop beside the Namespace object of shop', () => {
    const objects = new TrafficChart(Testing.app(), 'test', {
      apps: [TrafficApp.define({ ...base, name: 'namespace-shop' })],
    }).toJson();
    expect(objects.filter((o: { kind: string }) => o.kind === 'Namespace')).toHaveLength(1);
  });

  test.each(['aws', 'backend'])('a load balancer named %s', (name) => {
    const app = TrafficApp.define({
      ...base,
      expose: [
        TerraformLoadBalancer.alb({
          loadBalancerName: name,
          https: false,
          plainHttpReason: 'internal test fixture, no TLS',
        }),
      ],
    });
    const stack = new LoadBalancerStack(TfTesting.app(), 'test', { apps: [app], network: NETWORK });
    const tf = JSON.parse(TfTesting.synth(stack, true));
    expect(Object.keys(tf.resource.aws_lb)).toEqual([`lb_${name}`]);
    expect(tf.provider.aws).toHaveLength(1);
  });

  test('an app named aws or backend in a stack', () => {
    for (const name of ['aws', 'backend']) {
      const app = TrafficApp.define({
        ...base,
        name,
        expose: [TerraformLoadBalancer.alb({ https: false, plainHttpReason: 'internal test fixture, no TLS' })],
      });
      expect(() =>
        TfTesting.synth(new LoadBalancerStack(new TfApp(), 'test', { apps: [app], network: NETWORK }), true),
      ).not.toThrow();
    }
  });
});

test('the generated shapes are those of the current TypeScript declarations', () => {
  expect(() =>
    execFileSync('node', [path.join(__dirname, '../../scripts/gen-input-shapes.mjs'), '--check'], { stdio: 'pipe' }),
  ).not.toThrow();
});
