import { Dataplane, IngressExposure, Probe, TrafficApp, TrafficAppProps } from 'cdk-traffic';

/**
 * Istio's Bookinfo, ported field by field from its upstream manifests (`samples/bookinfo/platform/kube/bookinfo.yaml`)
 * with the public API only: four services on port 9080 in namespace `bookinfo`, `productpage` (Python, gunicorn
 * workers) behind one nginx Ingress host that serves its pages and API paths, and the calls between them declared by
 * reference: productpage calls details and reviews, reviews (a Java server) calls ratings. Each app's
 * NetworkPolicy is default deny; the calls write both sides. (Upstream's reviews v2 and v3 differ from v1 by
 * environment and are split by Istio routing upstream; without a layer that splits them here, their weights would
 * not be carried out, so this port keeps v1.)
 */
const common = (name: string): Pick<TrafficAppProps, 'name' | 'namespace' | 'ports' | 'readiness' | 'dataplane'> => ({
  name,
  namespace: 'bookinfo',
  ports: [{ name: 'http', port: 9080 }],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  dataplane: Dataplane.kubernetes(),
});

export const ratings = TrafficApp.define({
  ...common('ratings'),
  image: 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3',
  replicas: 2,
});

export const details = TrafficApp.define({
  ...common('details'),
  image: 'docker.io/istio/examples-bookinfo-details-v1:1.20.3',
  replicas: 2,
});

export const reviews = TrafficApp.define({
  ...common('reviews'),
  image: 'docker.io/istio/examples-bookinfo-reviews-v1:1.20.3',
  replicas: 2,
  runtime: 'jvm',
  resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
  // Open Liberty writes its logs and work area under /opt/ibm/wlp/output (upstream mounts an emptyDir there).
  writablePaths: ['/tmp', '/opt/ibm/wlp/output'],
  env: { LOG_DIR: '/tmp/logs' },
  calls: [ratings],
});

export const productpage = TrafficApp.define({
  ...common('productpage'),
  image: 'docker.io/istio/examples-bookinfo-productpage-v1:1.20.3',
  replicas: 2,
  runtime: 'python-workers',
  calls: [details, reviews],
  expose: [
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
