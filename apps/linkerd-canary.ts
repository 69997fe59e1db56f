import { Duration } from 'cdk8s';
import { Dataplane, Mesh, Probe, TrafficApp } from 'cdk-traffic';

/**
 * A 5% canary of the checkout API in a Linkerd mesh, with retries on 502: the HTTPRoute `checkout-mesh` (parent:
 * the Service `checkout`, port 80) sends 95/5 to `checkout-v1` / `checkout-v2` and `x-canary: always` to v2; the
 * route carries `retry.linkerd.io/http: "502"`, `retry.linkerd.io/limit: "2"`, `retry.linkerd.io/timeout: 2s` and
 * `timeout.linkerd.io/request: 10s`. Only the storefront's ServiceAccount may call it (Server + MeshTLSAuthentication
 * + AuthorizationPolicy), and a NetworkPolicy admits only the storefront pods and lets the proxy reach Linkerd's
 * control plane (identity 8080, destination 8086 and 8090). The namespace is annotated
 * `linkerd.io/inject: enabled`; Linkerd runs with its CNI plugin, so the restricted pods need no NET_ADMIN.
 */
export const checkout = TrafficApp.define({
  name: 'checkout',
  namespace: 'checkout',
  image: 'ghcr.io/acme/checkout:3.4.0',
  replicas: 4,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  versions: { v2: { image: 'ghcr.io/acme/checkout:3.5.0', weight: 5 } },
  traffic: {
    requestTimeout: Duration.seconds(10),
    retry: { attempts: 2, perTryTimeout: Duration.seconds(2), on: [502] },
    canaryHeader: { name: 'x-canary', value: 'always' },
    acknowledge: { 'CT-TRAFFIC-051': 'Linkerd is installed with linkerd-cni (no linkerd-init container)' },
  },
  expose: [Mesh.linkerd({ allowFrom: [{ serviceAccount: 'storefront', namespace: 'shop' }] })],
  dataplane: Dataplane.kubernetes({
    allowFrom: [{ namespace: 'shop', labels: { 'app.kubernetes.io/name': 'storefront' } }],
    // The proxy gets its identity and service discovery from Linkerd's control plane (namespace linkerd).
    egress: [
      {
        toPods: { namespace: 'linkerd', labels: { 'linkerd.io/control-plane-ns': 'linkerd' } },
        ports: [{ port: 8080 }, { port: 8086 }, { port: 8090 }],
      },
    ],
  }),
});
