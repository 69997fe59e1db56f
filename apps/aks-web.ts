import { Duration } from 'cdk8s';
import { AgcRoute, Cloud, Dataplane, LoadBalancerService, Probe, TrafficApp, TrafficProfile } from 'cdk-traffic';

/** The longest stream of the notifications API: the RoutePolicy timeout and the Azure TCP idle timeout. */
export const NOTIFY_LONGEST_STREAM = Duration.minutes(20);

/** The Application Gateway for Containers association subnet (its proxies and probes connect from it). */
const AGC_SUBNET = '10.225.0.0/24';

/**
 * A shop on AKS behind Application Gateway for Containers: a Gateway of class azure-alb-external on the
 * ALB Controller's ApplicationLoadBalancer with an HTTPS listener, a 10% canary by weight with a tester header,
 * a HealthCheckPolicy per version Service from the readiness probe and a RoutePolicy (request timeout, managed
 * cookie affinity). The network policy admits the association subnet only.
 */
export const aksShop = TrafficApp.define({
  name: 'shop',
  namespace: 'aks-shop',
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
    AgcRoute.http({
      gateway: {
        name: 'public',
        className: 'azure-alb-external',
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
      applicationLoadBalancer: { name: 'alb', namespace: 'alb-infra' },
      hostnames: ['shop.example.com'],
      sessionAffinity: { type: 'managed-cookie', cookieDuration: Duration.hours(1) },
      subnetCidrs: [AGC_SUBNET],
    }),
  ],
  dataplane: Dataplane.kubernetes(),
});

/**
 * An internal orders API on an Azure internal Load Balancer: the health probe of its port is the readiness
 * probe (HTTP, path, interval, failures as per-port annotations), the TCP idle timeout comes from the traffic
 * policy, and the network policy admits Azure's prober (168.63.129.16) on the probed port only.
 */
export const aksOrders = TrafficApp.define({
  name: 'orders',
  namespace: 'aks-shop',
  image: 'ghcr.io/acme/orders:3.3.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5), failureThreshold: 3 }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { idleTimeout: Duration.minutes(10) },
  expose: [LoadBalancerService.create({ name: 'orders-internal', cloud: Cloud.aks({ scheme: 'internal' }) })],
  dataplane: Dataplane.kubernetes(),
});

/**
 * A streaming notifications API on the shop's Gateway: its RoutePolicy timeout is the longest stream. Partners
 * connect over a plain LoadBalancer Service (no cloud options: the cloud provider's defaults) from their range.
 */
export const aksNotify = TrafficApp.define({
  name: 'notify',
  namespace: 'aks-shop',
  image: 'ghcr.io/acme/notify:2.0.1',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: {
    profile: TrafficProfile.STREAMING,
    maxStreamDuration: NOTIFY_LONGEST_STREAM,
    acknowledge: {
      // Application Gateway for Containers closes a connection idle for 5 minutes, and that cannot be changed.
      'CT-TRAFFIC-070': 'notify writes an SSE comment every 60 s, so a stream is never idle for 5 minutes',
    },
  },
  expose: [
    AgcRoute.http({
      parents: [{ name: 'public', sectionName: 'https' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: '/notify' }] }],
      subnetCidrs: [AGC_SUBNET],
    }),
    LoadBalancerService.create({ name: 'notify-partners', sourceRanges: ['198.51.100.0/24'] }),
  ],
});

/** The AKS example apps (one chart). */
export const aksWebApps = [aksShop, aksOrders, aksNotify];
