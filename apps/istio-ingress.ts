import { Duration } from 'cdk8s';
import { Dataplane, IstioIngress, Probe, TrafficApp } from 'cdk-traffic';
import type { IstioGatewayProps } from 'cdk-traffic';

/**
 * Istio's Bookinfo ingress, ported: one Istio Gateway `bookinfo-gateway` (namespace istio-system, on the pods labelled
 * `istio: ingressgateway`) serving bookinfo.example.com with HTTPS on 443 (the certificate from the Secret
 * `bookinfo-tls`, TLS 1.3 minimum) and HTTP on 80 redirecting to it, and two apps behind it, each with its own
 * VirtualService bound to the Gateway:
 * - productpage: the demo's URI matches (exact `/productpage`, `/login`, `/logout`, prefixes `/static` and
 *   `/api/v1/products`), a 5% canary of v2 (95/5 between `productpage-v1` and `productpage-v2`, `x-canary: always`
 *   to v2), a 15 s request timeout and two retries on 503 or a reset;
 * - details: prefix `/api/details/` rewritten to `/details/` (the path the details service serves).
 * The Gateway is declared once (`bookinfoGateway`) and written once; each app's NetworkPolicy admits the ingress
 * gateway pods on its port.
 * @see https://istio.io/latest/docs/examples/bookinfo/
 */
export const bookinfoGateway: IstioGatewayProps = {
  name: 'bookinfo-gateway',
  hosts: ['bookinfo.example.com'],
  tls: { credentialName: 'bookinfo-tls' },
};

export const productpage = TrafficApp.define({
  name: 'productpage',
  namespace: 'bookinfo-ingress',
  image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
  replicas: 3,
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 9080, targetPort: 'http' }] },
  versions: { v2: { image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.4', weight: 5 } },
  traffic: {
    requestTimeout: Duration.seconds(15),
    retry: { attempts: 2, perTryTimeout: Duration.seconds(5), on: [503, 'reset'] },
    canaryHeader: { name: 'x-canary', value: 'always' },
  },
  expose: [
    IstioIngress.route({
      gateway: bookinfoGateway,
      matches: [
        { exact: '/productpage' },
        { prefix: '/static' },
        { exact: '/login' },
        { exact: '/logout' },
        { prefix: '/api/v1/products' },
      ],
    }),
  ],
  dataplane: Dataplane.kubernetes({}),
});

export const details = TrafficApp.define({
  name: 'details',
  namespace: 'bookinfo-ingress',
  image: 'docker.io/istio/examples-bookinfo-details-v1:1.20.3',
  replicas: 2,
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 9080, targetPort: 'http' }] },
  expose: [
    IstioIngress.route({ gateway: bookinfoGateway, matches: [{ prefix: '/api/details/' }], rewriteUri: '/details/' }),
  ],
  dataplane: Dataplane.kubernetes({}),
});

/** The two apps behind the Gateway, in one chart (the Gateway is written once). */
export const bookinfoApps = [productpage, details];
