import { Duration } from 'cdk8s';
import { Certificate, Probe, TerraformLoadBalancer, TrafficApp } from 'cdk-traffic';

/**
 * A public web site behind an internet-facing ALB that Terraform manages (cdktf), joined to the pods by
 * TargetGroupBindings:
 *
 * - one ALB `public-web` shared by two apps: HTTPS 443 (TLS 1.3 policy, one ACM certificate for both
 *   hosts, validated by DNS in Route 53), HTTP 80 redirecting to HTTPS, and two host rules:
 *   `www.example.com` -> `frontend`, `api.example.com` -> `api`; Route 53 alias records for both;
 * - `frontend` runs a 10% canary (v2): its host rule forwards 90/10 to two target groups, each bound to
 *   its version's Service;
 * - every target group's health check is the app's readiness probe (path, port, interval, thresholds;
 *   the success threshold of 1 becomes AWS's minimum healthy threshold of 2);
 * - security groups: clients reach the ALB on 443 and 80 only, the ALB reaches the pods on 8080 only;
 * - the namespace enables the controller's pod readiness gate, so a rollout waits for new pods to be
 *   healthy in the target group.
 *
 * VPC, subnets, the pods' security group and the hosted zone are Terraform variables of the stack.
 */
const alb = (host: string) =>
  TerraformLoadBalancer.alb({
    loadBalancerName: 'public-web',
    hosts: [host],
    certificate: Certificate.dnsValidated(),
    accessLogs: { bucket: 'acme-alb-logs', prefix: 'public-web' },
  });

export const frontend = TrafficApp.define({
  name: 'frontend',
  namespace: 'public-web',
  image: 'ghcr.io/acme/frontend:4.2.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', {
    port: 'http',
    period: Duration.seconds(5),
    timeout: Duration.seconds(2),
    failureThreshold: 2,
  }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  availability: { spreadAcrossZones: true },
  versions: { v2: { image: 'ghcr.io/acme/frontend:4.3.0', replicas: 1, weight: 10 } },
  expose: [alb('www.example.com')],
});

export const webApi = TrafficApp.define({
  name: 'api',
  namespace: 'public-web',
  image: 'ghcr.io/acme/web-api:2.8.1',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/healthz', { port: 'http', period: Duration.seconds(10), timeout: Duration.seconds(3) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  availability: { spreadAcrossZones: true },
  traffic: { deregistrationDelay: Duration.seconds(20) },
  expose: [alb('api.example.com')],
});

/** The apps of the example, in the order the stack and the chart render them. */
export const publicWebApps = [frontend, webApi];
