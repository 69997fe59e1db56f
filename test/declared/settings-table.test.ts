import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { BUILT_IN_EXPOSURE_RENDERERS } from '../../lib/k8s/expose/exposure-renderers';
import { TrafficPolicyProps } from '../../lib';
import { SETTING_FIELDS, TRAFFIC_SETTINGS, TrafficSetting } from '../../lib/model/traffic/layer-support';
import { LAYER_SAMPLES, layerTable, layerTableMarkdown, sampleApp } from '../../lib/model/traffic/layer-table';
import { resolveApps } from '../../lib/resolve/resolve-apps';

/** What declares each setting (the sample app always has a 10% canary: `canarySplit`). */
const DECLARE: Record<Exclude<TrafficSetting, 'stickiness'>, TrafficPolicyProps> = {
  retries: { retry: { attempts: 2, on: [502] } },
  requestTimeout: { requestTimeout: Duration.seconds(30) },
  idleTimeout: { idleTimeout: Duration.seconds(120) },
  canarySplit: {},
  canaryHeader: { canaryHeader: { name: 'x-canary', value: 'on' } },
  healthCheck: {},
  deregistration: { deregistrationDelay: Duration.seconds(20) },
  connectionLimits: { connectionPool: { maxConnections: 100 } },
  loadBalancing: { loadBalancing: 'least-request' },
};

/** Where a warned or refused cell shows: its id, and for the shared ids the setting's field at the start. */
function raised(sampleIndex: number, setting: TrafficSetting): { ids: string[]; errors: string[] } {
  const sample = LAYER_SAMPLES[sampleIndex];
  const app =
    setting === 'stickiness'
      ? sampleApp(sample, {}, { service: { sessionAffinity: 'ClientIP' } as never })
      : sampleApp(sample, DECLARE[setting]);
  const r = resolveApps([app], { path: 'test' });
  // A layer's own note about the setting carries the setting's field (CT-AWS-110 on `service.sessionAffinity`).
  const mine = (x: { field: string; message: string }, id: string | undefined) =>
    (x.field === 'expose[0]' || x.field === SETTING_FIELDS[setting]) &&
    (id === 'CT-TRAFFIC-032' ? x.message.startsWith(SETTING_FIELDS[setting]) : true);
  return {
    ids: r.warnings.filter((w) => mine(w, w.id)).map((w) => w.id),
    errors: r.problems.filter((p) => mine(p, p.ruleId)).map((p) => p.ruleId ?? '(no id)'),
  };
}

const table = layerTable();

describe('the table of every traffic setting on every layer', () => {
  test('docs/traffic-settings.md holds the table as generated (node scripts/run.js scripts/gen-settings-table.ts)', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/traffic-settings.md'), 'utf8');
    expect(doc).toContain(`\n\n${layerTableMarkdown(table)}\n\n<!-- settings-table:end -->`);
  });

  test('every built-in exposure kind has a row, and every row a cell per setting', () => {
    const kinds = new Set(table.map((r) => r.kind));
    expect(Object.keys(BUILT_IN_EXPOSURE_RENDERERS).filter((k) => !kinds.has(k))).toEqual([]);
    for (const r of table) expect(Object.keys(r.cells).sort()).toEqual([...TRAFFIC_SETTINGS].sort());
    // the mesh modes are rows of their own
    expect(table.map((r) => r.layer)).toEqual(
      expect.arrayContaining(['Istio (sidecar)', 'Istio (ambient)', 'Linkerd']),
    );
  });

  const cases = table.flatMap((row, i) => TRAFFIC_SETTINGS.map((s) => [row.layer, s, i] as const));
  test.each(cases)('%s, %s: the cell is what the synth does', (_layer, setting, i) => {
    const cell = table[i].cells[setting];
    const { ids, errors } = raised(i, setting);
    if (cell.state === 'applied') {
      // nothing about this setting on this layer
      const about =
        setting === 'canarySplit'
          ? ['CT-TRAFFIC-015']
          : setting === 'canaryHeader'
            ? ['CT-TRAFFIC-016']
            : setting === 'retries'
              ? ['CT-TRAFFIC-030', 'CT-TRAFFIC-032']
              : setting === 'requestTimeout'
                ? ['CT-TRAFFIC-031', 'CT-TRAFFIC-032']
                : ['CT-TRAFFIC-032'];
      expect(ids.filter((id) => about.includes(id))).toEqual([]);
    } else if (cell.state === 'warned') {
      expect(ids).toContain(cell.id);
    } else {
      expect(errors).toContain(cell.id);
    }
  });
});

describe('the cases of issue 22', () => {
  const row = (layer: string) => table.find((r) => r.layer === layer)!;
  test('retries behind an ALB (Ingress and Terraform) are warned, not silently dropped', () => {
    expect(row('ALB Ingress (AWS Load Balancer Controller)').cells.retries).toMatchObject({
      state: 'warned',
      id: 'CT-TRAFFIC-032',
    });
    expect(row('Terraform ALB').cells.retries).toMatchObject({ state: 'warned', id: 'CT-TRAFFIC-032' });
  });

  test('an Istio ambient canary with retries is applied by the waypoint (retries with the experimental channel)', () => {
    const i = LAYER_SAMPLES.findIndex((s) => s.layer === 'Istio (ambient, experimental channel)');
    const r = resolveApps([sampleApp(LAYER_SAMPLES[i], DECLARE.retries)], { path: 'test' });
    expect(r.problems).toEqual([]);
    const cells = row('Istio (ambient, experimental channel)').cells;
    expect(cells.canarySplit).toMatchObject({ state: 'applied', where: expect.stringContaining('waypoint') });
    expect(cells.retries).toMatchObject({ state: 'applied', where: expect.stringContaining('HTTPRoute') });
    // the standard channel has no HTTPRoute retry: warned with its id, never silently dropped
    expect(row('Istio (ambient)').cells.retries).toMatchObject({ state: 'warned', id: 'CT-TRAFFIC-030' });
  });

  test('Istio ambient without L7 settings is accepted', () => {
    const i = LAYER_SAMPLES.findIndex((s) => s.layer === 'Istio (ambient)');
    const app = sampleApp({ ...LAYER_SAMPLES[i], app: { versions: {} } });
    expect(resolveApps([app], { path: 'test' }).problems).toEqual([]);
  });
});
