import { JsonPatch, Testing } from 'cdk8s';
import { TrafficApp, TrafficChart, Volume } from '../../lib';
import { validateObjects } from '../../lib/testing';
import { base, lineFor, problemsOf } from '../declared/support';
import { one, synthApp } from '../support/k8s';

// Issue 27 item 7: resource defaults from evidence, limits left out on purpose, a runtime hint.
describe('resource defaults', () => {
  test("cdk8s-plus's memory defaults (512Mi requested, 2Gi limited); CPU 100m requested, 1 limited", () => {
    const c = one(synthApp(base), 'Deployment').spec.template.spec.containers[0];
    expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '2Gi' } });
  });

  test('a memory limit below the default request lowers the request to it (as Kubernetes does)', () => {
    const c = one(synthApp({ ...base, resources: { memoryLimit: '256Mi' } }), 'Deployment').spec.template.spec
      .containers[0];
    expect(c.resources.requests.memory).toBe('256Mi');
    expect(c.resources.limits.memory).toBe('256Mi');
  });
});

describe('memoryLimit: null, with a reason', () => {
  const reason = 'the namespace LimitRange sets the limit';
  test('leaves the limit out, writes the reason on the pod template, and the written check accepts it', () => {
    const objects = synthApp({ ...base, resources: { memoryLimit: null, noMemoryLimitReason: reason } });
    const template = one(objects, 'Deployment').spec.template;
    expect(template.spec.containers[0].resources.limits).toEqual({ cpu: '1' });
    expect(template.metadata.annotations['cdk-traffic.io/no-memory-limit']).toBe(`web: ${reason}`);
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('without a reason, or a reason without null: a problem each', () => {
    const lines = problemsOf([{ ...base, resources: { memoryLimit: null } }]);
    expect(lineFor(lines, 'web', 'resources.noMemoryLimitReason')).toContain('needs a reason');
    const stray = problemsOf([{ ...base, resources: { noMemoryLimitReason: reason } }]);
    expect(lineFor(stray, 'web', 'resources.noMemoryLimitReason', JSON.stringify(reason))).toContain(
      'only read with `memoryLimit: null`',
    );
  });

  test('a patch that removes the limit of a container not named in the annotation is still caught (CT-K8S-013)', () => {
    const app = Testing.app();
    const web = TrafficApp.define({ ...base, resources: { memoryLimit: null, noMemoryLimitReason: reason } });
    const chart = new TrafficChart(app, 'test', { apps: [web] });
    chart
      .objectsOf(web)
      .workload()
      .addJsonPatch(
        JsonPatch.add('/spec/template/spec/containers/1', {
          name: 'extra',
          image: 'busybox:1.36',
          resources: { requests: { cpu: '10m', memory: '8Mi' } },
        }),
      );
    expect(() => Testing.synth(chart)).toThrow(/CT-K8S-013.*container "extra" has no limits.memory/);
  });
});

describe('runtime hint (CT-TRAFFIC-049)', () => {
  const warnings = (props: object) => {
    const chart = new TrafficChart(Testing.app(), 'test', { apps: [TrafficApp.define({ ...base, ...props })] });
    return chart.warnings.filter((w) => w.id === 'CT-TRAFFIC-049');
  };

  test('a JVM under a 512Mi limit is warned, with the heap it would get; 1Gi is not', () => {
    const w = warnings({ runtime: 'jvm', resources: { memoryLimit: '512Mi' } });
    expect(w).toHaveLength(1);
    expect(w[0].field).toBe('resources.memoryLimit');
    expect(w[0].message).toContain('(128Mi)');
    expect(warnings({ runtime: 'jvm', resources: { memoryLimit: '1Gi' } })).toEqual([]);
  });

  test('python workers under 512Mi are warned; the defaults fit both runtimes', () => {
    expect(warnings({ runtime: 'python-workers', resources: { memoryLimit: '256Mi' } })).toHaveLength(1);
    expect(warnings({ runtime: 'python-workers' })).toEqual([]);
    expect(warnings({ runtime: 'jvm' })).toEqual([]);
  });

  test('bad input: an unknown runtime shows the value', () => {
    const lines = problemsOf([{ ...base, runtime: 'ruby' as never }]);
    expect(lineFor(lines, 'web', 'runtime', '"ruby"')).toContain('one of "jvm", "python-workers" (got "ruby")');
  });
});

describe('versions and the workload options', () => {
  const reason = 'the namespace LimitRange sets the limit';
  test('a version overriding CPU keeps the app without a memory limit, with its reason; giving one writes it', () => {
    const objects = synthApp({
      ...base,
      resources: { memoryLimit: null, noMemoryLimitReason: reason },
      versions: {
        v2: { image: 'ghcr.io/acme/web:1.1.0', weight: 10, resources: { cpuRequest: '200m' } },
        v3: { image: 'ghcr.io/acme/web:1.2.0', weight: 5, resources: { memoryLimit: '1Gi' } },
      },
    });
    const limits = (name: string) =>
      (one(objects, 'Deployment', name).spec.template.spec.containers[0].resources as { limits: object }).limits;
    expect(limits('web-v2')).toEqual({ cpu: '1' });
    expect(limits('web-v3')).toEqual({ cpu: '1', memory: '1Gi' });
    expect(validateObjects(objects).errors).toEqual([]);
  });

  test('a version cannot bring its own Volume.claim', () => {
    const lines = problemsOf([
      {
        ...base,
        replicas: 1,
        volumes: { data: Volume.claim({ storage: '1Gi', accessModes: ['ReadWriteMany'] }) },
        volumeMounts: [{ volume: 'data', path: '/srv' }],
        versions: {
          v2: { weight: 10, volumes: { data: Volume.claim({ storage: '2Gi', accessModes: ['ReadWriteMany'] }) } },
        },
      },
    ]);
    expect(lineFor(lines, 'web', 'versions.v2.volumes.data')).toContain('belongs to the app');
  });
});
