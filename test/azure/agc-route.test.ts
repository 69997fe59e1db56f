import { Duration } from 'cdk8s';
import { AgcRoute, Dataplane, Probe, TrafficProfile } from '../../lib';
import { all, one } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { lineFor, problemsOf, readinessOf, synth, web } from '../expose/support';

const canary = { ...web, versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } } };

describe('Application Gateway for Containers (AgcRoute)', () => {
  test('GIVEN a route on an existing Gateway THEN an HTTPRoute, a HealthCheckPolicy per backend Service from the readiness probe and a RoutePolicy with the request timeout', () => {
    const objects = synth({
      ...web,
      expose: [
        AgcRoute.http({
          parents: [{ name: 'public', namespace: 'gateways' }],
          hostnames: ['shop.example.com'],
          sessionAffinity: { type: 'managed-cookie', cookieDuration: Duration.hours(1) },
        }),
      ],
    });
    const hcp = one(objects, 'HealthCheckPolicy', 'web');
    const probe = readinessOf(objects, 'web');
    expect(hcp.apiVersion).toBe('alb.networking.azure.io/v1');
    expect(hcp.spec).toEqual({
      targetRef: { group: '', kind: 'Service', name: 'web' },
      default: {
        interval: '5s',
        timeout: '2s',
        healthyThreshold: 1,
        unhealthyThreshold: 4,
        port: probe.port,
        useTLS: false,
        http: { path: probe.path, match: { statusCodes: [{ start: 200, end: 399 }] } },
      },
    });
    expect(one(objects, 'RoutePolicy', 'web').spec).toEqual({
      targetRef: { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'web' },
      default: {
        timeouts: { routeTimeout: '60s' },
        sessionAffinity: { affinityType: 'managed-cookie', cookieDuration: '3600s' },
      },
    });
    expect(one(objects, 'HTTPRoute', 'web').spec.parentRefs).toEqual([{ name: 'public', namespace: 'gateways' }]);
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('a canary: one HealthCheckPolicy per version Service, weighted backendRefs; a created Gateway names its ApplicationLoadBalancer', () => {
    const objects = synth({
      ...canary,
      expose: [
        AgcRoute.http({
          gateway: {
            className: 'azure-alb-external',
            listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, certificateSecrets: ['web-tls'] }],
          },
          applicationLoadBalancer: { name: 'alb', namespace: 'alb-infra' },
        }),
      ],
    });
    expect(
      all(objects, 'HealthCheckPolicy')
        .map((o) => o.spec.targetRef.name)
        .sort(),
    ).toEqual(['web-v1', 'web-v2']);
    expect(one(objects, 'Gateway', 'web').metadata.annotations).toEqual({
      'alb.networking.azure.io/alb-name': 'alb',
      'alb.networking.azure.io/alb-namespace': 'alb-infra',
    });
    expect(one(objects, 'HTTPRoute', 'web').spec.rules[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual(
      [90, 10],
    );
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('streaming: the RoutePolicy timeout is the longest stream', () => {
    const objects = synth({
      ...web,
      traffic: {
        profile: TrafficProfile.STREAMING,
        maxStreamDuration: Duration.minutes(30),
        // AGC's fixed 5-minute idle timeout is shorter than the stream (CT-TRAFFIC-070 otherwise).
        acknowledge: { 'CT-TRAFFIC-070': 'the server writes a heartbeat every minute' },
      },
      expose: [AgcRoute.http({ parents: [{ name: 'public' }] })],
    });
    expect(one(objects, 'RoutePolicy', 'web').spec.default.timeouts).toEqual({ routeTimeout: '1800s' });
  });

  test('the policy admits the association subnet on the traffic and probed ports', () => {
    const objects = synth({
      ...web,
      expose: [AgcRoute.http({ parents: [{ name: 'public' }], subnetCidrs: ['10.225.0.0/24'] })],
      dataplane: Dataplane.kubernetes(),
    });
    const ingress = one(objects, 'NetworkPolicy', 'web').spec.ingress as {
      from?: { ipBlock?: { cidr: string } }[];
      ports?: { port: number }[];
    }[];
    expect(
      ingress
        .filter((r) => r.from?.some((p) => p.ipBlock?.cidr === '10.225.0.0/24'))
        .map((r) => r.ports?.map((p) => p.port)),
    ).toEqual([[8080]]);
  });

  test('bad inputs: class, ApplicationLoadBalancer, affinity, subnet', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        AgcRoute.http({
          gateway: {
            className: 'cilium',
            controllerName: 'io.cilium/gateway-controller',
            listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
          },
          sessionAffinity: { type: 'application-cookie' },
          subnetCidrs: ['10.0.0.0/40'],
          routeTimeout: Duration.millis(1500),
        }),
      ],
    });
    lineFor(lines, 'expose[0].gateway.className', '"cilium"', 'azure-alb-external');
    lineFor(lines, 'expose[0].gateway.controllerName', '"io.cilium/gateway-controller"', 'installs the GatewayClass');
    lineFor(lines, 'expose[0].applicationLoadBalancer', 'undefined', 'names the ApplicationLoadBalancer');
    lineFor(lines, 'expose[0].sessionAffinity.cookieName', 'undefined', 'needs a name');
    lineFor(lines, 'expose[0].subnetCidrs[0]', '"10.0.0.0/40"', 'is not a CIDR');
    lineFor(lines, 'expose[0].routeTimeout', 'Duration(1.5s)', 'whole number of seconds');
  });
});

test('gRPC and HTTPS readiness probes: grpc and useTLS HealthCheckPolicies (valid against the JSON Schema); a TCP probe is refused', () => {
  const g = synth({
    ...web,
    readiness: Probe.grpc({ port: 'http', service: 'orders' }),
    expose: [AgcRoute.http({ parents: [{ name: 'p' }] })],
  });
  expect(one(g, 'HealthCheckPolicy', 'web').spec.default).toMatchObject({ port: 8080, grpc: { service: 'orders' } });
  expect(validateCrds(g)).toMatchObject({ errors: [], unchecked: [] });
  const h = synth({
    ...web,
    readiness: Probe.httpGet('/ready', { port: 'http', scheme: 'HTTPS' }),
    expose: [AgcRoute.http({ parents: [{ name: 'p' }] })],
  });
  expect(one(h, 'HealthCheckPolicy', 'web').spec.default).toMatchObject({ useTLS: true, http: { path: '/ready' } });
  const lines = problemsOf({
    ...web,
    readiness: Probe.tcpSocket({ port: 'http' }),
    expose: [AgcRoute.http({ parents: [{ name: 'p' }] })],
  });
  lineFor(lines, 'readiness', '"tcpSocket"', 'check targets over HTTP or gRPC only');
});

test('the JSON Schema check can fail: an unknown field in a HealthCheckPolicy is reported', () => {
  const o = structuredClone(
    one(synth({ ...web, expose: [AgcRoute.http({ parents: [{ name: 'p' }] })] }), 'HealthCheckPolicy', 'web'),
  );
  o.spec.default.intervall = '5s';
  expect(validateCrds([o]).errors).toEqual([expect.stringMatching(/unknown field "intervall"/)]);
});

test('healthCheck override: path replaced, the probe timing kept; a bad path is reported', () => {
  const objects = synth({
    ...web,
    expose: [
      AgcRoute.http({
        parents: [{ name: 'p' }],
        healthCheck: { path: '/livez', reason: 'the gateway must not see the readiness drain' },
      }),
    ],
  });
  expect(one(objects, 'HealthCheckPolicy', 'web').spec.default).toMatchObject({
    interval: '5s',
    http: { path: '/livez' },
  });
  const lines = problemsOf({
    ...web,
    expose: [AgcRoute.http({ parents: [{ name: 'p' }], healthCheck: { path: 'livez', reason: 'x' } })],
  });
  lineFor(lines, 'expose[0].healthCheck.path', '"livez"', 'must start with "/"');
});
