import { Duration } from 'cdk8s';
import { LoadBalancerServiceExposure, Probe } from '../../lib';
import { one } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';
import { CERT, expectDocumentedAnnotations, readinessOf, synth, web } from './support';

const S = 'service.beta.kubernetes.io/';

describe('NLB Service (type LoadBalancer through the AWS Load Balancer Controller)', () => {
  test('GIVEN the defaults THEN a separate <service>-nlb Service: external, ip targets, internal, loadBalancerClass, health check from the readiness probe', () => {
    const objects = synth({ ...web, expose: [LoadBalancerServiceExposure.nlb()] });
    const svc = one(objects, 'Service', 'web-nlb');
    expect(one(objects, 'Service', 'web').spec.type).toBe('ClusterIP'); // the app's Service stays
    expect(svc.spec).toEqual({
      type: 'LoadBalancer',
      loadBalancerClass: 'service.k8s.aws/nlb',
      allocateLoadBalancerNodePorts: false,
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 'http' }],
    });
    const a = svc.metadata.annotations!;
    const probe = readinessOf(objects, 'web');
    expect(a).toEqual({
      [`${S}aws-load-balancer-type`]: 'external',
      [`${S}aws-load-balancer-nlb-target-type`]: 'ip',
      [`${S}aws-load-balancer-scheme`]: 'internal',
      [`${S}aws-load-balancer-ip-address-type`]: 'ipv4',
      [`${S}aws-load-balancer-healthcheck-protocol`]: 'http',
      [`${S}aws-load-balancer-healthcheck-port`]: String(probe.port),
      [`${S}aws-load-balancer-healthcheck-path`]: probe.path,
      [`${S}aws-load-balancer-healthcheck-interval`]: '5',
      [`${S}aws-load-balancer-healthcheck-timeout`]: '2',
      [`${S}aws-load-balancer-healthcheck-healthy-threshold`]: '2',
      [`${S}aws-load-balancer-healthcheck-unhealthy-threshold`]: '4',
      [`${S}aws-load-balancer-healthcheck-success-codes`]: '200-399',
      [`${S}aws-load-balancer-target-group-attributes`]:
        'deregistration_delay.timeout_seconds=30,deregistration_delay.connection_termination.enabled=true,proxy_protocol_v2.enabled=false',
      [`${S}aws-load-balancer-listener-attributes.TCP-80`]: 'tcp.idle_timeout.seconds=60',
    });
    expect([probe.path, probe.port]).toEqual(['/ready', 8080]);
    expect(expectDocumentedAnnotations(svc)).toBe(Object.keys(a).length);
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('TLS with the TLS 1.3 policy on the chosen ports; TCP probe -> TCP health check on its port; source ranges; Local policy', () => {
    const objects = synth({
      ...web,
      ports: [
        { name: 'tls', port: 8443 },
        { name: 'admin', port: 9000 },
      ],
      readiness: Probe.tcpSocket({ port: 'tls' }),
      service: {
        ports: [
          { name: 'tls', port: 443, targetPort: 'tls' },
          { name: 'admin', port: 9000, targetPort: 'admin' },
        ],
      },
      expose: [
        LoadBalancerServiceExposure.nlb({
          scheme: 'internet-facing',
          tls: { certificateArns: [CERT], ports: ['tls'] },
          sourceRanges: ['198.51.100.0/24'],
          preserveClientIp: true,
          proxyProtocolV2: true,
          idleTimeout: Duration.seconds(600),
          externalTrafficPolicy: 'Local',
          crossZone: true,
        }),
      ],
    });
    const svc = one(objects, 'Service', 'web-nlb');
    const a = svc.metadata.annotations!;
    expect(a[`${S}aws-load-balancer-ssl-cert`]).toBe(CERT);
    expect(a[`${S}aws-load-balancer-ssl-ports`]).toBe('443');
    expect(a[`${S}aws-load-balancer-ssl-negotiation-policy`]).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(a[`${S}aws-load-balancer-healthcheck-protocol`]).toBe('tcp');
    expect(a[`${S}aws-load-balancer-healthcheck-port`]).toBe('8443');
    expect(a[`${S}aws-load-balancer-healthcheck-path`]).toBeUndefined();
    expect(a[`${S}aws-load-balancer-target-group-attributes`]).toBe(
      'deregistration_delay.timeout_seconds=30,deregistration_delay.connection_termination.enabled=true,preserve_client_ip.enabled=true,proxy_protocol_v2.enabled=true',
    );
    expect(a[`${S}aws-load-balancer-listener-attributes.TCP-9000`]).toBe('tcp.idle_timeout.seconds=600');
    expect(a[`${S}aws-load-balancer-listener-attributes.TCP-443`]).toBeUndefined(); // a TLS listener
    expect(a[`${S}aws-load-balancer-attributes`]).toBe('load_balancing.cross_zone.enabled=true');
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['198.51.100.0/24']);
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expectDocumentedAnnotations(svc);
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('escape hatch: a documented key is written', () => {
    const svc = one(
      synth({
        ...web,
        expose: [
          LoadBalancerServiceExposure.nlb({
            name: 'web-public',
            annotations: { [`${S}aws-load-balancer-additional-resource-tags`]: 'team=shop' },
          }),
        ],
      }),
      'Service',
      'web-public',
    );
    expect(svc.metadata.annotations![`${S}aws-load-balancer-additional-resource-tags`]).toBe('team=shop');
  });
});
