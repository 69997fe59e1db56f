import { Duration } from 'cdk8s';
import { GatewayRouteExposure, IngressExposure, Mesh, Probe, TrafficApp } from 'cdk-traffic';

/**
 * Progressive delivery from the same definition (`delivery`): the canary of the next image is moved step by step by
 * a controller and judged by the app's objective (`observe.objective`).
 *
 * - `storefront` (namespace `storefront`) is delivered by **Argo Rollouts** over a Gateway API HTTPRoute (the
 *   `argoproj-labs/gatewayAPI` plugin): `dist/delivered.k8s.yaml` has a Rollout (`workloadRef` to the Deployment,
 *   which runs 0 replicas), the `storefront-stable` / `storefront-canary` Services the route sends to (weights 100/0,
 *   which Argo moves), AnalysisTemplates of the objective (5xx ratio at most 0.1%, p99 within 400 ms) on the app's
 *   own metrics of the canary pods (the PodMonitor copies their `rollouts-pod-template-hash`), and compared with the
 *   stable pods' (5xx ratio at most theirs + 0.5%, p99 at most theirs + 50 ms).
 * - `reviews` (namespace `reviews`) is delivered by **Flagger** in an Istio mesh: a Canary targeting the Deployment,
 *   with the Istio VirtualService and DestinationRules left to Flagger (the Canary carries the timeout, retries and
 *   traffic policy), and MetricTemplates of the objective on the Envoy sidecars' metrics.
 * - `cart` (namespace `cart`) is delivered by **Argo Rollouts** over an ALB Ingress of the AWS Load Balancer
 *   Controller (`trafficRouting.alb`): the Ingress's path names the app's Service `cart` (the root Service) with
 *   the port `use-annotation`, and Argo writes the forward action `alb.ingress.kubernetes.io/actions.cart` that
 *   splits between `cart-stable` and `cart-canary` (the library leaves that annotation to it).
 * - `inventory` (namespace `inventory`) is delivered by **Flagger** in a Linkerd mesh: a Canary with Flagger's Gateway
 *   API provider (`gatewayapi:v1`) whose `gatewayRefs` is the app's Service, so Flagger makes the HTTPRoute Linkerd
 *   routes by (the library leaves its own `inventory-mesh` route out and puts Linkerd's retry and timeout annotations
 *   on Flagger's apex Service); the Linkerd Server, the PodDisruptionBudget and the PodMonitor select the canary's
 *   and the primary's pods; MetricTemplates of the objective on the Linkerd proxies' metrics, and the canary's 5xx
 *   ratio compared with the primary pods' (at most theirs + 0.2%).
 */
/** The HTTP port and the metrics port of the apps that serve their own request metrics (storefront, cart). */
const httpAndMetrics = [
  { name: 'http', port: 8080 },
  { name: 'metrics', port: 9090 },
];

/** Their request metrics, which the analysis of the Argo Rollouts apps reads. */
const ownMetrics = {
  port: 'metrics',
  requests: { counter: 'http_requests_total', durationHistogram: 'http_request_duration_seconds' },
};

export const storefront = TrafficApp.define({
  name: 'storefront',
  namespace: 'storefront',
  image: 'ghcr.io/acme/storefront:7.2.0',
  replicas: 4,
  ports: httpAndMetrics,
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { requestTimeout: Duration.seconds(15) },
  expose: [
    GatewayRouteExposure.http({
      parents: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
    }),
  ],
  observe: {
    objective: { availability: 99.9, latency: { threshold: Duration.millis(400), percentile: 99 } },
    metrics: ownMetrics,
  },
  delivery: {
    controller: 'argo-rollouts',
    steps: [
      { weight: 5, pause: Duration.minutes(5) },
      { weight: 25, analysis: true },
      { weight: 50, pause: Duration.minutes(10) },
      { weight: 100 },
    ],
    analysis: {
      interval: Duration.minutes(1),
      failureLimit: 1,
      comparedWithStable: { errorRatioMargin: 0.005, latencyMargin: Duration.millis(50) },
    },
  },
});

export const reviews = TrafficApp.define({
  name: 'reviews',
  namespace: 'reviews',
  image: 'ghcr.io/acme/reviews:2.4.0',
  replicas: 3,
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 9080, targetPort: 'http' }] },
  traffic: {
    requestTimeout: Duration.seconds(10),
    retry: { attempts: 2, on: [503] },
    acknowledge: { 'CT-TRAFFIC-050': 'Istio is installed with its CNI plugin (no istio-init container)' },
  },
  expose: [Mesh.istio()],
  observe: { objective: { availability: 99.5, latency: { threshold: Duration.millis(500) } } },
  delivery: {
    controller: 'flagger',
    steps: [
      { weight: 10, pause: Duration.minutes(1) },
      { weight: 25, pause: Duration.minutes(1) },
      { weight: 50, pause: Duration.minutes(1) },
    ],
    promoteAfterLastStep: true,
    analysis: { failureLimit: 3 },
  },
});

export const cart = TrafficApp.define({
  name: 'cart',
  namespace: 'cart',
  image: 'ghcr.io/acme/cart:3.0.1',
  replicas: 3,
  ports: httpAndMetrics,
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [
    IngressExposure.alb({
      hosts: ['cart.example.com'],
      scheme: 'internet-facing',
      certificateArns: ['arn:aws:acm:eu-west-1:123456789012:certificate/0b5c1d2e-3f4a-4b5c-8d9e-0f1a2b3c4d5e'],
    }),
  ],
  observe: {
    objective: { availability: 99.95, latency: { threshold: Duration.millis(300), percentile: 95 } },
    metrics: ownMetrics,
  },
  delivery: {
    controller: 'argo-rollouts',
    steps: [
      { weight: 10, pause: Duration.minutes(5) },
      { weight: 30, analysis: true },
      { weight: 60, pause: Duration.minutes(10) },
      { weight: 100 },
    ],
    analysis: { interval: Duration.minutes(1) },
  },
});

export const inventory = TrafficApp.define({
  name: 'inventory',
  namespace: 'inventory',
  image: 'ghcr.io/acme/inventory:5.1.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: {
    requestTimeout: Duration.seconds(5),
    retry: { attempts: 2, on: [503] },
    acknowledge: { 'CT-TRAFFIC-051': 'Linkerd is installed with linkerd-cni (no linkerd-init container)' },
  },
  expose: [Mesh.linkerd({ allowFrom: [{ serviceAccount: 'storefront', namespace: 'storefront' }] })],
  observe: { objective: { availability: 99.9, latency: { threshold: Duration.millis(250) } } },
  delivery: {
    controller: 'flagger',
    steps: [
      { weight: 5, pause: Duration.minutes(2) },
      { weight: 20, pause: Duration.minutes(2) },
      { weight: 50, pause: Duration.minutes(2) },
    ],
    promoteAfterLastStep: true,
    analysis: { failureLimit: 2, comparedWithStable: { errorRatioMargin: 0.002 } },
  },
});

/** The apps of the example, in the order the chart renders them. */
export const deliveredApps = [storefront, reviews, cart, inventory];
