import { Duration } from 'cdk8s';
import { EnvFrom, Probe, ReadinessWaiver, TrafficApp, TrafficAppProps } from '../../lib';
import { all, one, synthApp, synthApps } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';

const web: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  replicas: 3,
  ports: [
    { name: 'http', port: 8080 },
    { name: 'metrics', port: 9090 },
  ],
  readiness: Probe.httpGet('/ready', { port: 'http', initialDelay: Duration.seconds(5), period: Duration.seconds(5) }),
  liveness: Probe.tcpSocket({ port: 'http' }),
  startup: Probe.exec(['cat', '/tmp/started'], { failureThreshold: 30 }),
  env: { LOG_LEVEL: 'info', DB_PASSWORD: EnvFrom.secret('db', 'password') },
  labels: { team: 'payments' },
  annotations: { 'example.com/owner': 'payments' },
};

describe('GIVEN a served workload', () => {
  const objects = synthApp(web);
  const deployment = one(objects, 'Deployment', 'web');
  const pod = deployment.spec.template;
  const container = pod.spec.containers[0];
  const service = one(objects, 'Service', 'web');

  test('THEN every object is valid against the Kubernetes schemas', () => {
    const { errors, unchecked } = validateCore(objects);
    expect(errors).toEqual([]);
    expect(unchecked).toEqual([]);
  });

  test('THEN it writes a Namespace with Pod Security enforcement, a ServiceAccount, a Deployment, a Service and a PDB', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/shop',
      'ServiceAccount/web',
      'Deployment/web',
      'Service/web',
      'PodDisruptionBudget/web',
    ]);
    expect(one(objects, 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  test('THEN the Service selects exactly the pods, through the selector labels (never a Pod IP)', () => {
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'web' });
    expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
    for (const [k, v] of Object.entries(service.spec.selector)) expect(pod.metadata.labels[k]).toBe(v);
    expect(one(objects, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(JSON.stringify(objects)).not.toMatch(/podIP|\b10\.\d+\.\d+\.\d+\b/);
  });

  test('THEN the Service maps each port to a declared container port by name', () => {
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([
      { name: 'http', protocol: 'TCP', port: 8080, targetPort: 'http' },
      { name: 'metrics', protocol: 'TCP', port: 9090, targetPort: 'metrics' },
    ]);
    const names = container.ports.map((p: { name: string }) => p.name);
    for (const p of service.spec.ports) expect(names).toContain(p.targetPort);
  });

  test("THEN the user's labels and annotations are merged, not dropped", () => {
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      expect(o.metadata.labels).toMatchObject({
        team: 'payments',
        'app.kubernetes.io/managed-by': 'cdk-traffic',
        'app.kubernetes.io/name': 'web',
      });
      expect(o.metadata.annotations).toMatchObject({ 'example.com/owner': 'payments' });
    }
    expect(pod.metadata.labels).toMatchObject({ team: 'payments', 'app.kubernetes.io/name': 'web' });
  });

  test('THEN the probes are written with every timing field', () => {
    expect(container.readinessProbe).toEqual({
      httpGet: { path: '/ready', port: 'http' },
      initialDelaySeconds: 5,
      periodSeconds: 5,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(container.startupProbe).toMatchObject({ exec: { command: ['cat', '/tmp/started'] }, failureThreshold: 30 });
  });

  test('THEN the pod meets Pod Security "restricted"', () => {
    expect(pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    });
    expect(pod.spec.automountServiceAccountToken).toBe(false);
    expect(one(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.spec.serviceAccountName).toBe('web');
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  test('THEN requests and limits are set by default', () => {
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '512Mi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
  });

  test('THEN a terminating pod drains before SIGTERM and its grace period covers drain + shutdown', () => {
    expect(container.lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(pod.spec.terminationGracePeriodSeconds).toBe(30);
  });

  test('THEN the rolling update never drops capacity', () => {
    expect(deployment.spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    expect(one(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('THEN env values and secret references are written', () => {
    expect(container.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ]);
  });
});

describe('GIVEN options', () => {
  test('one replica gets no disruption budget; an explicit budget is kept', () => {
    expect(all(synthApp({ ...web, replicas: 1 }), 'PodDisruptionBudget')).toHaveLength(0);
    expect(
      one(synthApp({ ...web, availability: { disruptionBudget: { minAvailable: '50%' } } }), 'PodDisruptionBudget')
        .spec,
    ).toMatchObject({ minAvailable: '50%' });
  });

  test('zone spreading selects the pods of the Deployment', () => {
    const d = one(synthApp({ ...web, availability: { spreadAcrossZones: true } }), 'Deployment');
    expect(d.spec.template.spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: { matchLabels: d.spec.selector.matchLabels },
      },
    ]);
  });

  test('Service options: headless, session affinity, traffic policies and distribution', () => {
    const s = one(
      synthApp({
        ...web,
        service: {
          headless: true,
          sessionAffinity: 'ClientIP',
          sessionAffinityTimeout: Duration.minutes(10),
          internalTrafficPolicy: 'Local',
          trafficDistribution: 'PreferClose',
        },
      }),
      'Service',
    ).spec;
    expect(s).toMatchObject({
      clusterIP: 'None',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      internalTrafficPolicy: 'Local',
      // PreferClose is written under its Kubernetes 1.34 name for the default target (1.35): test/targets/.
      trafficDistribution: 'PreferSameZone',
    });
  });

  test('a waived readiness probe is recorded with its reason', () => {
    const d = one(
      synthApp({ ...web, readiness: ReadinessWaiver.because('a batch worker that receives no traffic') }),
      'Deployment',
    );
    expect(d.spec.template.spec.containers[0].readinessProbe).toBeUndefined();
    expect(d.spec.template.metadata.annotations['cdk-traffic.io/readiness-waiver']).toBe(
      'a batch worker that receives no traffic',
    );
  });

  test('versions: one Deployment and one Service per version, each selecting only its pods', () => {
    const objects = synthApp({ ...web, versions: { v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 1 } } });
    const v1 = one(objects, 'Deployment', 'web-v1');
    const v2 = one(objects, 'Deployment', 'web-v2');
    expect(v2.spec.template.spec.containers[0].image).toBe('ghcr.io/acme/web:1.1.0');
    expect(v1.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', version: 'v1' });
    expect(v2.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', version: 'v2' });
    expect(one(objects, 'Service', 'web-v2').spec.selector).toEqual(v2.spec.selector.matchLabels);
    expect(one(objects, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web' });
    const spec = TrafficApp.define({ ...web, versions: { v2: { weight: 1 } } }).spec;
    expect(spec.versions.map((v) => [v.version, v.weight])).toEqual([
      ['v1', 99],
      ['v2', 1],
    ]);
  });

  test('autoscaling: an HPA on the stable Deployment, which leaves replicas to it; the PDB follows minReplicas', () => {
    const objects = synthApp({
      ...web,
      replicas: 1,
      autoscaling: { minReplicas: 2, maxReplicas: 10, scaleDownStabilization: Duration.minutes(10) },
    });
    const d = one(objects, 'Deployment');
    const hpa = one(objects, 'HorizontalPodAutoscaler');
    expect(d.spec.replicas).toBeUndefined();
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 600 } },
    });
    expect(one(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(validateCore(objects).errors).toEqual([]);
  });

  test('two apps in one chart', () => {
    const objects = synthApps([TrafficApp.define(web), TrafficApp.define({ ...web, name: 'api' })]);
    expect(all(objects, 'Deployment').map((d) => d.metadata.name)).toEqual(['web', 'api']);
    expect(all(objects, 'Namespace')).toHaveLength(1);
  });
});
