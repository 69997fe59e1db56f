import { Duration } from 'cdk8s';
import { HealthCheck, IngressExposure, Probe, TrafficProfile } from '../../lib';
import { all, one } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';
import { CERT, expectDocumentedAnnotations, readinessOf, synth, web } from './support';

const A = 'alb.ingress.kubernetes.io/';

describe('ALB Ingress', () => {
  test('GIVEN an internet-facing ALB with a certificate THEN HTTPS 443 + HTTP 80 redirected, TLS 1.3 policy, ip targets, documented annotations', () => {
    const objects = synth({
      ...web,
      expose: [IngressExposure.alb({ hosts: ['www.example.com'], scheme: 'internet-facing', certificateArns: [CERT] })],
    });
    const ing = one(objects, 'Ingress', 'web');
    const a = ing.metadata.annotations!;
    expect(a[`${A}scheme`]).toBe('internet-facing');
    expect(a[`${A}target-type`]).toBe('ip');
    expect(a[`${A}listen-ports`]).toBe('[{"HTTP":80},{"HTTPS":443}]');
    expect(a[`${A}ssl-redirect`]).toBe('443');
    expect(a[`${A}certificate-arn`]).toBe(CERT);
    expect(a[`${A}ssl-policy`]).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(a[`${A}backend-protocol`]).toBe('HTTP');
    expect(a[`${A}backend-protocol-version`]).toBe('HTTP1');
    expect(a[`${A}load-balancer-attributes`]).toBe(
      'idle_timeout.timeout_seconds=60,routing.http.drop_invalid_header_fields.enabled=true',
    );
    expect(a[`${A}target-group-attributes`]).toBe(
      'deregistration_delay.timeout_seconds=30,load_balancing.algorithm.type=round_robin',
    );
    expect(expectDocumentedAnnotations(ing)).toBe(Object.keys(a).length);
    expect(ing.spec).toEqual({
      ingressClassName: 'alb',
      rules: [
        {
          host: 'www.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }],
          },
        },
      ],
    });
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('the health check is the readiness probe: path, port (the pod port, for ip targets), interval, timeout, thresholds', () => {
    const objects = synth({ ...web, expose: [IngressExposure.alb()] });
    const a = one(objects, 'Ingress').metadata.annotations!;
    const probe = readinessOf(objects, 'web');
    expect(a[`${A}healthcheck-path`]).toBe(probe.path);
    expect(a[`${A}healthcheck-port`]).toBe(String(probe.port));
    expect(probe).toEqual({ path: '/ready', port: 8080 });
    expect(a[`${A}healthcheck-protocol`]).toBe('HTTP');
    expect(a[`${A}healthcheck-interval-seconds`]).toBe('5');
    expect(a[`${A}healthcheck-timeout-seconds`]).toBe('2');
    expect(a[`${A}healthy-threshold-count`]).toBe('2'); // probe successThreshold 1, AWS minimum 2
    expect(a[`${A}unhealthy-threshold-count`]).toBe('4');
    expect(a[`${A}success-codes`]).toBe('200-399');
  });

  test('probe timings AWS cannot copy: a timeout at or above the interval is lowered, a failure threshold over 10 clamped, each with a note', () => {
    const objects = synth({
      ...web,
      readiness: Probe.httpGet('/ready', {
        port: 'http',
        period: Duration.seconds(5),
        timeout: Duration.seconds(5),
        failureThreshold: 30,
      }),
      expose: [IngressExposure.alb()],
    });
    const a = one(objects, 'Ingress').metadata.annotations!;
    expect([
      a[`${A}healthcheck-interval-seconds`],
      a[`${A}healthcheck-timeout-seconds`],
      a[`${A}unhealthy-threshold-count`],
    ]).toEqual(['5', '4', '10']);
  });

  test('an override with a reason replaces the derived values it names', () => {
    const objects = synth({
      ...web,
      expose: [
        IngressExposure.alb({
          healthCheck: HealthCheck.override({
            path: '/lb',
            reason: 'the ALB cannot send the auth header /ready needs',
          }),
        }),
      ],
    });
    const a = one(objects, 'Ingress').metadata.annotations!;
    expect([a[`${A}healthcheck-path`], a[`${A}healthcheck-port`]]).toEqual(['/lb', '8080']);
  });

  test('traffic policy: streaming -> least outstanding requests, idle timeout and deregistration delay of the longest stream', () => {
    const objects = synth({
      ...web,
      traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(5) },
      expose: [IngressExposure.alb({ slowStart: Duration.seconds(0) })],
    });
    const a = one(objects, 'Ingress').metadata.annotations!;
    expect(a[`${A}target-group-attributes`]).toBe(
      'deregistration_delay.timeout_seconds=300,load_balancing.algorithm.type=least_outstanding_requests',
    );
    expect(a[`${A}load-balancer-attributes`]).toContain('idle_timeout.timeout_seconds=300');
  });

  test('typed settings: group, WAF, inbound CIDRs, deletion protection, access logs, slow start, gRPC', () => {
    const objects = synth({
      ...web,
      ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
      service: { ports: [{ name: 'grpc', port: 443, targetPort: 'grpc' }] },
      readiness: Probe.grpc({ port: 'grpc' }),
      expose: [
        IngressExposure.alb({
          certificateArns: [CERT],
          listenPorts: [{ protocol: 'HTTPS', port: 443 }],
          group: { name: 'shared.alb', order: -5 },
          wafv2AclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/edge/0a1b2c3d-1111-2222-3333-444455556666',
          inboundCidrs: ['203.0.113.0/24'],
          deletionProtection: true,
          accessLogs: { bucket: 'acme-logs' },
          slowStart: Duration.seconds(60),
        }),
      ],
    });
    const ing = one(objects, 'Ingress');
    const a = ing.metadata.annotations!;
    expect(a[`${A}group.name`]).toBe('shared.alb');
    expect(a[`${A}group.order`]).toBe('-5');
    expect(a[`${A}ssl-redirect`]).toBeUndefined(); // no HTTP listener
    expect(a[`${A}backend-protocol-version`]).toBe('GRPC');
    expect(a[`${A}healthcheck-path`]).toBe('/grpc.health.v1.Health/Check');
    expect(a[`${A}success-codes`]).toBe('0');
    expect(a[`${A}healthcheck-port`]).toBe('9090');
    expect(a[`${A}inbound-cidrs`]).toBe('203.0.113.0/24');
    expect(a[`${A}target-group-attributes`]).toBe(
      'deregistration_delay.timeout_seconds=30,slow_start.duration_seconds=60,load_balancing.algorithm.type=round_robin',
    );
    expect(a[`${A}load-balancer-attributes`]).toBe(
      'idle_timeout.timeout_seconds=60,routing.http.drop_invalid_header_fields.enabled=true,deletion_protection.enabled=true,access_logs.s3.enabled=true,access_logs.s3.bucket=acme-logs',
    );
    expect(expectDocumentedAnnotations(ing)).toBe(Object.keys(a).length);
  });

  test('two apps share one ALB through an IngressGroup, ordered', () => {
    const objects = synth(
      { ...web, expose: [IngressExposure.alb({ hosts: ['a.example.com'], group: { name: 'public', order: 1 } })] },
      {
        ...web,
        name: 'api',
        expose: [IngressExposure.alb({ hosts: ['b.example.com'], group: { name: 'public', order: 2 } })],
      },
    );
    const ings = all(objects, 'Ingress');
    expect(
      ings.map((i) => [
        i.metadata.name,
        i.metadata.annotations![`${A}group.name`],
        i.metadata.annotations![`${A}group.order`],
      ]),
    ).toEqual([
      ['web', 'public', '1'],
      ['api', 'public', '2'],
    ]);
  });

  test('canaries: a weighted forward action to the per-version Services (99/1), the path names the action', () => {
    const objects = synth({
      ...web,
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 1 } },
      expose: [IngressExposure.alb({ paths: [{ path: '/app' }] })],
    });
    const ing = one(objects, 'Ingress');
    const action = JSON.parse(ing.metadata.annotations![`${A}actions.weighted-80`]);
    expect(action).toEqual({
      type: 'forward',
      forwardConfig: {
        targetGroups: [
          { serviceName: 'web-v1', servicePort: '80', weight: 99 },
          { serviceName: 'web-v2', servicePort: '80', weight: 1 },
        ],
      },
    });
    for (const tg of action.forwardConfig.targetGroups) one(objects, 'Service', tg.serviceName);
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({
      service: { name: 'weighted-80', port: { name: 'use-annotation' } },
    });
    expectDocumentedAnnotations(ing);
  });

  test('escape hatch: a documented annotation the typed options do not cover is written', () => {
    const ing = one(
      synth({
        ...web,
        expose: [
          IngressExposure.alb({
            annotations: { [`${A}shield-advanced-protection`]: 'true', 'example.com/owner': 'team-a' },
          }),
        ],
      }),
      'Ingress',
    );
    expect(ing.metadata.annotations![`${A}shield-advanced-protection`]).toBe('true');
    expect(ing.metadata.annotations!['example.com/owner']).toBe('team-a');
  });
});

describe('Ingress for another controller', () => {
  test('class, hosts, paths with pathType, TLS Secrets, default backend; no ALB annotation', () => {
    const objects = synth({
      ...web,
      expose: [
        IngressExposure.withClass({
          className: 'nginx',
          hosts: ['a.example.com'],
          paths: [{ path: '/api', pathType: 'Exact', port: 80 }, { path: '/' }],
          tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }],
          defaultBackend: true,
        }),
      ],
    });
    const ing = one(objects, 'Ingress');
    expect(ing.metadata.annotations).toBeUndefined();
    expect(ing.spec).toEqual({
      ingressClassName: 'nginx',
      defaultBackend: { service: { name: 'web', port: { name: 'http' } } },
      tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }],
      rules: [
        {
          host: 'a.example.com',
          http: {
            paths: [
              { path: '/api', pathType: 'Exact', backend: { service: { name: 'web', port: { name: 'http' } } } },
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } },
            ],
          },
        },
      ],
    });
    expect(validateCore(objects).errors).toEqual([]);
  });
});
