import { Duration } from 'cdk8s';
import { Probe, TrafficApp } from 'cdk-traffic';

/**
 * The article's readiness probe: HTTP GET /health on port 8080, first probe after 30 s, then every 5 s.
 * Restricted pod security, requests and limits, PDB and graceful shutdown all come from the defaults.
 */
export const api = TrafficApp.define({
  name: 'api',
  namespace: 'shop',
  image: 'ghcr.io/acme/shop-api:2.3.1',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/health', { port: 8080, initialDelay: Duration.seconds(30), period: Duration.seconds(5) }),
  // Liveness starts only once the startup probe has passed (up to 30 x 5 s = 150 s for a slow start).
  startup: Probe.httpGet('/livez', { port: 'http', period: Duration.seconds(5), failureThreshold: 30 }),
  liveness: Probe.httpGet('/livez', { port: 'http', period: Duration.seconds(10), failureThreshold: 6 }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  availability: { spreadAcrossZones: true },
});
