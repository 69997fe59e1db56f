import { Duration, JsonPatch, Testing } from 'cdk8s';
import {
  AwsGatewayRoute,
  Certificate,
  Dataplane,
  GatewayRouteExposure,
  HttpFilter,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
} from '../../lib';
import { all, K8sObject, one } from '../support/k8s';
import { validateCrds } from '../support/validate-crd';
import { CERT, lineFor, problemsOf, readinessOf, synth, web } from '../expose/support';

const alb = {
  scheme: 'internet-facing' as const,
  listeners: [
    { name: 'http', protocol: 'HTTP' as const, port: 80 },
    { name: 'https', protocol: 'HTTPS' as const, port: 443, certificates: [Certificate.fromArn(CERT)] },
  ],
};

const grpcApp: TrafficAppProps = {
  name: 'orders',
  namespace: 'shop',
  image: 'ghcr.io/acme/orders:1.0.0',
  ports: [{ name: 'grpc', port: 9090, appProtocol: 'grpc' }],
  readiness: Probe.tcpSocket({ port: 'grpc', period: Duration.seconds(10) }),
  service: { ports: [{ name: 'grpc', port: 9090, targetPort: 'grpc' }] },
};

/** The pods a Service selects: the Deployments whose template labels include its selector. */
function podsOf(objects: K8sObject[], service: string): K8sObject[] {
  const sel = one(objects, 'Service', service).spec.selector as Record<string, string>;
  return all(objects, 'Deployment').filter((d) => {
    const labels = d.spec.template.metadata.labels as Record<string, string>;
    return Object.entries(sel).every(([k, v]) => labels[k] === v);
  });
}

/** Every TargetGroupConfiguration names a Service written, whose pods' readiness probe is its health check. */
function expectTargetGroupsFollowReadiness(objects: K8sObject[]): number {
  const tgcs = all(objects, 'TargetGroupConfiguration');
  for (const tgc of tgcs) {
    const svc = tgc.spec.targetReference.name as string;
    expect(all(objects, 'Service').map((s) => s.metadata.name)).toContain(svc);
    const pods = podsOf(objects, svc);
    expect(pods.length).toBeGreaterThan(0);
    for (const d of pods) {
      const probe = d.spec.template.spec.containers[0].readinessProbe;
      const hc = tgc.spec.defaultConfiguration.healthCheckConfig;
      expect(hc.healthCheckInterval).toBe(probe.periodSeconds);
      expect(hc.unhealthyThresholdCount).toBe(probe.failureThreshold);
      const port = probe.httpGet?.port ?? probe.tcpSocket?.port;
      const named = d.spec.template.spec.containers[0].ports.find((p: { name: string }) => p.name === port);
      expect(Number(hc.healthCheckPort)).toBe(named ? named.containerPort : port);
      if (probe.httpGet) expect(hc.healthCheckPath).toBe(probe.httpGet.path);
      else expect(hc.healthCheckProtocol).toBe('TCP');
    }
  }
  return tgcs.length;
}

describe('AWS Load Balancer Controller Gateway API (AwsGatewayRoute)', () => {
  test('ALB Gateway: GatewayClass of gateway.k8s.aws/alb, Gateway without certificateRefs pointing at its LoadBalancerConfiguration (scheme, ACM certificate, TLS 1.3 policy, idle timeout), HTTPRoute, TargetGroupConfiguration from the readiness probe', () => {
    const objects = synth({
      ...web,
      expose: [AwsGatewayRoute.http({ gateway: alb, hostnames: ['shop.example.com'] })],
    });
    expect(one(objects, 'GatewayClass', 'aws-alb').spec).toEqual({ controllerName: 'gateway.k8s.aws/alb' });
    const gw = one(objects, 'Gateway', 'web');
    expect(gw.spec.gatewayClassName).toBe('aws-alb');
    expect(gw.spec.infrastructure).toEqual({
      parametersRef: { group: 'gateway.k8s.aws', kind: 'LoadBalancerConfiguration', name: 'web' },
    });
    expect(JSON.stringify(gw.spec)).not.toContain('certificateRefs');
    expect(one(objects, 'LoadBalancerConfiguration', 'web').spec).toEqual({
      scheme: 'internet-facing',
      listenerConfigurations: [
        { protocolPort: 'HTTPS:443', defaultCertificate: CERT, sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' },
      ],
      loadBalancerAttributes: [
        { key: 'idle_timeout.timeout_seconds', value: '60' },
        { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' },
      ],
    });
    const route = one(objects, 'HTTPRoute', 'web');
    expect(route.spec.parentRefs).toEqual([{ name: 'web' }]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    const probe = readinessOf(objects, 'web');
    const tgc = one(objects, 'TargetGroupConfiguration', 'web');
    expect(tgc.spec).toEqual({
      targetReference: { name: 'web' },
      defaultConfiguration: {
        targetType: 'ip',
        protocolVersion: 'HTTP1',
        healthCheckConfig: {
          healthCheckProtocol: 'HTTP',
          healthCheckPort: String(probe.port),
          healthCheckPath: probe.path,
          healthCheckInterval: 5,
          healthCheckTimeout: 2,
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 4,
          matcher: { httpCode: '200-399' },
        },
        targetGroupAttributes: [
          { key: 'deregistration_delay.timeout_seconds', value: '30' },
          { key: 'load_balancing.algorithm.type', value: 'round_robin' },
        ],
      },
    });
    expect(expectTargetGroupsFollowReadiness(objects)).toBe(1);
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('a canary: weighted backendRefs and one TargetGroupConfiguration per version Service, each following the readiness probe of the pods it selects', () => {
    const objects = synth({
      ...web,
      versions: { v2: { image: 'ghcr.io/acme/web:2.0.0', weight: 10 } },
      traffic: { canaryHeader: { name: 'x-canary', value: 'on' } },
      expose: [AwsGatewayRoute.http({ parents: [{ name: 'edge', namespace: 'gateways' }] })],
    });
    const rules = one(objects, 'HTTPRoute', 'web').spec.rules;
    expect(rules.length).toBe(2);
    expect(rules[1].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([90, 10]);
    expect(all(objects, 'Gateway')).toEqual([]);
    expect(all(objects, 'LoadBalancerConfiguration')).toEqual([]);
    expect(expectTargetGroupsFollowReadiness(objects)).toBe(2);
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('NLB Gateway: a gRPC app on a TCP listener, TCPRoute, TCP health check from the tcpSocket probe, NLB attributes, listener idle timeout', () => {
    const objects = synth({
      ...grpcApp,
      expose: [
        AwsGatewayRoute.tcp({
          gateway: { listeners: [{ name: 'grpc', protocol: 'TCP', port: 443 }], subnets: ['subnet-0a1b2c3d4e5f60718'] },
          targetGroup: { deregistrationDelay: Duration.seconds(20) },
        }),
      ],
    });
    expect(one(objects, 'GatewayClass', 'aws-nlb').spec.controllerName).toBe('gateway.k8s.aws/nlb');
    expect(one(objects, 'Gateway', 'orders').spec.listeners).toEqual([
      { name: 'grpc', protocol: 'TCP', port: 443, allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
    expect(one(objects, 'LoadBalancerConfiguration', 'orders').spec).toEqual({
      scheme: 'internal',
      loadBalancerSubnets: [{ identifier: 'subnet-0a1b2c3d4e5f60718' }],
      listenerConfigurations: [
        { protocolPort: 'TCP:443', listenerAttributes: [{ key: 'tcp.idle_timeout.seconds', value: '60' }] },
      ],
    });
    const route = one(objects, 'TCPRoute', 'orders');
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(route.spec).toEqual({
      parentRefs: [{ name: 'orders' }],
      rules: [{ backendRefs: [{ name: 'orders', port: 9090 }] }],
    });
    const tgc = one(objects, 'TargetGroupConfiguration', 'orders').spec.defaultConfiguration;
    expect(tgc.protocolVersion).toBeUndefined();
    expect(tgc.healthCheckConfig).toMatchObject({
      healthCheckProtocol: 'TCP',
      healthCheckPort: '9090',
      healthCheckInterval: 10,
    });
    expect(tgc.targetGroupAttributes).toEqual([
      { key: 'deregistration_delay.timeout_seconds', value: '20' },
      { key: 'deregistration_delay.connection_termination.enabled', value: 'true' },
      { key: 'proxy_protocol_v2.enabled', value: 'false' },
    ]);
    expect(expectTargetGroupsFollowReadiness(objects)).toBe(1);
    expect(validateCrds(objects)).toMatchObject({ errors: [], unchecked: [] });
  });

  test('the network policy admits the load balancer on the traffic and health check ports, as for the ALB Ingress', () => {
    const objects = synth({
      ...web,
      expose: [AwsGatewayRoute.http({ gateway: alb })],
      dataplane: Dataplane.kubernetes(),
    });
    const ingress = one(objects, 'NetworkPolicy', 'web').spec.ingress as { ports: { port: number }[] }[];
    expect(ingress.flatMap((r) => r.ports.map((p) => p.port))).toContain(8080);
  });

  test('a version at weight 0: warned (CT-AWS-120) and the controller version that gives it a target group is required', () => {
    const app = TrafficApp.define({
      ...grpcApp,
      versions: { v2: { image: 'ghcr.io/acme/orders:2.0.0', weight: 0 } },
      expose: [AwsGatewayRoute.tcp({ parents: [{ name: 'nlb', namespace: 'gateways' }] })],
    });
    expect(app.spec.exposures[0].traits.requires).toContainEqual({
      name: 'AWS Load Balancer Controller',
      target: 'awsLoadBalancerController',
      minVersion: '3.4.0',
      why: 'a weight-0 backend gets a target group (LBC#4732)',
    });
    const chart = new TrafficChart(Testing.app(), 'test', { printWarnings: false, apps: [app] });
    expect(chart.warnings.map((w) => w.id)).toContain('CT-AWS-120');
    const backendRefs = Testing.synth(chart).find((o) => o.kind === 'TCPRoute').spec.rules[0].backendRefs;
    expect(backendRefs.map((b: { weight: number }) => b.weight)).toEqual([100, 0]);
  });
});

describe('what the ALB Gateway does not implement (LBC v3.5 conformance: HTTPRoute timeouts, retries, header modifiers)', () => {
  test("the traffic policy's request timeout and retries are not written on the route (even on the experimental channel), and are warned of as on the ALB Ingress (CT-TRAFFIC-032)", () => {
    const app = TrafficApp.define({
      ...web,
      traffic: { requestTimeout: Duration.seconds(30), retry: { attempts: 2 }, gatewayApiChannel: 'experimental' },
      expose: [AwsGatewayRoute.http({ parents: [{ name: 'edge' }] })],
    });
    const chart = new TrafficChart(Testing.app(), 'test', { printWarnings: false, apps: [app] });
    const route = Testing.synth(chart).find((o) => o.kind === 'HTTPRoute');
    expect(route.spec.rules[0].timeouts).toBeUndefined();
    expect(route.spec.rules[0].retry).toBeUndefined();
    expect(chart.warnings.map((w) => `${w.id} ${w.message.split(' is declared')[0]}`).sort()).toEqual([
      'CT-TRAFFIC-032 traffic.requestTimeout',
      'CT-TRAFFIC-032 traffic.retry',
    ]);
  });

  test('a rule timeout and a header modifier filter are refused (the controller would ignore them)', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        AwsGatewayRoute.http({
          parents: [{ name: 'edge' }],
          rules: [{ timeout: Duration.seconds(10), filters: [HttpFilter.requestHeaders({ set: { 'x-a': 'b' } })] }],
        }),
      ],
    });
    lineFor(lines, 'expose[0].rules[0].timeout', 'Duration(10s)', 'does not implement HTTPRoute timeouts');
    lineFor(lines, 'expose[0].rules[0].filters[0].type', '"RequestHeaderModifier"', 'header modifier filters');
  });
});

describe('the written TargetGroupConfiguration, after a patch', () => {
  test("a patched health check path that is not the readiness probe's is an error (CT-K8S-022)", () => {
    const app = TrafficApp.define({ ...web, expose: [AwsGatewayRoute.http({ parents: [{ name: 'edge' }] })] });
    const chart = new TrafficChart(Testing.app(), 'test', { printWarnings: false, apps: [app] });
    const tgc = chart
      .objectsOf(app)
      .all()
      .find((o) => o.kind === 'TargetGroupConfiguration')!;
    tgc.addJsonPatch(JsonPatch.replace('/spec/defaultConfiguration/healthCheckConfig/healthCheckPath', '/'));
    expect(() => Testing.synth(chart)).toThrow(/CT-K8S-022|checks another endpoint than the readiness probe/);
  });
});

describe('AwsGatewayRoute: bad input', () => {
  test('an L4 listener on an ALB Gateway and an HTTP listener on an NLB Gateway (one Gateway never mixes L4 and L7)', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        AwsGatewayRoute.http({ gateway: { listeners: [{ name: 'tcp', protocol: 'TCP', port: 5000 }] } }),
        AwsGatewayRoute.tcp({
          name: 'l4',
          gateway: { name: 'l4', listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] },
        }),
      ],
    });
    lineFor(lines, 'expose[0].gateway.listeners[0].protocol', '"TCP"', 'an ALB Gateway serves L7 routes');
    lineFor(lines, 'expose[1].gateway.listeners[0].protocol', '"HTTP"', 'an NLB Gateway serves L4 routes');
  });

  test('certificateSecrets (certificateRefs) on an AWS Gateway, an HTTPS listener without a certificate, a DNS-validated certificate', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        AwsGatewayRoute.http({
          gateway: {
            listeners: [
              { name: 'a', protocol: 'HTTPS', port: 443, certificateSecrets: ['web-tls'] } as never,
              { name: 'b', protocol: 'HTTPS', port: 8443 },
              { name: 'c', protocol: 'HTTPS', port: 9443, certificates: [Certificate.dnsValidated()] },
            ],
          },
        }),
      ],
    });
    expect(lines.join('\n')).toContain('expose[0].gateway.listeners[0].certificateSecrets');
    lineFor(lines, 'expose[0].gateway.listeners[1].certificates', 'undefined', 'TLS without a certificate');
    lineFor(lines, 'expose[0].gateway.listeners[2].certificates[0]', '"acm-dns"', 'existing ACM certificates');
  });

  test('a generic Gateway API route on a Gateway it creates for the AWS controller: certificateRefs and an HTTP route on the NLB are refused, pointing at AwsGatewayRoute', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        GatewayRouteExposure.http({
          gateway: {
            className: 'alb',
            controllerName: 'gateway.k8s.aws/alb',
            listeners: [{ name: 'https', protocol: 'HTTPS', port: 443, certificateSecrets: ['web-tls'] }],
          },
        }),
        GatewayRouteExposure.http({
          name: 'nlb',
          gateway: {
            name: 'nlb',
            className: 'nlb',
            controllerName: 'gateway.k8s.aws/nlb',
            listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }],
          },
        }),
      ],
    });
    lineFor(lines, 'expose[0].gateway.listeners[0].certificateSecrets', '["web-tls"]', 'AwsGatewayRoute');
    lineFor(lines, 'expose[1].gateway.controllerName', '"gateway.k8s.aws/nlb"', 'AwsGatewayRoute.tcp');
  });

  test('target group options out of AWS range (the health model and attribute ranges), a UDP listener with a host name, WAF on an NLB', () => {
    const lines = problemsOf({
      ...grpcApp,
      expose: [
        AwsGatewayRoute.udp({
          gateway: {
            listeners: [{ name: 'u', protocol: 'UDP', port: 53, hostname: 'dns.example.com' }],
            wafv2AclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b',
          },
          targetGroup: {
            deregistrationDelay: Duration.seconds(4000),
            targetType: 'pod' as never,
            stickiness: { type: 'lb_cookie' },
          },
        }),
      ],
    });
    lineFor(lines, 'expose[0].targetGroup.deregistrationDelay', 'Duration(4000s)', 'must be');
    lineFor(lines, 'expose[0].targetGroup.targetType', '"pod"', 'must be one of "ip", "instance"');
    lineFor(lines, 'expose[0].targetGroup.stickiness.type', '"lb_cookie"', 'network load balancer');
    lineFor(lines, 'expose[0].gateway.listeners[0].hostname', '"dns.example.com"', 'no host name');
    lineFor(
      lines,
      'expose[0].gateway.wafv2AclArn',
      '"arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/a/b"',
      'ALB Gateways only',
    );
  });

  test('a GRPCRoute on an ALB Gateway without an HTTPS listener (the ALB forwards gRPC on HTTPS only)', () => {
    const lines = problemsOf({
      ...grpcApp,
      readiness: Probe.grpc({ port: 'grpc', period: Duration.seconds(10) }),
      expose: [AwsGatewayRoute.grpc({ gateway: { listeners: [{ name: 'http', protocol: 'HTTP', port: 80 }] } })],
    });
    lineFor(lines, 'expose[0].gateway.listeners', '["http"]', 'gRPC only on HTTPS listeners');
  });

  test('a health check override out of AWS range is refused as on the ALB Ingress', () => {
    const lines = problemsOf({
      ...web,
      expose: [
        AwsGatewayRoute.http({
          parents: [{ name: 'edge' }],
          targetGroup: {
            healthCheck: { override: { reason: 'the probe is too slow', interval: Duration.seconds(400) } } as never,
          },
        }),
      ],
    });
    expect(lines.some((l) => l.includes('expose[0].targetGroup.healthCheck'))).toBe(true);
  });
});
