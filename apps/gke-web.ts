import { Duration } from 'cdk8s';
import {
  Cloud,
  Dataplane,
  GkeGatewayRoute,
  GkeIngress,
  LoadBalancerService,
  Probe,
  TrafficApp,
  TrafficProfile,
} from 'cdk-traffic';

/** The longest chat stream: the GCPBackendPolicy timeout of its route (Google's 30 s default would cut it). */
export const CHAT_LONGEST_STREAM = Duration.minutes(30);

const SSL_POLICY = 'tls12-modern';

/**
 * A shop on GKE behind a GKE Gateway (global external Application Load Balancer): an HTTPS listener, a 10%
 * canary by weight with a tester header, a HealthCheckPolicy per version Service from the readiness probe
 * (GKE does not read probes), a GCPBackendPolicy (timeout and draining from the traffic policy) and the
 * Gateway's GCPGatewayPolicy with a TLS 1.2+ SSL policy. The network policy admits Google's front ends
 * and health checkers only.
 */
export const gkeShop = TrafficApp.define({
  name: 'shop',
  namespace: 'gke-shop',
  image: 'ghcr.io/acme/shop:7.1.0',
  replicas: 4,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/healthz/ready', {
    port: 'http',
    period: Duration.seconds(10),
    timeout: Duration.seconds(3),
  }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  version: 'v7',
  versions: { v8: { image: 'ghcr.io/acme/shop:8.0.0-rc.2', weight: 10 } },
  traffic: { requestTimeout: Duration.seconds(30), canaryHeader: { name: 'x-canary', value: 'always' } },
  expose: [
    GkeGatewayRoute.http({
      gateway: {
        name: 'public',
        className: 'gke-l7-global-external-managed',
        listeners: [
          {
            name: 'https',
            protocol: 'HTTPS',
            port: 443,
            hostname: 'shop.example.com',
            certificateSecrets: ['shop-tls'],
          },
        ],
      },
      hostnames: ['shop.example.com'],
      sslPolicy: SSL_POLICY,
    }),
  ],
  dataplane: Dataplane.kubernetes(),
});

/**
 * The storefront on a GKE Ingress (class gce): container-native load balancing through its NEG Service, a
 * BackendConfig whose health check is the readiness probe (path, port, interval, timeout, thresholds), draining
 * from the deregistration delay, a FrontendConfig that redirects HTTP to HTTPS with the SSL policy, and a
 * Google-managed certificate.
 */
export const gkeStorefront = TrafficApp.define({
  name: 'storefront',
  namespace: 'gke-shop',
  image: 'ghcr.io/acme/storefront:2.4.0',
  replicas: 3,
  ports: [{ name: 'http', port: 3000 }],
  readiness: Probe.httpGet('/ready', {
    port: 'http',
    period: Duration.seconds(5),
    timeout: Duration.seconds(2),
    failureThreshold: 3,
  }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [
    GkeIngress.create({
      hosts: ['www.example.com'],
      tls: { managedCertificates: ['www-example-com'] },
      sslPolicy: SSL_POLICY,
      staticIpName: 'www-ip',
    }),
  ],
  dataplane: Dataplane.kubernetes(),
});

/**
 * A streaming chat API on the shop's Gateway (HTTPS listener): its GCPBackendPolicy timeout is the longest
 * stream; operators reach its plain LoadBalancer Service (external passthrough NLB, backend-service based)
 * from the office range only.
 */
export const gkeChat = TrafficApp.define({
  name: 'chat',
  namespace: 'gke-shop',
  image: 'ghcr.io/acme/chat:1.9.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: CHAT_LONGEST_STREAM },
  expose: [
    GkeGatewayRoute.http({
      parents: [{ name: 'public', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: '/chat' }] }],
    }),
    LoadBalancerService.create({
      name: 'chat-ops',
      sourceRanges: ['203.0.113.0/24'],
      externalTrafficPolicy: 'Local',
      cloud: Cloud.gke({ scheme: 'external' }),
    }),
  ],
});

/** The GKE example apps (one chart). */
export const gkeWebApps = [gkeShop, gkeStorefront, gkeChat];
