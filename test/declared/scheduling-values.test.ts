import { one, synthApp } from '../support/k8s';
import { base, lineFor, problemsOf } from './support';

describe('scheduling values the API server would refuse', () => {
  test('toleration keys and values with spaces or "="', () => {
    const lines = problemsOf([
      { ...base, scheduling: { tolerations: [{ key: 'dedicated team', value: 'a=b', effect: 'NoSchedule' }] } },
    ]);
    expect(lineFor(lines, 'web', 'scheduling.tolerations[0].key', '"dedicated team"')).toContain('label key');
    expect(lineFor(lines, 'web', 'scheduling.tolerations[0].value', '"a=b"')).toContain('label value');
  });

  test('node-affinity keys and values', () => {
    const lines = problemsOf([
      {
        ...base,
        scheduling: {
          nodeAffinity: { required: [{ key: 'bad key!', operator: 'In', values: ['m7g large'] }] },
        },
      },
    ]);
    lineFor(lines, 'web', 'scheduling.nodeAffinity.required[0].key', '"bad key!"');
    lineFor(lines, 'web', 'scheduling.nodeAffinity.required[0].values[0]', '"m7g large"');
  });

  test('a topologyKey and namespaces of pod affinity', () => {
    const lines = problemsOf([
      {
        ...base,
        scheduling: {
          podAffinity: [{ labels: { app: 'cache' }, topologyKey: 'zone name', namespaces: ['Shop_A'] }],
          topologySpread: [{ topologyKey: '/zone' }],
        },
      },
    ]);
    lineFor(lines, 'web', 'scheduling.podAffinity[0].topologyKey', '"zone name"');
    lineFor(lines, 'web', 'scheduling.podAffinity[0].namespaces[0]', '"Shop_A"');
    lineFor(lines, 'web', 'scheduling.topologySpread[0].topologyKey', '"/zone"');
  });

  test('the zone spread of availability.spreadAcrossZones written again, or one constraint twice', () => {
    const lines = problemsOf([
      {
        ...base,
        availability: { spreadAcrossZones: true },
        scheduling: { topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone' }] },
      },
      {
        ...base,
        name: 'api',
        scheduling: {
          topologySpread: [{ topologyKey: 'kubernetes.io/hostname' }, { topologyKey: 'kubernetes.io/hostname' }],
        },
      },
    ]);
    expect(lineFor(lines, 'web', 'scheduling.topologySpread[0].topologyKey')).toContain('spreadAcrossZones: false');
    expect(lineFor(lines, 'api', 'scheduling.topologySpread[1].topologyKey')).toContain('scheduling.topologySpread[0]');
  });

  test('the same key with another whenUnsatisfiable, and good values, are written', () => {
    const d = one(
      synthApp({
        ...base,
        availability: { spreadAcrossZones: true },
        scheduling: {
          tolerations: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
          topologySpread: [{ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' }],
        },
      }),
      'Deployment',
    );
    expect(d.spec.template.spec.topologySpreadConstraints.map((t: any) => t.whenUnsatisfiable)).toEqual([
      'ScheduleAnyway',
      'DoNotSchedule',
    ]);
    expect(d.spec.template.spec.tolerations[0].key).toBe('nvidia.com/gpu');
  });
});
