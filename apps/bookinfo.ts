import { Dataplane, IngressExposure, Mesh, Probe, TrafficApp, TrafficAppProps } from 'cdk-traffic';

/**
 * Istio's Bookinfo, ported field by field from its upstream manifests (`samples/bookinfo/platform/kube/bookinfo.yaml`,
 * the per-version Services of `bookinfo-versions.yaml`) with the public API only, run in Istio's ambient mode as
 * Istio's getting-started guide runs it: four services on port 9080 in namespace `bookinfo`, `productpage` (Python,
 * gunicorn workers) behind one nginx Ingress host that serves its pages and API paths, and the calls between them
 * declared by reference: productpage calls details and reviews, reviews (a Java server) calls ratings.
 *
 * `reviews` runs upstream's three versions, which differ by environment (the values upstream bakes into each image:
 * v1 no ratings, v2 black stars, v3 red stars), one third of the traffic each, split by the waypoint: an HTTPRoute
 * `reviews-mesh` parented by the Service `reviews`, to `reviews-v1`, `reviews-v2` and `reviews-v3`. Ambient rather than
 * sidecars: the pods stay at the restricted Pod Security level with no injected init container, the waypoint applies
 * the Gateway API route (a VirtualService is alpha there, and sidecars are the older way upstream documents), and every
 * in-mesh hop goes through a proxy the network policies can name (the waypoint on HBONE, 15008).
 *
 * Each app's NetworkPolicy is default deny; the calls write both sides, and the mesh's own traffic is derived from
 * the mesh: callers reach the waypoint on 15008, the waypoint reaches the pods on 15008, the kubelet's probes come
 * through ztunnel. `details`, `reviews` and `ratings` admit only the apps that call them (`allowFrom: 'callers'`): an
 * AuthorizationPolicy bound to each Service, enforced by the waypoint, and one grant per call of the caller's
 * ServiceAccount.
 * @see https://istio.io/latest/docs/ambient/getting-started/
 */
const common = (name: string): Pick<TrafficAppProps, 'name' | 'namespace' | 'ports' | 'readiness' | 'dataplane'> => ({
  name,
  namespace: 'bookinfo',
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  dataplane: Dataplane.kubernetes(),
});

/** The ambient mesh; `allowFrom: 'callers'` on the apps only other apps call. */
const mesh = (callersOnly: boolean) =>
  Mesh.istio({ injection: 'ambient', ...(callersOnly ? { allowFrom: 'callers' as const } : {}) });

export const ratings = TrafficApp.define({
  ...common('ratings'),
  image: 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3',
  replicas: 2,
  expose: [mesh(true)],
});

export const details = TrafficApp.define({
  ...common('details'),
  image: 'docker.io/istio/examples-bookinfo-details-v1:1.20.3',
  replicas: 2,
  expose: [mesh(true)],
});

export const reviews = TrafficApp.define({
  ...common('reviews'),
  image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
  replicas: 2,
  runtime: 'jvm',
  resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
  // Open Liberty writes its logs and work area under /opt/ibm/wlp/output (upstream mounts an emptyDir there).
  writablePaths: ['/tmp', '/opt/ibm/wlp/output'],
  env: { LOG_DIR: '/tmp/logs', SERVICE_VERSION: 'v1', ENABLE_RATINGS: 'false', STAR_COLOR: 'black' },
  version: 'v1',
  versions: {
    v2: {
      image: 'docker.io/istio/examples-bookinfo-reviews-v2:1.20.3',
      replicas: 2,
      weight: 33.3,
      env: { SERVICE_VERSION: 'v2', ENABLE_RATINGS: 'true' },
    },
    v3: {
      image: 'docker.io/istio/examples-bookinfo-reviews-v3:1.20.3',
      replicas: 2,
      weight: 33.3,
      env: { SERVICE_VERSION: 'v3', ENABLE_RATINGS: 'true', STAR_COLOR: 'red' },
    },
  },
  calls: [ratings],
  expose: [mesh(true)],
});

export const productpage = TrafficApp.define({
  ...common('productpage'),
  image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
  replicas: 2,
  runtime: 'python-workers',
  calls: [details, reviews],
  expose: [
    mesh(false),
    IngressExposure.withClass({
      name: 'bookinfo',
      className: 'nginx',
      hosts: ['bookinfo.example.com'],
      paths: [
        { path: '/productpage', pathType: 'Exact' },
        { path: '/static' },
        { path: '/login', pathType: 'Exact' },
        { path: '/logout', pathType: 'Exact' },
        { path: '/api/v1/products' },
      ],
    }),
  ],
});

/** The four apps, in one chart. */
export const bookinfoApps = [productpage, details, reviews, ratings];
