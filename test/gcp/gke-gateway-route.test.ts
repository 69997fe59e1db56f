import { Duration } from 'cdk8s';
import { Dataplane, GkeGatewayRoute, Probe, runRules, TrafficApp, TrafficProfile } from '../../lib';
import { all, one } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { lineFor, problemsOf, readinessOf, synth, web } from '../expose/support';

const gateway = {
  className: 'gke-l7-global-external-managed',
  listeners: [{ name: 'https', protocol: 'HTTPS' as const, port: 443, certificateSecrets: ['web-tls'] }],
};

describe('GKE Gateway (GkeGatewayRoute)', () => {
  test('GIVEN a created Gateway THEN HealthCheckPolicy from the readiness probe (path, port, interval, timeout, thresholds), GCPBackendPolicy from the traffic policy, GCPGatewayPolicy with the SSL policy', () => {
    const objects = synth({
      ...web,
      expose: [
        GkeGatewayRoute.http({
          gateway,
          sslPolicy: 'tls13-modern',
          backend: { sessionAffinity: { type: 'GENERATED_COOKIE', cookieTtl: Duration.hours(1) } },
        }),
      ],
    });
    const probe = readinessOf(objects, 'web');
    const hcp = one(objects, 'HealthCheckPolicy', 'web');
    expect(hcp.apiVersion).toBe('networking.gke.io/v1');
    expect(hcp.spec).toEqual({
      targetRef: { group: '', kind: 'Service', name: 'web' },
      default: {
        checkIntervalSec: 5,
        timeoutSec: 2,
        healthyThreshold: 1,
        unhealthyThreshold: 4,
        config: {
          type: 'HTTP',
          httpHealthCheck: { port: probe.port, portSpecification: 'USE_FIXED_PORT', requestPath: probe.path },
        },
      },
    });
    expect(one(objects, 'GCPBackendPolicy', 'web').spec.default).toEqual({
      timeoutSec: 60,
      connectionDraining: { drainingTimeoutSec: 30 },
      sessionAffinity: { type: 'GENERATED_COOKIE', cookieTtlSec: 3600 },
    });
    expect(one(objects, 'GCPGatewayPolicy', 'web').spec).toEqual({
      targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'web' },
      default: { sslPolicy: 'tls13-modern' },
    });
    expect(one(objects, 'Gateway', 'web').spec.gatewayClassName).toBe('gke-l7-global-external-managed');
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('a canary: weighted backendRefs, one policy pair per version Service; the canary header rule; no CT-TRAFFIC-015', () => {
    const app = {
      ...web,
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } },
      traffic: { canaryHeader: { name: 'x-canary', value: 'on' } },
      expose: [GkeGatewayRoute.http({ parents: [{ name: 'public', namespace: 'gateways' }] })],
    };
    const objects = synth(app);
    expect(all(objects, 'HealthCheckPolicy').length).toBe(2);
    expect(all(objects, 'GCPBackendPolicy').length).toBe(2);
    expect(one(objects, 'HTTPRoute', 'web').spec.rules.length).toBe(2);
    const ids = runRules(TrafficApp.define(app).spec).map((x) => x.ruleId);
    expect(ids).not.toContain('CT-TRAFFIC-015');
    expect(ids).not.toContain('CT-TRAFFIC-016');
  });

  test("streaming: the backend timeout is the longest stream (GKE's 30 s default would cut it)", () => {
    const objects = synth({
      ...web,
      traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) },
      expose: [GkeGatewayRoute.http({ parents: [{ name: 'public' }] })],
    });
    expect(one(objects, 'GCPBackendPolicy', 'web').spec.default.timeoutSec).toBe(1200);
  });

  test("the policy admits Google's health checkers on the probed port", () => {
    const objects = synth({ ...web, expose: [GkeGatewayRoute.http({ gateway })], dataplane: Dataplane.kubernetes() });
    const ingress = one(objects, 'NetworkPolicy', 'web').spec.ingress as {
      from?: { ipBlock?: { cidr: string } }[];
      ports?: { port: number }[];
    }[];
    const hc = ingress.filter((r) => r.from?.some((p) => p.ipBlock?.cidr === '35.191.0.0/16'));
    expect(hc.length).toBeGreaterThan(0);
    expect([...new Set(hc.flatMap((r) => r.ports?.map((p) => p.port)))]).toEqual([8080]);
  });

  test('bad inputs', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        GkeGatewayRoute.http({
          gateway: { ...gateway, className: 'gke-l7-nope', controllerName: 'networking.gke.io/gateway' },
          sslPolicy: 'Bad_Policy',
          allowGlobalAccess: true,
          backend: {
            connectionDraining: Duration.hours(2),
            sessionAffinity: { type: 'CLIENT_IP', cookieTtl: Duration.seconds(60) },
          },
        }),
      ],
    });
    lineFor(lines, 'expose[0].gateway.className', '"gke-l7-nope"', 'is not a GKE GatewayClass');
    lineFor(lines, 'expose[0].gateway.controllerName', '"networking.gke.io/gateway"', 'installs its GatewayClasses');
    lineFor(lines, 'expose[0].sslPolicy', '"Bad_Policy"', 'Google Cloud resource name');
    lineFor(lines, 'expose[0].backend.connectionDraining', 'Duration(7200s)', 'between 0s and 3600s');
    lineFor(lines, 'expose[0].backend.sessionAffinity.cookieTtl', 'Duration(60s)', 'cookie affinity only');
    const l2 = problemsOf({
      ...web,
      readiness: undefined as never,
      expose: [GkeGatewayRoute.http({ parents: [{ name: 'p' }], sslPolicy: 'x' })],
    });
    lineFor(l2, 'expose[0].sslPolicy', '"x"', 'created with the route');
  });
});

test('two GKE routes of one app would write the same policies: a conflict with a fix', () => {
  const lines = problemsOf({
    ...web,
    expose: [
      GkeGatewayRoute.http({ name: 'a', parents: [{ name: 'p' }] }),
      GkeGatewayRoute.http({ name: 'b', parents: [{ name: 'p' }] }),
    ],
  });
  expect(
    lines.some(
      (l) => l.includes('HealthCheckPolicy') && l.includes('Fix: expose the app through one GKE Gateway route'),
    ),
  ).toBe(true);
});

test('gRPC, HTTPS and TCP readiness probes become GRPC, HTTPS and TCP HealthCheckPolicies (valid against the CRD)', () => {
  const cases = [
    {
      probe: Probe.grpc({ port: 'http', service: 'orders' }),
      type: 'GRPC',
      key: 'grpcHealthCheck',
      extra: { grpcServiceName: 'orders' },
    },
    {
      probe: Probe.httpGet('/ready', { port: 'http', scheme: 'HTTPS' }),
      type: 'HTTPS',
      key: 'httpsHealthCheck',
      extra: { requestPath: '/ready' },
    },
    { probe: Probe.tcpSocket({ port: 'http' }), type: 'TCP', key: 'tcpHealthCheck', extra: {} },
  ];
  for (const c of cases) {
    const objects = synth({ ...web, readiness: c.probe, expose: [GkeGatewayRoute.http({ parents: [{ name: 'p' }] })] });
    const cfg = one(objects, 'HealthCheckPolicy', 'web').spec.default.config;
    expect(cfg).toEqual({ type: c.type, [c.key]: { port: 8080, portSpecification: 'USE_FIXED_PORT', ...c.extra } });
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  }
});
