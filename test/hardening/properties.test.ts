/**
 * Property-based tests: generated definitions, well-formed and junk, as a JavaScript caller could pass them.
 * - nothing but a DefinitionError is ever thrown, by the chart or the stack;
 * - every problem has a field, a value (possibly undefined), a message and a fix;
 * - every accepted definition's Kubernetes output passes the strict schema validation of the other tests.
 * Runs are bounded (numRuns) to keep `npm test` fast; a failure prints the seed and the shrunk counterexample.
 */
import { Duration, Testing } from 'cdk8s';
import { Testing as TfTesting } from 'cdktf';
import fc from 'fast-check';
import {
  Certificate,
  Cloud,
  Dataplane,
  DefinitionError,
  LoadBalancerService,
  GatewayRouteExposure,
  HealthCheck,
  IngressExposure,
  LbIpamService,
  LoadBalancerServiceExposure,
  Mesh,
  PodSecurity,
  Probe,
  ReadinessWaiver,
  TerraformLoadBalancer,
  TrafficApp,
  TrafficChart,
  TrafficProfile,
} from '../../lib';
import { LoadBalancerStack } from '../../lib/aws';
import type { K8sObject } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';
import { validateCrds } from '../support/validate-crd';
import { NETWORK } from '../aws/support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const RUNS = Number(process.env.PROPERTY_RUNS ?? 120);

/** Anything a JavaScript caller might pass by mistake. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(NaN),
  fc.constant(Infinity),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -100000, max: 100000 }),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  fc.constant(Duration.seconds(5)),
  fc.constant(Probe.tcpSocket()),
);
/**
 * Definitions: with `bad`, junk and invalid values are mixed in everywhere; without, only values the
 * library should accept (so the renderers are reached and their output validated).
 */
function definitions(bad: boolean): fc.Arbitrary<Record<string, unknown>> {
  /** One of the good values, or (with `bad`) also one of the bad ones. */
  // Typed `never` so a value of any type fits any field: the definition is what a JavaScript caller writes.
  const c = (good: readonly unknown[], wrong: readonly unknown[] = []): fc.Arbitrary<never> => {
    const values = bad ? [...good, ...wrong] : good;
    return (values.length > 0 ? fc.constantFrom(...values) : fc.constant(undefined)) as fc.Arbitrary<never>;
  };
  /** Mostly the valid arbitrary, sometimes junk. */
  const maybe = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    bad ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: junk }) : valid;
  /** An optional field: absent, valid or junk. */
  const opt = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.option(maybe(valid), { nil: undefined });

  const seconds = (min: number, max: number) => fc.integer({ min, max }).map((s) => Duration.seconds(s));
  const host = c(
    ['www.example.com', 'api.example.com', 'a.example.com', '*.example.com', 'shop.example.com'],
    ['a-example.com', 'Bad_Host', `${'x'.repeat(64)}.example.com`],
  );
  const hosts = fc.array(host, { maxLength: 2 });
  const path = c(['/', '/api', '/v1/items'], ['api', `/${'p'.repeat(130)}`]);
  const cidr = c(['10.0.0.0/8', '0.0.0.0/0', '192.168.10.240/28'], ['10.0.0.1/8', '999.1.1.1/99', '2001:db8::/32']);
  const labels = fc.dictionary(
    c(['tier', 'team', 'app.kubernetes.io/part-of'], ['version', 'Bad Key']),
    c(['web', 'a', ''], ['x'.repeat(70), 'a,b=c']),
    { maxKeys: 2 },
  );
  const portRef = bad
    ? fc.oneof(fc.constantFrom('http', 'grpc', 'metrics'), fc.integer({ min: 0, max: 70000 }))
    : fc.constant('http');

  const timing = fc.record(
    {
      period: opt(seconds(1, 400)),
      timeout: opt(seconds(1, 10)),
      initialDelay: opt(seconds(0, 60)),
      failureThreshold: opt(fc.integer({ min: 0, max: 12 })),
    },
    { requiredKeys: [] },
  );
  const probe: fc.Arbitrary<unknown> = fc.oneof(
    fc
      .tuple(path, timing, opt(portRef), opt(c(['HTTP'], ['HTTPS', 'FTP'])))
      .map(([p, t, port, scheme]) => Probe.httpGet(p, { ...(t as object), port, scheme } as never)),
    fc.tuple(timing, opt(portRef)).map(([t, port]) => Probe.tcpSocket({ ...(t as object), port } as never)),
    fc.tuple(timing, opt(portRef)).map(([t, port]) => Probe.grpc({ ...(t as object), port } as never)),
    ...(bad
      ? [c([['cat', '/tmp/ready']], ['cat /tmp/ready']).map((cmd) => Probe.exec(cmd as unknown as string[]))]
      : []),
  );
  const readiness = fc.oneof(
    { weight: 6, arbitrary: probe },
    {
      weight: bad ? 1 : 0,
      arbitrary: c(['a batch worker that serves no traffic'], ['']).map((r) => ReadinessWaiver.because(r as string)),
    },
    { weight: bad ? 1 : 0, arbitrary: junk },
  );

  const containerPorts = fc.array(
    fc.record(
      {
        name: maybe(c(['http'], ['grpc', 'metrics', 'HTTP'])),
        port: maybe(bad ? fc.integer({ min: 0, max: 70000 }) : fc.constant(8080)),
        appProtocol: opt(c(['http'], ['grpc', 'h2c', 'not a protocol!'])),
        protocol: opt(c(['TCP'], ['UDP', 'SCTP'])),
      },
      { requiredKeys: ['name', 'port'] },
    ),
    bad ? { minLength: 0, maxLength: 3 } : { minLength: 1, maxLength: 1 },
  );

  const exposure: fc.Arbitrary<unknown> = fc.oneof(
    fc
      .record(
        {
          hosts: opt(hosts),
          paths: opt(fc.array(fc.record({ path }), { maxLength: 2 })),
          certificateArns: opt(fc.constant([CERT])),
          scheme: opt(c(['internal', 'internet-facing'])),
          targetType: opt(c(['ip', 'instance'])),
          inboundCidrs: opt(fc.array(cidr, { minLength: bad ? 0 : 1, maxLength: 2 })),
          sslPolicy: opt(c(['ELBSecurityPolicy-TLS13-1-2-2021-06'], ['TLS13', 'ELBSecurityPolicy-TLS-1-0-2015-04'])),
          tags: opt(labels),
          accessLogs: opt(fc.record({ bucket: fc.constant('logs'), prefix: c(['web'], ['a,b=c']) })),
        },
        { requiredKeys: [] },
      )
      .map((p) => IngressExposure.alb(p as never)),
    fc
      .record({ className: maybe(c(['nginx'], ['cilium', 'alb'])), hosts: opt(hosts) }, { requiredKeys: ['className'] })
      .map((p) => IngressExposure.withClass(p as never)),
    fc
      .record(
        {
          parents: bad
            ? opt(fc.constant([{ name: 'public', namespace: 'gateways' }]))
            : fc.constant([{ name: 'public', namespace: 'gateways' }]),
          hostnames: opt(hosts),
          rules: opt(
            fc.array(
              fc.record(
                {
                  matches: opt(
                    fc.array(fc.record({ path: opt(path), method: opt(c(['GET'], ['FETCH'])) }, { requiredKeys: [] }), {
                      maxLength: 2,
                    }),
                  ),
                },
                { requiredKeys: [] },
              ),
              { maxLength: 2 },
            ),
          ),
        },
        { requiredKeys: [] },
      )
      .map((p) => GatewayRouteExposure.http(p as never)),
    fc
      .record(
        { parents: bad ? opt(fc.constant([{ name: 'public' }])) : fc.constant([{ name: 'public' }]) },
        { requiredKeys: [] },
      )
      .map((p) => GatewayRouteExposure.grpc(p as never)),
    fc
      .record(
        {
          scheme: opt(c(['internal', 'internet-facing'])),
          sourceRanges: opt(fc.array(cidr, { minLength: bad ? 0 : 1, maxLength: 2 })),
          tls: opt(fc.record({ certificateArns: fc.constant([CERT]) })),
          idleTimeout: bad ? opt(seconds(30, 7000)) : fc.constant(undefined),
        },
        { requiredKeys: [] },
      )
      .map((p) => LoadBalancerServiceExposure.nlb(p as never)),
    fc
      .record(
        {
          hosts: opt(hosts),
          paths: opt(fc.array(path, { maxLength: 2 })),
          certificate: opt(fc.oneof(fc.constant(Certificate.fromArn(CERT)), fc.constant(Certificate.dnsValidated()))),
          https: opt(fc.boolean()),
          plainHttpReason: opt(fc.constant('an internal test fixture')),
          internal: opt(fc.boolean()),
          allowFrom: opt(fc.array(cidr, { minLength: bad ? 0 : 1, maxLength: 2 })),
          loadBalancerName: opt(c(['shop', 'aws', 'backend'])),
          targetGroupName: opt(c(['web-tg'], ['a'.repeat(30)])),
          healthCheck: opt(fc.constant(HealthCheck.fromReadiness())),
        },
        { requiredKeys: [] },
      )
      .map((p) => TerraformLoadBalancer.alb(p as never)),
    fc
      .record(
        { internal: opt(fc.boolean()), allowFrom: opt(fc.array(cidr, { minLength: bad ? 0 : 1, maxLength: 1 })) },
        { requiredKeys: [] },
      )
      .map((p) => TerraformLoadBalancer.nlb(p as never)),
    fc
      .record({ hosts: opt(hosts) }, { requiredKeys: [] })
      .map((p) => Mesh.istio({ ...(p as object), ...(bad ? {} : { injection: false }) } as never)),
    fc
      .record({ sourceRanges: opt(fc.array(cidr, { minLength: bad ? 0 : 1, maxLength: 1 })) }, { requiredKeys: [] })
      .map((p) => LbIpamService.create(p as never)),
    fc
      .record(
        {
          sourceRanges: opt(fc.array(cidr, { minLength: bad ? 0 : 1, maxLength: 1 })),
          cloud: opt(
            fc.oneof(
              fc.constant(Cloud.gke({ scheme: 'internal' })),
              fc.constant(Cloud.gke({ scheme: 'external' })),
              fc.constant(Cloud.aks({ scheme: 'internal' })),
              ...(bad ? [fc.constant({ cloud: 'aws' }), fc.constant(Cloud.gke({ subnet: 'Bad_Subnet' }))] : []),
            ),
          ),
          annotations: opt(
            fc.dictionary(
              c(
                ['example.com/team'],
                ['networking.gke.io/load-balancer-type', 'service.beta.kubernetes.io/aws-load-balancer-type'],
              ),
              fc.constant('x'),
              { maxKeys: 1 },
            ),
          ),
        },
        { requiredKeys: [] },
      )
      .map((p) => LoadBalancerService.create(p as never)),
    ...(bad ? [junk] : []),
  );

  const dataplane = fc.oneof(
    fc
      .record(
        {
          policy: opt(
            fc.record(
              {
                allowFrom: opt(
                  fc.array(
                    fc.record(
                      { namespace: c(['monitoring'], ['Bad NS']), labels: opt(labels) },
                      { requiredKeys: ['namespace'] },
                    ),
                    { minLength: bad ? 0 : 1, maxLength: 1 },
                  ),
                ),
                restrictEgress: opt(c([true], [false])),
              },
              { requiredKeys: [] },
            ),
          ),
          l7: opt(
            fc.array(
              fc.record(
                { method: opt(c(['GET', 'POST'], ['(?=x)'])), path: opt(c(['/api'], ['/v1/(?!x)'])) },
                { requiredKeys: [] },
              ),
              { maxLength: 2 },
            ),
          ),
        },
        { requiredKeys: [] },
      )
      .map((p) => Dataplane.cilium(p as never)),
    fc
      .record(
        {
          allowFrom: opt(
            fc.array(fc.record({ namespace: fc.constant('monitoring') }), { minLength: bad ? 0 : 1, maxLength: 1 }),
          ),
        },
        { requiredKeys: [] },
      )
      .map((p) => Dataplane.kubernetes(p as never)),
    ...(bad ? [junk] : []),
  );

  return fc.record(
    {
      name: maybe(c(['web', 'api', 'namespace-shop', 'aws', 'backend'], ['9web', 'Web_App', 'a'.repeat(64)])),
      namespace: opt(c(['shop'], ['default', 'kube-system', 'Bad NS'])),
      image: maybe(c(['ghcr.io/acme/web:1.0.0'], ['nginx', 'nginx:latest', ''])),
      replicas: opt(fc.integer({ min: bad ? -2 : 0, max: 12 })),
      ports: maybe(containerPorts),
      command: opt(c([['nginx', '-g', 'daemon off;']], ['nginx -g daemon off;'])),
      env: opt(fc.dictionary(c(['A', 'POD_IP'], ['bad name']), maybe(c(['1', '10.0.0.12'])), { maxKeys: 2 })),
      readiness,
      liveness: opt(probe),
      security: opt(
        fc.oneof(
          fc.constant(PodSecurity.restricted()),
          c(['the upstream image runs as root'], ['']).map((reason) =>
            PodSecurity.baseline({ reason: reason as string }),
          ),
        ),
      ),
      labels: opt(labels),
      podLabels: opt(labels),
      annotations: opt(fc.dictionary(c(['example.com/a', 'b']), maybe(fc.string({ maxLength: 4 })), { maxKeys: 2 })),
      writablePaths: opt(c([['/tmp', '/cache']], ['/tmp'])),
      service: opt(
        fc.oneof(
          c([], [false]),
          fc.record(
            {
              ports: opt(
                fc.array(
                  fc.record(
                    {
                      port: maybe(bad ? fc.integer({ min: 0, max: 70000 }) : fc.constant(80)),
                      targetPort: opt(portRef),
                      name: opt(c(['http'], ['grpc'])),
                    },
                    { requiredKeys: ['port'] },
                  ),
                  { minLength: bad ? 0 : 1, maxLength: 2 },
                ),
              ),
              sessionAffinity: opt(c(['None', 'ClientIP'], ['Cookie'])),
            },
            { requiredKeys: [] },
          ),
        ),
      ),
      versions: opt(
        fc.dictionary(
          c(['v2', 'v3'], ['V2']),
          maybe(
            fc.record(
              {
                weight: opt(bad ? fc.double({ min: -5, max: 120, noNaN: true }) : fc.integer({ min: 0, max: 20 })),
                replicas: opt(fc.integer({ min: 0, max: 3 })),
                image: bad ? opt(fc.constant('ghcr.io/acme/web:1.0.0')) : fc.constant('ghcr.io/acme/web:1.1.0'),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxKeys: 2 },
        ),
      ),
      traffic: opt(
        fc.record(
          {
            profile: opt(c([TrafficProfile.STANDARD, TrafficProfile.STREAMING], ['fast'])),
            requestTimeout: opt(fc.oneof(seconds(0, 5000), fc.constant(null))),
            idleTimeout: opt(bad ? seconds(0, 5000) : seconds(1, 4000)),
            retry: opt(
              fc.record({
                attempts: maybe(fc.integer({ min: bad ? 0 : 1, max: 5 })),
                on: opt(c([[502, 503]], ['502'])),
              }),
            ),
            canaryHeader: bad
              ? opt(fc.record({ name: c(['x-canary'], ['Bad Header']), value: c(['true'], ['*']) }))
              : fc.constant(undefined),
            gatewayApiChannel: opt(c(['standard', 'experimental'])),
          },
          { requiredKeys: [] },
        ),
      ),
      availability: bad
        ? opt(
            fc.record(
              {
                drain: opt(seconds(0, 30)),
                shutdown: opt(seconds(0, 700)),
                terminationGracePeriod: opt(seconds(0, 900)),
              },
              { requiredKeys: [] },
            ),
          )
        : fc.constant(undefined),
      expose: opt(fc.array(exposure, { maxLength: 3 })),
      dataplane: opt(dataplane),
    },
    { requiredKeys: ['name', 'image', 'readiness'] },
  );
}

/** Runs `fn`; anything thrown must be a DefinitionError whose every problem is complete. */
function onlyDefinitionErrors(fn: () => void): 'accepted' | 'rejected' {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    if (!(e instanceof DefinitionError)) throw new Error(`not a DefinitionError: ${(e as Error)?.stack ?? String(e)}`);
    expect(e.problems.length).toBeGreaterThan(0);
    for (const p of e.problems) {
      expect(typeof p.field).toBe('string');
      expect('value' in p).toBe(true);
      expect(typeof p.message === 'string' && p.message.length > 0).toBe(true);
      expect(typeof p.fix === 'string' && p.fix.length > 0).toBe(true);
    }
    expect(e.message).not.toMatch(/TypeError|undefined is not|Cannot read/);
    return 'rejected';
  }
}

describe('generated definitions', () => {
  test('the chart throws nothing but a DefinitionError, and what it accepts passes the strict schemas', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(definitions(false), definitions(true)), (props) => {
        let objects: K8sObject[] = [];
        let channel: 'standard' | 'experimental' = 'standard';
        const outcome = onlyDefinitionErrors(() => {
          const chart = new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define(props as never)] });
          objects = chart.toJson() as K8sObject[];
          channel = chart.specs[0].traffic.gatewayApiChannel ?? 'standard';
        });
        if (outcome === 'rejected') return;
        accepted++;
        expect(validateCore(objects).errors).toEqual([]);
        expect(validateCrds(objects, () => channel).errors).toEqual([]);
      }),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? 1) || undefined },
    );
    // The generator must reach the renderers, not only the checks.
    expect(accepted).toBeGreaterThan(RUNS / 20);
    if (process.env.PROPERTY_STATS) console.log(`${accepted} of ${RUNS} definitions accepted and validated`);
  });

  test('the stack throws nothing but a DefinitionError', () => {
    fc.assert(
      fc.property(fc.oneof(definitions(false), definitions(true)), (props) => {
        onlyDefinitionErrors(() => {
          const stack = new LoadBalancerStack(TfTesting.app(), 'test', {
            apps: [TrafficApp.define(props as never)],
            network: NETWORK,
          });
          TfTesting.synth(stack, true);
        });
      }),
      { numRuns: Math.ceil(RUNS / 3), seed: Number(process.env.PROPERTY_SEED ?? 2) || undefined },
    );
  });
});
