import { Duration } from 'cdk8s';
import { IngressExposure, Probe, TrafficApp } from 'cdk-traffic';

/**
 * A public web app behind an internet-facing ALB created by the AWS Load Balancer Controller from an
 * Ingress: HTTPS 443 with an ACM certificate and the TLS 1.3 policy, HTTP 80 redirected to HTTPS, pod IP
 * targets, and a target group health check that is the readiness probe (GET /ready on 8080, every 5 s).
 * The ALB is shared with other apps through the IngressGroup `public-web`.
 */
export const publicWeb = TrafficApp.define({
  name: 'storefront',
  namespace: 'web',
  image: 'ghcr.io/acme/storefront:3.2.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5), timeout: Duration.seconds(2) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  availability: { spreadAcrossZones: true },
  expose: [
    IngressExposure.alb({
      hosts: ['shop.example.com'],
      scheme: 'internet-facing',
      certificateArns: ['arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b'],
      group: { name: 'public-web', order: 10 },
      accessLogs: { bucket: 'acme-alb-logs', prefix: 'storefront' },
    }),
  ],
});
