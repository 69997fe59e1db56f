import { Certificate, Probe, TerraformLoadBalancer } from '../../lib';
import type { AlpnPolicy } from '../../lib';
import { definitionError, problemsAt, resources, synthStack, webApp } from './support';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/** A gRPC app (appProtocol grpc) behind a Terraform NLB. */
const grpcApp = (nlb: Parameters<typeof TerraformLoadBalancer.nlb>[0]) =>
  webApp({
    ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
    readiness: Probe.grpc({ port: 'grpc' }),
    service: { ports: [{ name: 'grpc', port: 9090, targetPort: 'grpc' }] },
    expose: [TerraformLoadBalancer.nlb(nlb)],
  });
const listeners = (tf: ReturnType<typeof synthStack>['tf']) => Object.values(resources(tf, 'aws_lb_listener'));

describe('ALPN on the TLS listeners of Terraform NLBs', () => {
  test('GIVEN a gRPC backend behind a TLS NLB THEN the listener offers only HTTP/2 (alpn_policy HTTP2Only)', () => {
    const { tf, stack } = synthStack([grpcApp({ listenerPort: 443, certificate: Certificate.fromArn(CERT) })]);
    expect(listeners(tf)).toHaveLength(1);
    expect(listeners(tf)[0]).toMatchObject({ protocol: 'TLS', port: 443, alpn_policy: 'HTTP2Only' });
    expect(stack.specs[0].exposures[0]).toMatchObject({ alpnPolicy: 'HTTP2Only' });
  });

  test('GIVEN an HTTP/2 backend (traffic.backendProtocol http2) THEN HTTP2Only too', () => {
    const { tf } = synthStack([
      webApp({
        readiness: Probe.tcpSocket({ port: 'http' }),
        traffic: { backendProtocol: 'http2' },
        expose: [TerraformLoadBalancer.nlb({ certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
    expect(listeners(tf)[0].alpn_policy).toBe('HTTP2Only');
  });

  test('GIVEN an HTTP/1 backend THEN no ALPN policy is written; a TCP listener never gets one', () => {
    const http1 = synthStack([
      webApp({
        readiness: Probe.tcpSocket({ port: 'http' }),
        expose: [TerraformLoadBalancer.nlb({ certificate: Certificate.fromArn(CERT) })],
      }),
    ]);
    expect(listeners(http1.tf)[0].protocol).toBe('TLS');
    expect(listeners(http1.tf)[0]).not.toHaveProperty('alpn_policy');
    const tcp = synthStack([grpcApp({})]);
    expect(listeners(tcp.tf)[0].protocol).toBe('TCP');
    expect(listeners(tcp.tf)[0]).not.toHaveProperty('alpn_policy');
  });

  test.each<AlpnPolicy>(['HTTP1Only', 'HTTP2Only', 'HTTP2Optional', 'HTTP2Preferred', 'None'])(
    'alpnPolicy %s is written as chosen',
    (alpnPolicy) => {
      const { tf } = synthStack([
        webApp({
          readiness: Probe.tcpSocket({ port: 'http' }),
          expose: [TerraformLoadBalancer.nlb({ certificate: Certificate.fromArn(CERT), alpnPolicy })],
        }),
      ]);
      expect(listeners(tf)[0].alpn_policy).toBe(alpnPolicy);
    },
  );

  test('GIVEN a gRPC backend and a listener that offers no HTTP/2 THEN rule CT-TRAFFIC-044 fails the synth', () => {
    for (const alpnPolicy of ['None', 'HTTP1Only'] as const) {
      const e = definitionError(() => synthStack([grpcApp({ certificate: Certificate.fromArn(CERT), alpnPolicy })]));
      const found = problemsAt(e, 'expose[0].alpnPolicy');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ path: 'test/web', value: alpnPolicy, ruleId: 'CT-TRAFFIC-044' });
      expect(found[0].message).toMatch(/gRPC clients, which require h2, fail the handshake/);
      expect(found[0].fix).toMatch(/alpnPolicy: 'HTTP2Only'/);
    }
    // HTTP2Optional still offers h2: accepted.
    expect(
      listeners(synthStack([grpcApp({ certificate: Certificate.fromArn(CERT), alpnPolicy: 'HTTP2Optional' })]).tf)[0]
        .alpn_policy,
    ).toBe('HTTP2Optional');
  });

  test('bad input: an unknown policy, an ALB, a TCP listener', () => {
    const cases: [() => unknown, unknown, RegExp, RegExp][] = [
      [
        () =>
          synthStack([grpcApp({ certificate: Certificate.fromArn(CERT), alpnPolicy: 'h2' as unknown as AlpnPolicy })]),
        'h2',
        /must be one of .*"HTTP2Only"/,
        /HTTP2Only/,
      ],
      [
        () =>
          synthStack([
            webApp({
              expose: [
                TerraformLoadBalancer.alb({
                  hosts: ['web.example.com'],
                  certificate: Certificate.fromArn(CERT),
                  alpnPolicy: 'HTTP2Only',
                } as Parameters<typeof TerraformLoadBalancer.alb>[0]),
              ],
            }),
          ]),
        'HTTP2Only',
        /is not a known field here/,
        /remove it/,
      ],
      [
        () => synthStack([grpcApp({ alpnPolicy: 'HTTP2Only' })]),
        'HTTP2Only',
        /TCP listener does not negotiate ALPN/,
        /certificate/,
      ],
    ];
    for (const [fn, value, message, fix] of cases) {
      const found = problemsAt(definitionError(fn), 'expose[0].alpnPolicy');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ path: 'test/web', value });
      expect(found[0].message).toMatch(message);
      expect(found[0].fix).toMatch(fix);
    }
  });
});
