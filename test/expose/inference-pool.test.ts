import { Duration } from 'cdk8s';
import {
  Dataplane,
  InferencePoolRoute,
  InferencePoolRouteProps,
  Probe,
  resolveApps,
  TrafficApp,
  TrafficAppProps,
  TrafficProfile,
} from '../../lib';
import { all, errorOf, K8sObject, one } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { lineFor, problemsOf, synth, web } from './support';

const picker = (serviceName: string) => ({ serviceName, port: 9002, failureMode: 'FailClose' as const });
const parents = [{ name: 'inference', namespace: 'gateways', sectionName: 'https' }];

/** A model server with a 10% rollout of v2 (a new model build) behind an InferencePool route. */
const llm = (route: Partial<InferencePoolRouteProps> = {}, extra: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
  ...web,
  name: 'llm',
  versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } },
  traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(10) },
  expose: [
    InferencePoolRoute.http({
      parents,
      hostnames: ['llm.example.com'],
      pools: [
        { version: 'v1', endpointPicker: picker('llm-v1-epp') },
        { version: 'v2', endpointPicker: picker('llm-v2-epp') },
      ],
      ...route,
    }),
  ],
  ...extra,
});

const podLabels = (objects: K8sObject[], deployment: string): Record<string, string> =>
  one(objects, 'Deployment', deployment).spec.template.metadata.labels;

describe('InferencePool route', () => {
  test('GIVEN a rollout THEN one pool per version selects exactly that version on its container port, and the route splits 90/10 across the pools', () => {
    const objects = synth(llm());
    const pools = all(objects, 'InferencePool');
    expect(pools.map((p) => p.metadata.name)).toEqual(['llm-v1', 'llm-v2']);
    for (const [pool, deployment] of [
      ['llm-v1', 'llm-v1'],
      ['llm-v2', 'llm-v2'],
    ]) {
      const p = one(objects, 'InferencePool', pool);
      expect(p.apiVersion).toBe('inference.networking.k8s.io/v1');
      // The pool selects the version's pods: every selector label is on the pod template, and not on the other version's.
      const labels = podLabels(objects, deployment);
      for (const [k, v] of Object.entries(p.spec.selector.matchLabels)) expect(labels[k]).toBe(v);
      const other = podLabels(objects, deployment === 'llm-v1' ? 'llm-v2' : 'llm-v1');
      expect(Object.entries(p.spec.selector.matchLabels).every(([k, v]) => other[k] === v)).toBe(false);
      // Its target port is a container port of those pods (http 8080, the Service port's target).
      const ports = one(objects, 'Deployment', deployment).spec.template.spec.containers[0].ports.map(
        (c: { containerPort: number }) => c.containerPort,
      );
      expect(p.spec.targetPorts).toEqual([{ number: 8080 }]);
      expect(ports).toContain(8080);
      expect(p.spec.endpointPickerRef).toEqual({
        kind: 'Service',
        name: `${pool}-epp`,
        port: { number: 9002 },
        failureMode: 'FailClose',
      });
    }
    const route = one(objects, 'HTTPRoute', 'llm');
    expect(route.spec.rules).toHaveLength(1);
    expect(route.spec.rules[0].backendRefs).toEqual([
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llm-v1', weight: 90 },
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'llm-v2', weight: 10 },
    ]);
    expect(route.spec.hostnames).toEqual(['llm.example.com']);
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('a model: the header match on every rule (the body-based router header by default, or the one declared)', () => {
    const objects = synth(llm({ model: 'llama-3-8b', rules: [{ matches: [{ path: '/v1' }] }] }));
    expect(one(objects, 'HTTPRoute', 'llm').spec.rules[0].matches).toEqual([
      {
        path: { type: 'PathPrefix', value: '/v1' },
        headers: [{ name: 'X-Gateway-Model-Name', value: 'llama-3-8b', type: 'Exact' }],
      },
    ]);
    const custom = synth(llm({ model: 'llama-3-8b', modelHeader: 'x-model' }));
    expect(one(custom, 'HTTPRoute', 'llm').spec.rules[0].matches[0].headers).toEqual([
      { name: 'x-model', value: 'llama-3-8b', type: 'Exact' },
    ]);
  });

  test('GKE: a HealthCheckPolicy from the readiness probe and a GCPBackendPolicy (timeout = the longest stream) on each pool', () => {
    const objects = synth(llm({ implementation: 'gke' }));
    for (const pool of ['llm-v1', 'llm-v2']) {
      const hcp = one(objects, 'HealthCheckPolicy', pool);
      expect(hcp.spec.targetRef).toEqual({ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: pool });
      expect(hcp.spec.default.config.httpHealthCheck).toEqual({
        port: 8080,
        portSpecification: 'USE_FIXED_PORT',
        requestPath: '/ready',
      });
      const bp = one(objects, 'GCPBackendPolicy', pool);
      expect(bp.spec.targetRef.kind).toBe('InferencePool');
      expect(bp.spec.default.timeoutSec).toBe(600);
    }
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test("Istio: a DestinationRule per picker for the gateway's TLS to it, the skip-verify reason written", () => {
    const objects = synth(
      llm({
        implementation: 'istio',
        pools: [
          {
            version: 'v1',
            endpointPicker: {
              ...picker('llm-v1-epp'),
              tls: { skipVerifyReason: 'the EPP serves a self-signed certificate' },
            },
          },
          { version: 'v2', endpointPicker: { ...picker('llm-v2-epp'), tls: { caSecret: 'epp-ca' } } },
        ],
      }),
    );
    const v1 = one(objects, 'DestinationRule', 'llm-v1-epp-tls');
    expect(v1.spec).toEqual({
      host: 'llm-v1-epp.shop.svc.cluster.local',
      trafficPolicy: { tls: { mode: 'SIMPLE', insecureSkipVerify: true } },
    });
    expect(v1.metadata.annotations!['cdk-traffic.io/insecure-skip-verify-reason']).toBe(
      'the EPP serves a self-signed certificate',
    );
    expect(one(objects, 'DestinationRule', 'llm-v2-epp-tls').spec.trafficPolicy.tls).toEqual({
      mode: 'SIMPLE',
      credentialName: 'epp-ca',
    });
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('the network policy admits the gateway and the pickers on the target port only', () => {
    const objects = synth(
      llm(
        {
          pools: [
            { version: 'v1', endpointPicker: { ...picker('llm-v1-epp'), podLabels: { app: 'llm-v1-epp' } } },
            { version: 'v2', endpointPicker: { ...picker('llm-v2-epp'), podLabels: { app: 'llm-v2-epp' } } },
          ],
        },
        { dataplane: Dataplane.kubernetes({ parentGatewayClass: 'nginx' }) },
      ),
    );
    const rules = one(objects, 'NetworkPolicy', 'llm').spec.ingress as {
      from: { podSelector?: { matchLabels?: Record<string, string> } }[];
      ports: { port: number }[];
    }[];
    const pickerRules = rules.filter((r) => r.from.some((f) => f.podSelector?.matchLabels?.app?.endsWith('-epp')));
    expect(pickerRules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r.ports.map((p) => p.port)).toEqual([8080]);
  });

  test("GKE: the network policy admits Google's front ends on the target port and its health checkers on the probed port", () => {
    const objects = synth(llm({ implementation: 'gke' }, { dataplane: Dataplane.kubernetes() }));
    const rules = one(objects, 'NetworkPolicy', 'llm').spec.ingress as {
      from: { ipBlock?: { cidr: string } }[];
      ports: { port: number }[];
    }[];
    const cidrs = rules.flatMap((r) => r.from.map((f) => f.ipBlock?.cidr));
    expect(cidrs).toEqual(expect.arrayContaining(['35.191.0.0/16', '130.211.0.0/22']));
    for (const r of rules) expect(r.ports.map((p) => p.port)).toEqual([8080]);
  });

  test('one pool for an app without versions: named after the route, selecting every pod of the app', () => {
    const objects = synth({
      ...web,
      expose: [InferencePoolRoute.http({ parents, pools: [{ endpointPicker: picker('web-epp') }] })],
    });
    const pool = one(objects, 'InferencePool', 'web');
    expect(pool.spec.selector.matchLabels).toEqual(one(objects, 'Service', 'web').spec.selector);
    expect(one(objects, 'HTTPRoute', 'web').spec.rules[0].backendRefs).toEqual([
      { group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'web' },
    ]);
  });
});

describe('InferencePool route: bad input', () => {
  const one = (pool: Record<string, unknown>) =>
    problemsOf({
      ...web,
      expose: [
        InferencePoolRoute.http({
          parents,
          pools: [{ endpointPicker: picker('web-epp'), ...pool } as InferencePoolRouteProps['pools'][number]],
        }),
      ],
    });

  test('a pool with no target port', () => {
    lineFor(one({ targetPorts: [] }), 'expose[0].pools[0].targetPorts', '[]', 'at least one target port');
  });

  test('more than 8 target ports', () => {
    lineFor(
      one({ targetPorts: ['http', 'metrics', 1, 2, 3, 4, 5, 6, 7] }),
      'expose[0].pools[0].targetPorts',
      '["http","metrics",1,2,3,4,5,6,7]',
      'at most 8 target ports',
    );
  });

  test('a port the pods do not serve', () => {
    lineFor(one({ targetPorts: [9999] }), 'expose[0].pools[0].targetPorts[0]', '9999', 'not a port the pods serve');
  });

  test('a picker port of 0', () => {
    lineFor(
      one({ endpointPicker: { serviceName: 'web-epp', port: 0, failureMode: 'FailClose' } }),
      'expose[0].pools[0].endpointPicker.port',
      '0',
      'needs the Service port',
    );
  });

  test('a picker reference without a port', () => {
    lineFor(
      one({ endpointPicker: { serviceName: 'web-epp', failureMode: 'FailClose' } }),
      'expose[0].pools[0].endpointPicker.port',
      'undefined',
      'is required',
    );
  });

  test('a picker without a failure mode', () => {
    lineFor(
      one({ endpointPicker: { serviceName: 'web-epp', port: 9002 } }),
      'expose[0].pools[0].endpointPicker.failureMode',
      'undefined',
      'is required',
    );
  });

  test('a model header without a model', () => {
    lineFor(problemsOf(llm({ modelHeader: 'x-model' })), 'expose[0].modelHeader', '"x-model"', 'without a `model`');
  });

  test('a rollout whose pools select the same pods', () => {
    const lines = problemsOf(
      llm({
        pools: [
          { version: 'v1', name: 'a', endpointPicker: picker('a-epp') },
          { version: 'v1', name: 'b', endpointPicker: picker('b-epp') },
        ],
      }),
    );
    lineFor(lines, 'expose[0].pools[1].version', '"v1"', 'selects the same pods as pools[0]');
    lineFor(lines, 'expose[0].pools', '["v1","v1"]', 'version v2 is a backend of the route');
  });

  test('Istio without a way to verify the picker', () => {
    lineFor(
      problemsOf(llm({ implementation: 'istio' })),
      'expose[0].pools[0].endpointPicker.tls',
      'undefined',
      'must verify its certificate',
    );
  });

  test('a JavaScript caller passing a string for pools gets a problem, not a TypeError', () => {
    const lines = problemsOf({
      ...web,
      expose: [InferencePoolRoute.http({ parents, pools: 'web-epp' } as unknown as InferencePoolRouteProps)],
    });
    expect(lines.some((l) => l.includes('expose[0].pools'))).toBe(true);
  });
});

describe('InferencePool route: the endpoint picker join', () => {
  const epp: TrafficAppProps = {
    ...web,
    name: 'web-epp',
    ports: [{ name: 'grpc', port: 9002 }],
    readiness: Probe.tcpSocket({ port: 'grpc' }),
    service: { ports: [{ name: 'grpc', port: 9002, targetPort: 'grpc' }] },
  };
  const route = (port: number) => ({
    ...web,
    expose: [
      InferencePoolRoute.http({
        parents,
        pools: [{ endpointPicker: { serviceName: 'web-epp', port, failureMode: 'FailOpen' as const } }],
      }),
    ],
  });

  test('a picker Service the chart writes: its port must be one of that Service', () => {
    const e = errorOf(() => synth(route(9003), epp)).message;
    expect(e).toContain('[CT-K8S-020] InferencePool/web spec.endpointPickerRef.port');
    expect(synth(route(9002), epp).length).toBeGreaterThan(0);
  });

  test('a picker declared by reference (not written here) is accepted', () => {
    expect(one(synth(route(9002)), 'InferencePool', 'web').spec.endpointPickerRef.failureMode).toBe('FailOpen');
  });
});

describe('InferencePool route: notes', () => {
  test('a picker without pod labels: note CT-INF-101 on its field (the network policy cannot admit it)', () => {
    const app = TrafficApp.define({
      ...web,
      expose: [InferencePoolRoute.http({ parents, pools: [{ endpointPicker: picker('web-epp') }] })],
    });
    const w = resolveApps([app], { path: 'test' }).warnings.filter((x) => x.id === 'CT-INF-101');
    expect(w.map((x) => x.field)).toEqual(['expose[0].pools[0].endpointPicker.podLabels']);
    const labelled = TrafficApp.define({
      ...web,
      expose: [
        InferencePoolRoute.http({
          parents,
          pools: [{ endpointPicker: { ...picker('web-epp'), podLabels: { app: 'web-epp' } } }],
        }),
      ],
    });
    expect(resolveApps([labelled], { path: 'test' }).warnings.filter((x) => x.id === 'CT-INF-101')).toEqual([]);
  });
});
