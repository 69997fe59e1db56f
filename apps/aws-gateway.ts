import { Duration } from 'cdk8s';
import { AwsGatewayRoute, Certificate, Probe, TrafficApp } from 'cdk-traffic';

/**
 * The AWS Load Balancer Controller's Gateway API (v3), one app per load balancer type:
 * - `storefront` on an internet-facing ALB Gateway `storefront-alb`: HTTP 80 and HTTPS 443 (ACM certificate, TLS 1.3
 *   policy, WAF), an HTTPRoute with a 10% canary and an `x-canary` tester rule, and one TargetGroupConfiguration per
 *   version Service whose health check is the readiness probe (`GET /ready` on 8080 every 5 s), ip targets, a 20 s
 *   deregistration delay and the ALB's own cookie for sticky sessions;
 * - `ledger`, a gRPC service, on an internal NLB Gateway `ledger-nlb`: a TCP listener on 443 to a TCPRoute (the NLB
 *   passes the connection through; the pods speak TLS themselves), its TargetGroupConfiguration a TCP check of the
 *   gRPC port (an NLB cannot make a gRPC call: CT-AWS-102, acknowledged).
 */
export const storefront = TrafficApp.define({
  name: 'storefront',
  namespace: 'shop',
  image: 'ghcr.io/acme/storefront:3.1.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  version: 'v3',
  versions: { v4: { image: 'ghcr.io/acme/storefront:4.0.0-rc.2', weight: 10 } },
  traffic: { canaryHeader: { name: 'x-canary', value: 'always' }, deregistrationDelay: Duration.seconds(20) },
  expose: [
    AwsGatewayRoute.http({
      gateway: {
        name: 'storefront-alb',
        scheme: 'internet-facing',
        listeners: [
          { name: 'http', protocol: 'HTTP', port: 80 },
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            certificates: [
              Certificate.fromArn(
                'arn:aws:acm:eu-west-1:123456789012:certificate/1a2b3c4d-5e6f-4a0b-9c8d-7e6f5a4b3c2d',
              ),
            ],
          },
        ],
        wafv2AclArn:
          'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/storefront/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
      },
      hostnames: ['shop.example.com'],
      targetGroup: { stickiness: { type: 'lb_cookie', duration: Duration.hours(1) } },
    }),
  ],
});

export const ledger = TrafficApp.define({
  name: 'ledger',
  namespace: 'payments',
  image: 'ghcr.io/acme/ledger:2.4.0',
  replicas: 3,
  ports: [{ name: 'grpc', port: 9443, appProtocol: 'grpc' }],
  readiness: Probe.grpc({ port: 'grpc', period: Duration.seconds(10) }),
  service: { ports: [{ name: 'grpc', port: 443, targetPort: 'grpc' }] },
  expose: [
    AwsGatewayRoute.tcp({
      gateway: {
        name: 'ledger-nlb',
        listeners: [{ name: 'grpc', protocol: 'TCP', port: 443 }],
        subnets: ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829'],
      },
    }),
  ],
});

/** The apps of the `aws-gateway` chart. */
export const awsGatewayApps = [storefront, ledger];

/** The chart's acknowledgements (the AWS adjustments are acknowledged per chart). */
export const AWS_GATEWAY_ACKNOWLEDGE = {
  'CT-AWS-102': "ledger's gRPC health service closes the port when not serving: a TCP connect check is enough here",
};
