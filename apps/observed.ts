import { Duration } from 'cdk8s';
import { Certificate, Dataplane, Mesh, Probe, TerraformLoadBalancer, TrafficApp } from 'cdk-traffic';

/**
 * Observability from the same definition (`observe`): an objective per app, its metrics scraped, recorded and
 * alerted on per layer and version, CloudWatch alarms on the Terraform load balancer, Istio tracing and access logs.
 *
 * - `payments` (namespace `payments`) runs a 5% canary `v2` in an Istio mesh (sidecars): its objective (99.9% of
 *   requests without a 5xx, 99% within 300 ms, 28 days) is watched on the Envoy sidecars' `istio_requests_total`
 *   and on the app's own `http_requests_total`. `dist/observed.k8s.yaml` has a PodMonitor (Envoy 15090
 *   `/stats/prometheus`, the app's `metrics` port 9090 `/metrics`), a PrometheusRule (recording rules per layer,
 *   burn-rate alerts per version, a canary-against-stable alert), a Telemetry (10% sampling, Envoy access logs), and a
 *   CiliumNetworkPolicy admitting Prometheus (`monitoring`) on 15090 and 9090 with `GET` on exactly those paths.
 * - `billing` (namespace `billing`) is behind a Terraform-managed ALB: `cdktf.out/stacks/observed` has the ALB, its
 *   target group and CloudWatch alarms on them (unhealthy hosts, 5xx ratio against the objective, p99 target
 *   response time), notifying an SNS topic the stack creates and an existing one.
 */
export const payments = TrafficApp.define({
  name: 'payments',
  namespace: 'payments',
  image: 'ghcr.io/acme/payments:3.1.0',
  replicas: 4,
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9090 },
  ],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  versions: { v2: { image: 'ghcr.io/acme/payments:3.2.0', replicas: 1, weight: 5 } },
  traffic: { requestTimeout: Duration.seconds(10) },
  expose: [Mesh.istio()],
  dataplane: Dataplane.cilium({
    policy: {
      allowFrom: [{ namespace: 'shop', labels: { 'app.kubernetes.io/name': 'checkout' }, ports: ['http'] }],
    },
  }),
  observe: {
    objective: { availability: 99.9, latency: { threshold: Duration.millis(300), percentile: 99 } },
    metrics: {
      port: 'metrics',
      requests: { counter: 'http_requests_total', durationHistogram: 'http_request_duration_seconds' },
    },
    tracing: { samplingPercent: 10, accessLogs: true },
  },
});

export const billing = TrafficApp.define({
  name: 'billing',
  namespace: 'billing',
  image: 'ghcr.io/acme/billing:1.9.2',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/healthz', { port: 'http', period: Duration.seconds(10), timeout: Duration.seconds(3) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { requestTimeout: Duration.seconds(30) },
  expose: [TerraformLoadBalancer.alb({ hosts: ['billing.example.com'], certificate: Certificate.dnsValidated() })],
  observe: {
    objective: { availability: 99.95, latency: { threshold: Duration.millis(500) } },
    alarms: { actions: ['arn:aws:sns:eu-west-1:123456789012:oncall'], createTopic: 'billing-alarms' },
  },
});

/** The apps of the example, in the order the chart and the stack render them. */
export const observedApps = [payments, billing];
