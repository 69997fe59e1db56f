import { Duration } from 'cdk8s';
import { Dataplane, IngressExposure, Probe, TrafficApp, TrafficAppProps, TrafficChart } from '../../lib';
import { Testing } from 'cdk8s';
import { all, one, synthApp } from '../support/k8s';
import { validateCore } from '../support/validate-k8s';

const cache: TrafficAppProps = {
  name: 'cache',
  namespace: 'shop',
  image: 'valkey/valkey:8.0.1',
  replicas: 1,
  ports: [{ name: 'redis', port: 6379 }],
  readiness: Probe.exec(['valkey-cli', 'ping']),
  liveness: Probe.tcpSocket({ port: 'redis', initialDelay: Duration.seconds(10) }),
  writablePaths: [],
  volumeMounts: [{ volume: 'data', path: '/data' }],
  stateful: { volumeClaimTemplates: { data: { storage: '5Gi', storageClassName: 'gp3' } } },
  dataplane: Dataplane.kubernetes({ allowFrom: [{ labels: { 'app.kubernetes.io/name': 'orders' } }] }),
};

describe('GIVEN a stateful singleton (a cache)', () => {
  const objects = synthApp(cache);
  const sts = one(objects, 'StatefulSet', 'cache');

  test('THEN it is a StatefulSet with its claims, valid against the Kubernetes schemas', () => {
    expect(validateCore(objects)).toEqual({ errors: [], unchecked: [] });
    expect(all(objects, 'Deployment')).toEqual([]);
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        metadata: { name: 'data', labels: expect.objectContaining({ 'app.kubernetes.io/name': 'cache' }) },
        spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '5Gi' } } },
      },
    ]);
    expect(sts.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate' });
    expect(sts.spec.podManagementPolicy).toBeUndefined();
  });

  test('THEN its headless governing Service gives each pod a DNS name, and the app Service stays', () => {
    const gov = one(objects, 'Service', 'cache-headless');
    expect(sts.spec.serviceName).toBe('cache-headless');
    expect(gov.spec).toEqual({
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'app.kubernetes.io/name': 'cache' },
      ports: [{ name: 'redis', protocol: 'TCP', port: 6379, targetPort: 'redis' }],
    });
    expect(one(objects, 'Service', 'cache').spec.clusterIP).toBeUndefined();
    expect(TrafficApp.define(cache).spec.stateful?.podDnsNames).toEqual([
      'cache-0.cache-headless.shop.svc.cluster.local',
    ]);
  });

  test('THEN a singleton gets no PDB and no surge (one writer at a time)', () => {
    expect(all(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(sts.spec.strategy).toBeUndefined();
    expect(JSON.stringify(sts)).not.toContain('maxSurge');
  });

  test('THEN the policy, probes and the rest apply as for a Deployment', () => {
    expect(one(objects, 'NetworkPolicy').spec.podSelector).toEqual({
      matchLabels: { 'app.kubernetes.io/name': 'cache' },
    });
    expect(sts.spec.template.spec.containers[0].readinessProbe.exec.command).toEqual(['valkey-cli', 'ping']);
    const o = new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define(cache)] }).objectsOf('cache');
    expect(o.workload().kind).toBe('StatefulSet');
    expect(o.governingService?.metadata.name).toBe('cache-headless');
  });
});

describe('GIVEN a stateful cluster of 3 with an exposure and autoscaling', () => {
  const objects = synthApp({
    ...cache,
    replicas: 3,
    service: { headless: true },
    stateful: {
      ...cache.stateful,
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate', partition: 2 },
      claimRetention: { whenScaled: 'Delete' },
    },
    autoscaling: { minReplicas: 3, maxReplicas: 5, cpuUtilization: 80 },
    expose: [IngressExposure.withClass({ className: 'nginx', hosts: ['cache.example.com'] })],
  });
  const sts = one(objects, 'StatefulSet');

  test('THEN a headless app Service governs (no second one), with the options written', () => {
    expect(all(objects, 'Service').map((s) => s.metadata.name)).toEqual(['cache']);
    expect(sts.spec.serviceName).toBe('cache');
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    expect(sts.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenScaled: 'Delete' });
  });

  test('THEN the PDB and HPA target the StatefulSet', () => {
    expect(one(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(one(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      name: 'cache',
    });
    expect(sts.spec.replicas).toBeUndefined();
    expect(validateCore(objects).errors).toEqual([]);
  });
});
