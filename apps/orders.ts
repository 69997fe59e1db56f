import { Duration } from 'cdk8s';
import {
  Dataplane,
  EnvFrom,
  IngressExposure,
  Probe,
  ProjectedSource,
  ServiceAccount,
  TrafficApp,
  Volume,
  WorkloadIdentity,
} from 'cdk-traffic';

/**
 * A real workload moved to the library: the `orders` API (Deployment, 3 pods) runs a schema migration as an
 * init container, an Envoy sidecar (native, restartPolicy Always) that fronts it on `proxy` (exposed: the Service,
 * the Ingress and the network policy reach it), and a log shipper sidecar (unexposed). Its configuration is a
 * ConfigMap volume (one key through subPath), its database password a Secret volume, and a projected token for
 * Vault; it runs under an IRSA ServiceAccount on arm64 nodes, spread across nodes. Its cache `orders-cache` is a
 * StatefulSet singleton with a 5Gi claim, a headless governing Service (`orders-cache-0.orders-cache-headless...`),
 * no PDB and no surge, reachable only from the orders pods.
 */
export const orders = TrafficApp.define({
  name: 'orders',
  namespace: 'shop',
  image: 'ghcr.io/acme/orders:2.1.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  liveness: Probe.httpGet('/livez', { port: 'http', initialDelay: Duration.seconds(10) }),
  env: { CACHE_URL: 'redis://orders-cache.shop.svc.cluster.local:6379', CONFIG_FILE: '/etc/orders/app.yaml' },
  volumes: {
    config: Volume.configMap('orders-config'),
    db: Volume.secret('orders-db', { defaultMode: 0o440 }),
    vault: Volume.projected([
      ProjectedSource.serviceAccountToken({ audience: 'vault', path: 'vault-token', expiration: Duration.minutes(30) }),
    ]),
    envoy: Volume.configMap('orders-envoy'),
    buffer: Volume.emptyDir({ sizeLimit: '256Mi' }),
  },
  volumeMounts: [
    { volume: 'config', path: '/etc/orders/app.yaml', subPath: 'app.yaml', readOnly: true },
    { volume: 'db', path: '/var/run/secrets/db', readOnly: true },
    { volume: 'vault', path: '/var/run/secrets/vault', readOnly: true },
  ],
  initContainers: [
    {
      name: 'migrate',
      image: 'ghcr.io/acme/orders-migrate:2.1.0',
      args: ['up'],
      env: { DB_PASSWORD: EnvFrom.secret('orders-db', 'password') },
      resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    },
  ],
  sidecars: [
    {
      name: 'envoy',
      image: 'envoyproxy/envoy:v1.31.2',
      args: ['-c', '/etc/envoy/envoy.yaml'],
      ports: [{ name: 'proxy', port: 8443 }],
      exposed: true,
      readiness: Probe.httpGet('/ready', { port: 'proxy', scheme: 'HTTPS' }),
      shutdown: Duration.seconds(5),
      resources: { cpuRequest: '100m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
      volumeMounts: [{ volume: 'envoy', path: '/etc/envoy', readOnly: true }],
    },
    {
      name: 'logs',
      image: 'fluent/fluent-bit:3.1.9',
      resources: { cpuRequest: '20m', cpuLimit: '200m', memoryRequest: '32Mi', memoryLimit: '64Mi' },
      volumeMounts: [{ volume: 'buffer', path: '/buffer' }],
    },
  ],
  serviceAccount: ServiceAccount.create({
    identity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/orders'),
  }),
  scheduling: {
    nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    tolerations: [{ key: 'dedicated', value: 'shop', effect: 'NoSchedule' }],
    spreadAcrossNodes: 'preferred',
    priorityClassName: 'business-critical',
  },
  service: {
    ports: [
      { name: 'https', port: 443, targetPort: 'proxy' },
      { name: 'http', port: 80, targetPort: 'http' },
    ],
  },
  expose: [
    IngressExposure.withClass({ name: 'orders', className: 'nginx', hosts: ['orders.example.com'], port: 'https' }),
  ],
  dataplane: Dataplane.kubernetes({ allowFrom: [{ namespace: 'monitoring', ports: ['http'] }] }),
});

/** The orders cache: a stateful singleton (one writer), its data on a claim of its own. */
export const ordersCache = TrafficApp.define({
  name: 'orders-cache',
  namespace: 'shop',
  image: 'valkey/valkey:8.0.1',
  replicas: 1,
  ports: [{ name: 'redis', port: 6379 }],
  args: ['--appendonly', 'yes', '--dir', '/data'],
  readiness: Probe.exec(['valkey-cli', 'ping'], { period: Duration.seconds(5) }),
  liveness: Probe.tcpSocket({ port: 'redis', initialDelay: Duration.seconds(15) }),
  resources: { cpuRequest: '100m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
  writablePaths: [],
  volumeMounts: [{ volume: 'data', path: '/data' }],
  stateful: { volumeClaimTemplates: { data: { storage: '5Gi' } } },
  availability: {
    drain: Duration.seconds(2),
    shutdown: Duration.seconds(3),
    terminationGracePeriod: Duration.seconds(5),
  },
  dataplane: Dataplane.kubernetes({ allowFrom: [{ labels: { 'app.kubernetes.io/name': 'orders' } }] }),
});
