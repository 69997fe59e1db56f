import { Duration } from 'cdk8s';
import { GatewayRouteExposure, HttpFilter, Probe, TrafficApp } from 'cdk-traffic';

/**
 * A service routed through Gateway API: an HTTPRoute attached to the `https` listener of the shared
 * Gateway `public` (namespace `gateways`), with a 5% canary (weights 95/5 to the per-version Services),
 * `/api/v1` rewritten to `/`, a response header, and the request timeout from the traffic policy.
 */
export const catalog = TrafficApp.define({
  name: 'catalog',
  namespace: 'shop',
  image: 'ghcr.io/acme/catalog:4.0.0',
  replicas: 4,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/healthz', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  version: 'v4',
  versions: { v5: { image: 'ghcr.io/acme/catalog:5.0.0-rc.1', weight: 5 } },
  traffic: { requestTimeout: Duration.seconds(30) },
  expose: [
    GatewayRouteExposure.http({
      parents: [{ name: 'public', namespace: 'gateways', sectionName: 'https' }],
      hostnames: ['catalog.example.com'],
      rules: [
        {
          matches: [{ path: '/api/v1' }],
          filters: [
            HttpFilter.rewrite({ path: { replacePrefixMatch: '/' } }),
            HttpFilter.responseHeaders({ set: { 'x-served-by': 'catalog' } }),
          ],
        },
        { matches: [{ path: '/', method: 'GET' }] },
      ],
    }),
  ],
});
