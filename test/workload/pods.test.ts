import { Duration } from 'cdk8s';
import {
  Dataplane,
  EnvFrom,
  IngressExposure,
  LoadBalancerServiceExposure,
  Probe,
  ProjectedSource,
  ServiceAccount,
  TrafficAppProps,
  Volume,
  WorkloadIdentity,
} from '../../lib';
import { all, one, synthApp } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';

const orders: TrafficAppProps = {
  name: 'orders',
  namespace: 'shop',
  image: 'ghcr.io/acme/orders:2.1.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  volumes: {
    config: Volume.configMap('orders-config', { items: { 'app.yaml': 'app.yaml' } }),
    creds: Volume.secret('orders-db', { defaultMode: 0o440 }),
    scratch: Volume.emptyDir({ medium: 'Memory', sizeLimit: '64Mi' }),
    uploads: Volume.persistentVolumeClaim('orders-uploads'),
    vault: Volume.projected([
      ProjectedSource.serviceAccountToken({ audience: 'vault', expiration: Duration.minutes(20) }),
      ProjectedSource.configMap('vault-ca'),
    ]),
  },
  volumeMounts: [
    { volume: 'config', path: '/etc/orders/app.yaml', subPath: 'app.yaml', readOnly: true },
    { volume: 'uploads', path: '/data' },
  ],
  initContainers: [
    {
      name: 'migrate',
      image: 'ghcr.io/acme/orders-migrate:2.1.0',
      args: ['up'],
      env: { DB_PASSWORD: EnvFrom.secret('orders-db', 'password') },
      volumeMounts: [{ volume: 'creds', path: '/creds', readOnly: true }],
    },
  ],
  sidecars: [
    {
      name: 'envoy',
      image: 'envoyproxy/envoy:v1.31.2',
      ports: [{ name: 'proxy', port: 9901 }],
      exposed: true,
      readiness: Probe.httpGet('/ready', { port: 'proxy' }),
      shutdown: Duration.seconds(5),
      resources: { cpuRequest: '50m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
    },
    {
      name: 'logs',
      image: 'fluent/fluent-bit:3.1.9',
      ports: [{ name: 'logs-metrics', port: 2020 }],
      volumeMounts: [{ volume: 'scratch', path: '/buffer' }],
    },
  ],
  serviceAccount: ServiceAccount.create({
    identity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/orders'),
    labels: { team: 'shop' },
  }),
  scheduling: {
    nodeSelector: { 'kubernetes.io/arch': 'arm64' },
    tolerations: [
      { key: 'dedicated', value: 'shop', effect: 'NoSchedule' },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: Duration.seconds(30),
      },
    ],
    nodeAffinity: {
      preferred: [
        { weight: 50, match: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m7g.large'] }] },
      ],
    },
    podAffinity: [
      { labels: { 'app.kubernetes.io/name': 'orders-cache' }, topologyKey: 'topology.kubernetes.io/zone', weight: 20 },
    ],
    spreadAcrossNodes: 'preferred',
    topologySpread: [{ topologyKey: 'kubernetes.io/hostname', maxSkew: 2 }],
    priorityClassName: 'business-critical',
    imagePullSecrets: ['registry-credentials'],
  },
};

describe('GIVEN an app with init containers, sidecars, volumes, an IRSA ServiceAccount and scheduling', () => {
  const objects = synthApp(orders);
  const pod = one(objects, 'Deployment', 'orders').spec.template.spec;
  const [migrate, envoy, logs] = pod.initContainers;

  test('THEN every object passes the Kubernetes schemas', () => {
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('THEN the init container runs first and the sidecars are init containers with restartPolicy Always, in order', () => {
    expect(pod.initContainers.map((c: { name: string; restartPolicy?: string }) => [c.name, c.restartPolicy])).toEqual([
      ['migrate', undefined],
      ['envoy', 'Always'],
      ['logs', 'Always'],
    ]);
    expect(migrate).toMatchObject({
      image: 'ghcr.io/acme/orders-migrate:2.1.0',
      args: ['up'],
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-db', key: 'password' } } }],
    });
    expect(migrate.readinessProbe).toBeUndefined();
    expect(envoy.readinessProbe).toMatchObject({ httpGet: { path: '/ready', port: 'proxy' } });
  });

  test('THEN every container gets the restricted security context and requests and limits (defaults where unset)', () => {
    for (const c of [...pod.containers, ...pod.initContainers]) {
      expect(c.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
      });
      expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
      expect(c.resources.limits.memory).toEqual(expect.any(String));
    }
    expect(envoy.resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '1', memory: '128Mi' },
    });
    expect(logs.resources).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
  });

  test("THEN only the exposed sidecar's port joins the Service", () => {
    expect(one(objects, 'Service', 'orders').spec.ports).toEqual([
      { name: 'http', protocol: 'TCP', port: 8080, targetPort: 'http' },
      { name: 'proxy', protocol: 'TCP', port: 9901, targetPort: 'proxy' },
    ]);
  });

  test("THEN only the app container drains (preStop); the grace period covers drain + shutdown + the sidecars' shutdown", () => {
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(envoy.lifecycle).toBeUndefined();
    // No load balancer targets the pods: 10 s drain + 20 s shutdown + 5 s envoy shutdown.
    expect(pod.terminationGracePeriodSeconds).toBe(35);
  });

  test('THEN the volumes are written with their options and mounted where declared', () => {
    expect(pod.volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'config', configMap: { name: 'orders-config', items: [{ key: 'app.yaml', path: 'app.yaml' }] } },
      { name: 'creds', secret: { secretName: 'orders-db', defaultMode: 0o440 } },
      { name: 'scratch', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
      { name: 'uploads', persistentVolumeClaim: { claimName: 'orders-uploads' } },
      {
        name: 'vault',
        projected: {
          sources: [
            { serviceAccountToken: { audience: 'vault', path: 'token', expirationSeconds: 1200 } },
            { configMap: { name: 'vault-ca' } },
          ],
        },
      },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'config', mountPath: '/etc/orders/app.yaml', subPath: 'app.yaml', readOnly: true },
      { name: 'uploads', mountPath: '/data' },
    ]);
    expect(migrate.volumeMounts).toEqual([{ name: 'creds', mountPath: '/creds', readOnly: true }]);
    expect(logs.volumeMounts).toEqual([{ name: 'scratch', mountPath: '/buffer' }]);
  });

  test('THEN the ServiceAccount carries the IRSA role annotation and the pod runs under it with token automount off', () => {
    const sa = one(objects, 'ServiceAccount', 'orders');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/orders' });
    expect(sa.metadata.labels).toMatchObject({ team: 'shop' });
    expect(pod.serviceAccountName).toBe('orders');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test("THEN the scheduling options are written, the anti-affinity helper on the app's own selector", () => {
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/arch': 'arm64' });
    expect(pod.tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'shop', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 },
    ]);
    expect(pod.affinity.nodeAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 50,
          preference: {
            matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m7g.large'] }],
          },
        },
      ],
    });
    expect(pod.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]).toEqual({
      weight: 20,
      podAffinityTerm: {
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders-cache' } },
        topologyKey: 'topology.kubernetes.io/zone',
      },
    });
    expect(pod.affinity.podAntiAffinity).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: {
            labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders' } },
            topologyKey: 'kubernetes.io/hostname',
          },
        },
      ],
    });
    expect(pod.topologySpreadConstraints).toEqual([
      {
        maxSkew: 2,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'orders' } },
      },
    ]);
    expect(pod.priorityClassName).toBe('business-critical');
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
  });

  test("THEN the exposed sidecar's port is admitted by the network policy, the unexposed one's is not", () => {
    const withPolicy = synthApp({
      ...orders,
      expose: [IngressExposure.withClass({ className: 'nginx', hosts: ['orders.example.com'] })],
      dataplane: Dataplane.kubernetes(),
    });
    const ports = one(withPolicy, 'NetworkPolicy').spec.ingress.flatMap((r: { ports?: { port: number }[] }) =>
      (r.ports ?? []).map((p) => p.port),
    );
    expect(ports).toEqual(expect.arrayContaining([8080]));
    expect(ports).not.toContain(2020);
  });
});

describe('GIVEN other ServiceAccount choices', () => {
  const base: TrafficAppProps = {
    name: 'web',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health'),
  };

  test('THEN an existing account is used by name and nothing is written', () => {
    const objects = synthApp({ ...base, serviceAccount: ServiceAccount.existing('default') });
    expect(all(objects, 'ServiceAccount')).toEqual([]);
    expect(one(objects, 'Deployment').spec.template.spec.serviceAccountName).toBe('default');
  });

  test('THEN GKE and Azure identities write their annotations (and Azure its pod label)', () => {
    const gke = synthApp({
      ...base,
      serviceAccount: ServiceAccount.create({
        identity: WorkloadIdentity.gcp('web-sa@my-project.iam.gserviceaccount.com'),
      }),
    });
    expect(one(gke, 'ServiceAccount').metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'web-sa@my-project.iam.gserviceaccount.com',
    });
    const az = synthApp({
      ...base,
      serviceAccount: ServiceAccount.create({
        name: 'web-identity',
        identity: WorkloadIdentity.azure('11111111-2222-3333-4444-555555555555'),
      }),
    });
    expect(one(az, 'ServiceAccount', 'web-identity').metadata.annotations).toEqual({
      'azure.workload.identity/client-id': '11111111-2222-3333-4444-555555555555',
    });
    const tpl = one(az, 'Deployment').spec.template;
    expect(tpl.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(tpl.spec.serviceAccountName).toBe('web-identity');
  });
});

describe('GIVEN a 5 s grace period', () => {
  const base: TrafficAppProps = {
    name: 'web',
    namespace: 'web',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/health'),
    availability: {
      drain: Duration.seconds(2),
      shutdown: Duration.seconds(3),
      terminationGracePeriod: Duration.seconds(5),
    },
  };

  test('THEN an in-cluster app (no exposure, or an nginx Ingress) is fine: no load balancer deregisters its pods', () => {
    expect(one(synthApp(base), 'Deployment').spec.template.spec.terminationGracePeriodSeconds).toBe(5);
    expect(
      one(
        synthApp({ ...base, expose: [IngressExposure.withClass({ className: 'nginx', hosts: ['web.example.com'] })] }),
        'Deployment',
      ).spec.template.spec.terminationGracePeriodSeconds,
    ).toBe(5);
  });

  test('THEN behind an NLB it is shorter than the deregistration delay (CT-K8S-003), and the default grace period covers it', () => {
    expect(() => synthApp({ ...base, expose: [LoadBalancerServiceExposure.nlb()] })).toThrow(
      /\[CT-K8S-003\] availability.terminationGracePeriod: is shorter than the deregistration delay \(30s\)/,
    );
    const { terminationGracePeriod: _omit, ...rest } = base.availability!;
    expect(
      one(synthApp({ ...base, availability: rest, expose: [LoadBalancerServiceExposure.nlb()] }), 'Deployment').spec
        .template.spec.terminationGracePeriodSeconds,
    ).toBe(30);
    expect(
      one(synthApp({ ...base, availability: rest }), 'Deployment').spec.template.spec.terminationGracePeriodSeconds,
    ).toBe(5);
  });
});
