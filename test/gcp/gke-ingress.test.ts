import { Duration } from 'cdk8s';
import { Dataplane, GkeIngress, Probe, runRules, TrafficApp, TrafficProfile } from '../../lib';
import { one } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { validateCore } from '../support/validate-k8s';
import { lineFor, problemsOf, readinessOf, synth, web } from '../expose/support';

describe('GKE Ingress (GkeIngress)', () => {
  test('GIVEN TLS THEN a NEG Service linked to a BackendConfig whose health check is the readiness probe, a FrontendConfig (redirect, SSL policy), an Ingress of class gce', () => {
    const objects = synth({
      ...web,
      expose: [
        GkeIngress.create({
          hosts: ['shop.example.com'],
          tls: { managedCertificates: ['shop'] },
          sslPolicy: 'tls12-modern',
          staticIpName: 'shop-ip',
        }),
      ],
    });
    const probe = readinessOf(objects, 'web');
    const bc = one(objects, 'BackendConfig', 'web');
    expect(bc.spec).toEqual({
      healthCheck: {
        type: 'HTTP',
        requestPath: probe.path,
        port: probe.port,
        checkIntervalSec: 5,
        timeoutSec: 2,
        healthyThreshold: 1,
        unhealthyThreshold: 4,
      },
      connectionDraining: { drainingTimeoutSec: 30 },
      timeoutSec: 60,
    });
    const svc = one(objects, 'Service', 'web-neg');
    expect(svc.metadata.annotations).toEqual({
      'cloud.google.com/neg': '{"ingress": true}',
      'cloud.google.com/backend-config': '{"default":"web"}',
    });
    expect(one(objects, 'FrontendConfig', 'web').spec).toEqual({
      redirectToHttps: { enabled: true, responseCodeName: 'MOVED_PERMANENTLY_DEFAULT' },
      sslPolicy: 'tls12-modern',
    });
    const ing = one(objects, 'Ingress', 'web');
    expect(ing.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'gce',
      'networking.gke.io/v1beta1.FrontendConfig': 'web',
      'networking.gke.io/managed-certificates': 'shop',
      'kubernetes.io/ingress.global-static-ip-name': 'shop-ip',
    });
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web-neg', port: { number: 80 } } });
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('a weighted canary: the Ingress splits by pods (CT-TRAFFIC-015) and does not route the canary header (CT-TRAFFIC-016)', () => {
    const app = {
      ...web,
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } },
      traffic: { canaryHeader: { name: 'x-canary', value: 'on' } },
      expose: [GkeIngress.create()],
    };
    const ids = runRules(TrafficApp.define(app).spec).map((x) => x.ruleId);
    expect(ids).toContain('CT-TRAFFIC-015');
    expect(ids).toContain('CT-TRAFFIC-016');
  });

  test('streaming: the backend timeout is the longest stream; a shorter one is CT-TRAFFIC-043', () => {
    const objects = synth({
      ...web,
      traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) },
      expose: [GkeIngress.create()],
    });
    expect(one(objects, 'BackendConfig', 'web').spec.timeoutSec).toBe(1200);
    const app = {
      ...web,
      traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) },
      expose: [GkeIngress.create({ backend: { timeout: Duration.seconds(30) } })],
    };
    const f = runRules(TrafficApp.define(app).spec).find((x) => x.ruleId === 'CT-TRAFFIC-043');
    expect(f?.field).toBe('expose[0].backend.timeout');
  });

  test("the policy admits Google's front ends on the traffic port and the health checkers on the probed port", () => {
    const objects = synth({ ...web, expose: [GkeIngress.create()], dataplane: Dataplane.kubernetes() });
    const ingress = one(objects, 'NetworkPolicy', 'web').spec.ingress as {
      from?: { ipBlock?: { cidr: string } }[];
      ports?: { port: number }[];
    }[];
    const ports = [
      ...new Set(
        ingress
          .filter((r) => r.from?.some((p) => p.ipBlock?.cidr === '130.211.0.0/22'))
          .flatMap((r) => r.ports?.map((p) => p.port)),
      ),
    ];
    expect(ports).toEqual([8080]);
  });

  test('bad inputs', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        GkeIngress.create({
          className: 'gce-internal',
          tls: { managedCertificates: ['c'] },
          sslPolicy: 'p',
          staticIpName: 'Bad_IP',
          proxyOnlySubnet: ['10.1.0.0/99'],
          backend: { sessionAffinity: { type: 'HEADER_FIELD' } },
        }),
      ],
    });
    lineFor(lines, 'expose[0].tls.managedCertificates', '["c"]', 'external load balancers only');
    lineFor(lines, 'expose[0].sslPolicy', '"p"', 'FrontendConfig applies to external');
    lineFor(lines, 'expose[0].staticIpName', '"Bad_IP"', 'Google Cloud resource name');
    lineFor(lines, 'expose[0].proxyOnlySubnet[0]', '"10.1.0.0/99"', 'is not a CIDR');
    lineFor(lines, 'expose[0].backend.sessionAffinity.type', '"HEADER_FIELD"', 'BackendConfig takes');
    const grpc = problemsOf({ ...web, expose: [GkeIngress.create({ redirectToHttps: true })] });
    lineFor(grpc, 'expose[0].redirectToHttps', 'true', 'has no TLS');
  });
});

describe('GKE health checks from the readiness probe: what Google Cloud cannot copy', () => {
  test('a TCP readiness probe cannot become a BackendConfig health check; a period over 300 s is out of range', () => {
    const tcp = problemsOf({ ...web, readiness: Probe.tcpSocket({ port: 'http' }), expose: [GkeIngress.create()] });
    lineFor(tcp, 'readiness', '"tcpSocket"', 'GKE Ingress health checks (BackendConfig) check targets over HTTP only');
    const slow = problemsOf({
      ...web,
      readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(400) }),
      expose: [GkeIngress.create()],
    });
    lineFor(slow, 'readiness.period', '400', 'from 1 s to 300 s');
  });

  test('a timeout above the interval is lowered to it and a failure threshold above 10 clamped, each with a warning', () => {
    const objects = synth({
      ...web,
      readiness: Probe.httpGet('/ready', {
        port: 'http',
        period: Duration.seconds(5),
        timeout: Duration.seconds(8),
        failureThreshold: 12,
      }),
      expose: [GkeIngress.create()],
    });
    expect(one(objects, 'BackendConfig', 'web').spec.healthCheck).toMatchObject({
      checkIntervalSec: 5,
      timeoutSec: 5,
      unhealthyThreshold: 10,
    });
  });
});

test('the JSON Schema check can fail: a wrong type in a BackendConfig and an unknown FrontendConfig field are reported', () => {
  const objects = synth({ ...web, expose: [GkeIngress.create({ tls: { secretNames: ['web-tls'] }, sslPolicy: 'p' })] });
  const bc = structuredClone(one(objects, 'BackendConfig', 'web'));
  bc.spec.healthCheck.port = '8080';
  const fc = structuredClone(one(objects, 'FrontendConfig', 'web'));
  fc.spec.sslPolicyName = 'p';
  expect(validateCrds([bc, fc]).errors).toEqual([
    expect.stringMatching(/healthCheck\/port: must be integer/),
    expect.stringMatching(/unknown field "sslPolicyName"/),
  ]);
});

test('healthCheck override: a TCP-probed app gets an HTTP BackendConfig check on the given path; bad overrides', () => {
  const app = {
    ...web,
    readiness: Probe.tcpSocket({ port: 'http' }),
    expose: [
      GkeIngress.create({
        healthCheck: { path: '/healthz', reason: 'the app answers HTTP on /healthz; readiness is a TCP connect' },
      }),
    ],
  };
  const bc = one(synth(app), 'BackendConfig', 'web');
  expect(bc.spec.healthCheck).toMatchObject({ type: 'HTTP', requestPath: '/healthz', port: 8080 });
  const lines = problemsOf({
    ...web,
    readiness: Probe.tcpSocket({ port: 'http' }),
    expose: [GkeIngress.create({ healthCheck: { port: 70000, reason: ' ' } })],
  });
  lineFor(lines, 'expose[0].healthCheck.reason', '" "', 'needs a reason');
  lineFor(lines, 'expose[0].healthCheck.path', 'undefined', 'gives no HTTP path');
  lineFor(lines, 'expose[0].healthCheck.port', '70000', 'between 1 and 65535');
});
