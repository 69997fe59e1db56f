import { PodSecurity, Probe, TrafficApp } from 'cdk-traffic';

/**
 * The article's example, exactly: Deployment `nginx-deployment` (label `app: nginx`, 3 replicas,
 * container `nginx`, image `nginx:1.14.2`, containerPort 80) and the ClusterIP Service `nginx-service`
 * (selector `app: nginx`, TCP port 80 -> targetPort 80).
 *
 * The upstream nginx image runs as root and writes to its root filesystem, so this example opts out of
 * the restricted pod security level, explicitly and with its reason. Everything else keeps the defaults
 * (readiness probe, requests and limits, disruption budget, graceful shutdown).
 */
export const nginx = TrafficApp.define({
  name: 'nginx',
  image: 'nginx:1.14.2',
  replicas: 3,
  selectorLabels: { app: 'nginx' },
  names: { deployment: 'nginx-deployment', service: 'nginx-service' },
  containerName: 'nginx',
  ports: [{ port: 80 }],
  readiness: Probe.httpGet('/', { port: 80 }),
  service: { ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }] },
  security: PodSecurity.baseline({
    reason: 'the upstream nginx:1.14.2 image runs as root and writes to /var/cache/nginx and /var/run',
  }),
});
