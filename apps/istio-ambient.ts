import { Duration } from 'cdk8s';
import { Dataplane, Mesh, Probe, TrafficApp } from 'cdk-traffic';

/**
 * A 10% canary of the reviews service in Istio ambient mode, with retries on 503 and a 10 s request timeout, applied
 * by a waypoint: no sidecar, no VirtualService, no DestinationRule. The chart writes the waypoint (a Gateway API
 * Gateway `waypoint` of class `istio-waypoint`, `istio.io/waypoint-for: service`), labels the Service `reviews` with
 * `istio.io/use-waypoint: waypoint`, and writes the HTTPRoute `reviews-mesh` parented by that Service: `x-canary:
 * always` to `reviews-v2`, then 90/10 between `reviews-v1` and `reviews-v2`, `timeouts.request: 10s` and `retry` (the
 * experimental channel, so the route says so in its `cdk-traffic.io/gateway-api-channel` annotation). The namespace
 * is labelled `istio.io/dataplane-mode: ambient`. Only the productpage's ServiceAccount may call it: an
 * AuthorizationPolicy bound to the Service (`targetRefs`), enforced by the waypoint. The NetworkPolicy admits the
 * waypoint on HBONE (15008) and the kubelet's probes from ztunnel's 169.254.7.127.
 */
export const reviews = TrafficApp.define({
  name: 'reviews',
  namespace: 'bookinfo-ambient',
  image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
  replicas: 3,
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 9080, targetPort: 'http' }] },
  versions: { v2: { image: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3', weight: 10 } },
  traffic: {
    requestTimeout: Duration.seconds(10),
    retry: { attempts: 2, perTryTimeout: Duration.seconds(2), on: [503] },
    canaryHeader: { name: 'x-canary', value: 'always' },
    gatewayApiChannel: 'experimental',
  },
  expose: [Mesh.istio({ injection: 'ambient', allowFrom: [{ serviceAccount: 'productpage' }] })],
  dataplane: Dataplane.kubernetes({}),
});
