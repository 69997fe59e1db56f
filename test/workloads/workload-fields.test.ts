import { Duration } from 'cdk8s';
import { Volume } from '../../lib';
import { validateObjects } from '../../lib/testing';
import { one, synthApp } from '../support/k8s';
import { base, lineFor, problemsOf } from '../declared/support';

// Issue 27 item 5: the Deployment and StatefulSet fields people set.
describe('rollout fields', () => {
  test('revisionHistoryLimit, progressDeadline and minReady are written on the Deployment', () => {
    const objects = synthApp({
      ...base,
      rollout: { revisionHistoryLimit: 3, progressDeadline: Duration.minutes(5), minReady: Duration.seconds(10) },
    });
    const spec = one(objects, 'Deployment').spec;
    expect(spec.revisionHistoryLimit).toBe(3);
    expect(spec.progressDeadlineSeconds).toBe(300);
    expect(spec.minReadySeconds).toBe(10);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } });
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('left out, none of them is written (Kubernetes defaults)', () => {
    const spec = one(synthApp(base), 'Deployment').spec;
    expect(spec.revisionHistoryLimit).toBeUndefined();
    expect(spec.progressDeadlineSeconds).toBeUndefined();
  });

  test("strategy 'Recreate' writes no rollingUpdate, and zero surge is then no problem", () => {
    const spec = one(synthApp({ ...base, replicas: 1, rollout: { strategy: 'Recreate' } }), 'Deployment').spec;
    expect(spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('bad input: each a problem with the field, the value and a fix', () => {
    const lines = problemsOf([
      {
        ...base,
        rollout: {
          revisionHistoryLimit: -1,
          progressDeadline: Duration.seconds(5),
          minReady: Duration.seconds(10),
          strategy: 'Recreate',
          maxSurge: 1,
        },
      },
    ]);
    expect(lineFor(lines, 'web', 'rollout.revisionHistoryLimit', '-1')).toContain('whole number between 0 and 1000');
    expect(lineFor(lines, 'web', 'rollout.progressDeadline', 'Duration(5s)')).toContain('longer than `minReady` (10s)');
    expect(lineFor(lines, 'web', 'rollout.maxSurge', '1')).toContain("'Recreate' stops every old pod first");
    const strategy = problemsOf([{ ...base, rollout: { strategy: 'Blue' as never } }]);
    expect(lineFor(strategy, 'web', 'rollout.strategy', '"Blue"')).toContain('(got "Blue")');
  });

  test('a StatefulSet refuses the Deployment-only fields and keeps revisionHistoryLimit', () => {
    const stateful = { ...base, stateful: { ordinalsStart: 3 } };
    const lines = problemsOf([
      { ...stateful, rollout: { strategy: 'Recreate', progressDeadline: Duration.minutes(5) } },
    ]);
    expect(lineFor(lines, 'web', 'rollout.strategy', '"Recreate"')).toContain('a StatefulSet has no Recreate strategy');
    expect(lineFor(lines, 'web', 'rollout.progressDeadline')).toContain('Deployment field');
    const spec = one(synthApp({ ...stateful, rollout: { revisionHistoryLimit: 2 } }), 'StatefulSet').spec;
    expect(spec.revisionHistoryLimit).toBe(2);
    expect(spec.ordinals).toEqual({ start: 3 });
  });

  test('stateful.ordinalsStart: the pods DNS names start there; a bad value is a problem', () => {
    const objects = synthApp({ ...base, stateful: { ordinalsStart: 3 } });
    expect(validateObjects(objects).errors).toEqual([]);
    const lines = problemsOf([{ ...base, stateful: { ordinalsStart: 1.5 } }]);
    expect(lineFor(lines, 'web', 'stateful.ordinalsStart', '1.5')).toContain('whole number');
  });
});

// Issue 27 item 6: a PersistentVolumeClaim written beside the workload.
describe('Volume.claim', () => {
  const single = {
    ...base,
    replicas: 1,
    rollout: { strategy: 'Recreate' as const },
    volumeMounts: [{ volume: 'data', path: '/var/lib/web' }],
  };

  test("writes the claim, and the pod's volume names it", () => {
    const objects = synthApp({
      ...single,
      volumes: { data: Volume.claim({ storage: '10Gi', storageClassName: 'gp3', accessModes: ['ReadWriteOncePod'] }) },
    });
    const pvc = one(objects, 'PersistentVolumeClaim');
    expect(pvc.metadata).toMatchObject({ name: 'web-data', namespace: 'shop' });
    expect(pvc.metadata.labels?.['app.kubernetes.io/name']).toBe('web');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteOncePod'],
      storageClassName: 'gp3',
      resources: { requests: { storage: '10Gi' } },
    });
    const pod = one(objects, 'Deployment').spec.template.spec;
    const volume = pod.volumes.find((v: { name: string }) => v.name === 'data');
    expect(volume.persistentVolumeClaim.claimName).toBe(pvc.metadata.name);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/web' });
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('claimName names the claim; ReadWriteMany may be shared by several replicas', () => {
    const objects = synthApp({
      ...base,
      volumeMounts: [{ volume: 'data', path: '/srv' }],
      volumes: { data: Volume.claim({ storage: '1Gi', claimName: 'shared-uploads', accessModes: ['ReadWriteMany'] }) },
    });
    expect(one(objects, 'PersistentVolumeClaim').metadata.name).toBe('shared-uploads');
    const volumes = one(objects, 'Deployment').spec.template.spec.volumes;
    expect(volumes.find((v: { name: string }) => v.name === 'data').persistentVolumeClaim.claimName).toBe(
      'shared-uploads',
    );
  });

  test('bad input: size, access modes, volume mode, storage class, name', () => {
    const lines = problemsOf([
      {
        ...single,
        volumes: {
          data: Volume.claim({
            storage: '10 GB',
            accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'],
            volumeMode: 'Block',
            storageClassName: 'Fast SSD',
            claimName: 'Bad_Name',
          }),
        },
      },
    ]);
    expect(lineFor(lines, 'web', 'volumes.data.storage', '"10 GB"')).toContain('not a storage quantity');
    expect(lineFor(lines, 'web', 'volumes.data.accessModes')).toContain('ReadWriteOncePod cannot be combined');
    expect(lineFor(lines, 'web', 'volumes.data.volumeMode', '"Block"')).toContain('raw device');
    expect(lineFor(lines, 'web', 'volumes.data.storageClassName', '"Fast SSD"')).toBeTruthy();
    expect(lineFor(lines, 'web', 'volumes.data.claimName', '"Bad_Name"')).toBeTruthy();
    const unknownMode = problemsOf([
      { ...single, volumes: { data: Volume.claim({ storage: '1Gi', accessModes: ['Once' as never] }) } },
    ]);
    expect(lineFor(unknownMode, 'web', 'volumes.data.accessModes')).toContain('must list modes among');
  });

  test('a one-node claim shared by pods that run at once is refused, naming what runs them', () => {
    const lines = problemsOf([
      {
        ...base,
        volumeMounts: [{ volume: 'data', path: '/srv' }],
        volumes: { data: Volume.claim({ storage: '1Gi' }) },
      },
    ]);
    const l = lineFor(lines, 'web', 'volumes.data.accessModes');
    expect(l).toContain('replicas: 2');
    expect(l).toContain("the rolling update's surge");
    expect(l).toContain("rollout: { strategy: 'Recreate' }");
  });

  test('two apps writing one claim name is refused (CT-K8S-002)', () => {
    const claim = {
      volumeMounts: [{ volume: 'data', path: '/srv' }],
      volumes: { data: Volume.claim({ storage: '1Gi', claimName: 'data', accessModes: ['ReadWriteMany' as const] }) },
    };
    const lines = problemsOf([
      { ...base, ...claim },
      { ...base, name: 'api', ...claim },
    ]);
    expect(lineFor(lines, 'api', 'names', '"data"')).toContain('PersistentVolumeClaim "data"');
  });
});
