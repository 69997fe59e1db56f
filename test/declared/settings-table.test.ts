import * as fs from 'fs';
import * as path from 'path';
import { Duration, Testing as K8sTesting } from 'cdk8s';
import { Testing } from 'cdktf';
import { BUILT_IN_EXPOSURE_RENDERERS } from '../../lib/k8s/expose/exposure-renderers';
import { Probe, TrafficApp, TrafficAppProps, TrafficChart, TrafficProfile } from '../../lib';
import { LoadBalancerStack } from '../../lib/aws';
import { SETTING_FIELDS, SettingCell, TRAFFIC_SETTINGS, TrafficSetting } from '../../lib/model/traffic/layer-support';
import {
  LAYER_SAMPLES,
  LayerSample,
  LayerTableRow,
  layerTable,
  layerTableMarkdown,
  sampleApp,
} from '../../lib/model/traffic/layer-table';
import { resolveApps } from '../../lib/resolve/resolve-apps';
import { GATEWAY_IMPLEMENTATION_NAMES } from '../../lib/model/exposure/gateway-implementations';
import { integerWeights } from '../../lib/model/traffic/weights';
import type { VersionSpec } from '../../lib/model/app-spec';
import { NETWORK } from '../aws/support';
import { APPLIED_FIELDS } from './applied-fields';

/**
 * What declares each setting, with a value the written output shows (the sample app always has a 10% canary; the
 * stream idle timeout is declared by the streaming profile's longest stream, 20 minutes).
 */
const DECLARE: Record<TrafficSetting, (sample: LayerSample) => Partial<TrafficAppProps>> = {
  retries: () => ({ traffic: { retry: { attempts: 7, on: [502] } } }),
  requestTimeout: () => ({ traffic: { requestTimeout: Duration.seconds(37) } }),
  idleTimeout: () => ({ traffic: { idleTimeout: Duration.seconds(420) } }),
  streamIdleTimeout: () => ({
    traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) },
  }),
  canarySplit: () => ({ versions: { v2: { image: 'ghcr.io/acme/shop:2.0.0', weight: 13 } } }),
  canaryPrecision: (sample) => ({ versions: { v2: { image: 'ghcr.io/acme/shop:2.0.0', weight: finest(sample)[0] } } }),
  canaryHeader: () => ({ traffic: { canaryHeader: { name: 'x-canary', value: 'on-4242' } } }),
  healthCheck: (sample) => ({
    readiness: sample.app?.readiness
      ? Probe.grpc({ port: 'grpc', period: Duration.seconds(17) })
      : Probe.httpGet('/ready-4242', { port: 'http' }),
  }),
  deregistration: () => ({ traffic: { deregistrationDelay: Duration.seconds(23) } }),
  connectionLimits: () => ({ traffic: { connectionPool: { maxConnections: 4242 } } }),
  loadBalancing: () => ({ traffic: { loadBalancing: 'least-request' } }),
  stickiness: () => ({ service: { sessionAffinity: 'ClientIP' } as TrafficAppProps['service'] }),
};

/**
 * How the declared value reads in a written field (a field the declaration changed): undefined where an applied cell
 * writes nothing (no stream idle timeout on the layer: nothing cuts a silent stream).
 */
const WRITTEN: Record<TrafficSetting, RegExp | undefined> = {
  retries: /^7$/,
  requestTimeout: /^37s?$/,
  // 420 s, or 7 minutes (the Azure Load Balancer's unit)
  idleTimeout: /(^|\D)(420|7)(s|\D|$)/,
  streamIdleTimeout: undefined,
  canarySplit: /(^|\D)(13|130|87|870)(\D|$)/,
  canaryPrecision: undefined, // per layer: `precisionWritten`
  canaryHeader: /on-4242/,
  healthCheck: /ready-4242|^17$/,
  deregistration: /(^|\D)23(s|\D|$)/,
  connectionLimits: /^4242$/,
  loadBalancing: /least/i,
  stickiness: /source_ip|ClientIP|lb_cookie/,
};

/** The ids that say a layer does not carry a setting out: none of them may show where the cell says applied. */
const NOT_DONE: Record<TrafficSetting, readonly string[]> = {
  retries: ['CT-TRAFFIC-030', 'CT-TRAFFIC-032'],
  requestTimeout: ['CT-TRAFFIC-031', 'CT-TRAFFIC-032'],
  idleTimeout: ['CT-TRAFFIC-032'],
  streamIdleTimeout: ['CT-TRAFFIC-070', 'CT-TRAFFIC-071'],
  canarySplit: ['CT-TRAFFIC-015', 'CT-TRAFFIC-032', 'CT-TRAFFIC-033'],
  canaryPrecision: ['CT-TRAFFIC-013', 'CT-TRAFFIC-015', 'CT-TRAFFIC-033'],
  canaryHeader: ['CT-TRAFFIC-016', 'CT-TRAFFIC-032'],
  healthCheck: ['CT-TRAFFIC-032'],
  deregistration: ['CT-TRAFFIC-032'],
  connectionLimits: ['CT-TRAFFIC-032'],
  loadBalancing: ['CT-TRAFFIC-032', 'CT-TRAFFIC-033'],
  stickiness: ['CT-TRAFFIC-032', 'CT-AWS-110'],
};

/** Canary weights from finer to coarser: the first has more decimals than any layer takes. */
const WEIGHTS = [12.34567, 12.3456, 12.345, 12.34, 12.3, 12];

/**
 * The finest canary weight the sample's layer splits exactly (its `split` trait's limits), and the next finer one,
 * which CT-TRAFFIC-013 refuses; a layer that does not split by weight gets a weight with a decimal.
 */
function finest(sample: LayerSample): [number, number | undefined] {
  const split = sampleApp(sample).resolve().spec.exposures[0].traits.split;
  if (split.by !== 'weight') return [12.5, undefined];
  const exact = (w: number) =>
    integerWeights([{ weight: 100 - w }, { weight: w }] as VersionSpec[], split.maxTotal, split.maxWeight) &&
    Math.abs(w * 1e4 - Math.round(w * 1e4)) < 1e-6;
  const i = WEIGHTS.findIndex(exact);
  return [WEIGHTS[i], WEIGHTS[i - 1]];
}

/** The sample app with `setting` declared. */
function declaring(sample: LayerSample, setting: TrafficSetting, declare = true) {
  const { traffic, ...app } = declare ? DECLARE[setting](sample) : {};
  return sampleApp(sample, traffic, app);
}

/**
 * A finding about `setting` on the row's layer (`layer`: its field, `expose[0]` or `dataplane`): on the layer or the
 * setting's field; the shared ids (CT-TRAFFIC-032, -033) start with the setting's field, the stream idle findings
 * (CT-TRAFFIC-070, -071) name the stream idle timeout.
 */
function about(
  setting: TrafficSetting,
  x: { field: string; message: string },
  id?: string,
  layer = 'expose[0]',
): boolean {
  if (x.field !== layer && (layer !== 'expose[0]' || x.field !== SETTING_FIELDS[setting])) return false;
  if (id === 'CT-TRAFFIC-032' || id === 'CT-TRAFFIC-033')
    return (
      x.message.startsWith(`${SETTING_FIELDS[setting]} is`) ||
      (setting === 'canaryPrecision' && x.message.startsWith(`${SETTING_FIELDS.canarySplit} is`))
    );
  if (id === 'CT-TRAFFIC-070' || id === 'CT-TRAFFIC-071')
    return /stream idle/.test(x.message) === (setting === 'streamIdleTimeout');
  return true;
}

/** The ids of the warnings and errors that declaring `setting` on the sample's layer (`layer`) raises about it. */
function raised(sample: LayerSample, setting: TrafficSetting, layer: string): { warnings: string[]; errors: string[] } {
  const r = resolveApps([declaring(sample, setting)], { path: 'test' });
  return {
    warnings: r.warnings.filter((w) => about(setting, w, w.id, layer)).map((w) => w.id),
    errors: r.problems.filter((p) => about(setting, p, p.ruleId, layer)).map((p) => p.ruleId ?? '(no id)'),
  };
}

type Leaves = Map<string, string>;

/** Every leaf of the JSON as `path -> value`, each object under its kind and name. */
function leaves(objects: readonly unknown[], into: Leaves = new Map(), prefix = ''): Leaves {
  const walk = (v: unknown, p: string) => {
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${p}/${k}`);
    else into.set(p, String(v));
  };
  for (const o of objects) {
    const m = (o as { kind?: string; metadata?: { name?: string } }) ?? {};
    walk(o, `${prefix}${m.kind}:${m.metadata?.name}`);
  }
  return into;
}

/** The objects an app writes: Kubernetes objects of its chart and the Terraform resources of its stack. */
function written(a: TrafficApp): { kube: unknown[]; tf: unknown[] } {
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const kube = K8sTesting.synth(new TrafficChart(K8sTesting.app(), 'test', { apps: [a], trafficMap: false }));
    const stack = new LoadBalancerStack(Testing.app(), 'test', { network: NETWORK, apps: [a] });
    const tf = JSON.parse(Testing.synth(stack)) as { resource?: Record<string, Record<string, unknown>> };
    const resources = Object.entries(tf.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, r]) => ({ kind: type, metadata: { name }, r })),
    );
    return { kube, tf: resources };
  } finally {
    stderr.mockRestore();
  }
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'Namespace', 'ServiceAccount', 'PodDisruptionBudget']);

/** The objects of the sample's layer (`kind:name`): those the app without it (no exposure, or no dataplane) does not write. */
function layerKeys(sample: LayerSample): (o: unknown) => boolean {
  const without =
    sample.of === 'dataplane' ? sampleApp(sample, {}, { dataplane: undefined }) : sampleApp(sample, {}, { expose: [] });
  const key = (o: unknown) => `${(o as { kind: string }).kind}:${(o as { metadata: { name: string } }).metadata.name}`;
  const bare = new Set(written(without).kube.map(key));
  return (o) => !bare.has(key(o));
}

const isPods = (o: unknown) => WORKLOAD_KINDS.has((o as { kind: string }).kind);

/**
 * The written fields that declaring `setting` changes to the declared value, as `Kind:name/path -> value`: of the
 * layer's own objects (and the Terraform resources), or of the pods for a cell the pods carry. For a cell the layers in
 * front carry (`by: 'front'`), every field of the layer's own objects that the declaration changes, whatever its value
 * (a layer that passes a setting through writes nothing for it).
 */
function appliedFields(sample: LayerSample, setting: TrafficSetting, cell: Extract<SettingCell, { state: 'applied' }>) {
  const pattern =
    setting === 'canaryPrecision'
      ? new RegExp(`(^|\\D)${String(finest(sample)[0]).replace('.', '')}0*(\\D|$)`)
      : WRITTEN[setting];
  const ofLayer = cell.by === 'pods' ? isPods : layerKeys(sample);
  const objects = (w: { kube: unknown[]; tf: unknown[] }) => [
    ...w.kube.filter(ofLayer),
    ...(cell.by === 'pods' ? [] : w.tf),
  ];
  const before = leaves(objects(written(declaring(sample, setting, false))));
  const after = leaves(objects(written(declaring(sample, setting))));
  const diff = [...after].filter(([k, v]) => before.get(k) !== v);
  return Object.fromEntries(cell.by === 'front' ? diff : pattern ? diff.filter(([, v]) => pattern.test(v)) : []);
}

/**
 * THEN the written output carries an applied cell in the field it names: declaring the setting changes exactly the
 * fields listed for the cell in APPLIED_FIELDS (`Kind:name/path`), to the declared value; a cell the pods carry changes
 * the pods (the readiness probe) or, for the drain, the pods have their preStop hook; a cell the layers in front
 * carry changes nothing of the layer's own objects. A value written into another field fails.
 */
function expectWritten(
  layer: string,
  sample: LayerSample,
  setting: TrafficSetting,
  cell: Extract<SettingCell, { state: 'applied' }>,
) {
  if (cell.by === 'pods' && setting === 'deregistration') {
    const pods = written(declaring(sample, setting)).kube.filter(isPods);
    expect(JSON.stringify(pods)).toMatch(/"preStop":\{/);
    return;
  }
  if (cell.by === 'front') {
    expect(appliedFields(sample, setting, cell)).toEqual({});
    return;
  }
  // no stream idle timeout on the layer: nothing written
  if (!WRITTEN[setting] && setting !== 'canaryPrecision') return;
  const fields = appliedFields(sample, setting, cell);
  const expected = APPLIED_FIELDS[layer]?.[setting];
  expect(fields).toEqual(expected ?? '(no fields listed in applied-fields.ts for this cell)');
  expect(Object.keys(fields)).not.toEqual([]);
}

const table = layerTable();
const withCells = (r: LayerTableRow) => ('cells' in r ? r.cells : undefined);

describe('the table of every traffic setting on every layer', () => {
  test('docs/traffic-settings.md holds the table as generated (node scripts/run.js scripts/gen-settings-table.ts)', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/traffic-settings.md'), 'utf8');
    expect(doc).toContain(`\n\n${layerTableMarkdown(table)}\n\n<!-- settings-table:end -->`);
  });

  test('every built-in exposure kind has a row, and every row a cell per setting', () => {
    const kinds = new Set(table.map((r) => r.kind));
    expect(Object.keys(BUILT_IN_EXPOSURE_RENDERERS).filter((k) => !kinds.has(k))).toEqual([]);
    for (const r of table) if ('cells' in r) expect(Object.keys(r.cells).sort()).toEqual([...TRAFFIC_SETTINGS].sort());
    // the mesh modes are rows of their own
    expect(table.map((r) => r.layer)).toEqual(
      expect.arrayContaining(['Istio (sidecar)', 'Istio (ambient)', 'Linkerd']),
    );
  });

  test('each Gateway API implementation the library knows by name has an HTTPRoute and a GRPCRoute row', () => {
    for (const i of GATEWAY_IMPLEMENTATION_NAMES)
      for (const kind of ['HTTPRoute', 'GRPCRoute'])
        expect(table.filter((r) => r.layer.startsWith(`${kind} served by`) && r.layer.includes(`'${i}'`))).toHaveLength(
          1,
        );
    // an implementation a plain route refuses shows the refusal, with its fix
    const aws = table.find((r) => r.layer.startsWith('HTTPRoute served by') && r.layer.includes(`'aws-lbc'`))!;
    expect(aws).toMatchObject({
      refused: { field: 'expose[0].implementation', fix: expect.stringContaining('AwsGatewayRoute') },
    });
    // the implementations differ where their traits do: Envoy Gateway writes retries on the standard channel
    const envoy = table.find((r) => r.layer.startsWith('HTTPRoute served by') && r.layer.includes(`'envoy-gateway'`))!;
    expect(withCells(envoy)?.retries).toMatchObject({ state: 'applied' });
    expect(
      withCells(table.find((r) => r.layer.startsWith('HTTPRoute (Gateway API, standard'))!)?.retries,
    ).toMatchObject({ state: 'warned', id: 'CT-TRAFFIC-030' });
  });

  const weighted = table.flatMap((r, i) =>
    'cells' in r && r.cells.canaryPrecision.state === 'applied' ? [[r.layer, i] as const] : [],
  );
  test.each(weighted)('%s: a weight finer than the layer splits is refused (CT-TRAFFIC-013)', (_layer, i) => {
    const sample = LAYER_SAMPLES[i];
    const [ok, finer] = finest(sample);
    expect(ok).toBeDefined();
    const app = (weight: number) =>
      sampleApp(sample, {}, { versions: { v2: { image: 'ghcr.io/acme/shop:2.0.0', weight } } });
    const ids = (weight: number) => resolveApps([app(weight)], { path: 'test' }).problems.map((p) => p.ruleId);
    expect(ids(ok)).not.toContain('CT-TRAFFIC-013');
    expect(ids(finer!)).toContain('CT-TRAFFIC-013');
  });

  test('every entry of applied-fields.ts is an applied cell of the table (none left over from a changed cell)', () => {
    const stale = Object.entries(APPLIED_FIELDS).flatMap(([layer, cells]) =>
      Object.keys(cells)
        .filter((setting) => {
          const row = table.find((r) => r.layer === layer);
          return !row || !('cells' in row) || row.cells[setting as TrafficSetting].state !== 'applied';
        })
        .map((setting) => `${layer}: ${setting}`),
    );
    expect(stale).toEqual([]);
  });

  const refusedRows = table.flatMap((r, i) => ('refused' in r ? [[r.layer, i] as const] : []));
  test.each(refusedRows)('%s: the exposure is refused at resolution', (_layer, i) => {
    const r = resolveApps([sampleApp(LAYER_SAMPLES[i])], { path: 'test' });
    expect(r.problems.map((p) => p.field)).toContain((table[i] as { refused: { field: string } }).refused.field);
  });

  const cases = table.flatMap((row, i) =>
    'cells' in row ? TRAFFIC_SETTINGS.map((s) => [row.layer, s, row.cells[s].state, i] as const) : [],
  );
  test.each(cases)('%s, %s: %s, as the synth does', (_layer, setting, _state, i) => {
    const cell = withCells(table[i])![setting];
    const sample = LAYER_SAMPLES[i];
    const { warnings, errors } = raised(sample, setting, table[i].field);
    if (cell.state === 'applied') {
      expect([...warnings, ...errors].filter((id) => NOT_DONE[setting].includes(id))).toEqual([]);
      expectWritten(table[i].layer, sample, setting, cell);
    } else if (cell.state === 'warned') {
      expect(warnings).toContain(cell.id);
    } else {
      expect(errors).toContain(cell.id);
    }
  });
});

describe('the cases of issue 22', () => {
  const row = (layer: string) => {
    const r = table.find((x) => x.layer === layer)!;
    return { cells: withCells(r)! };
  };
  test('retries behind an ALB (Ingress and Terraform) are warned, not silently dropped', () => {
    expect(row('ALB Ingress (AWS Load Balancer Controller)').cells.retries).toMatchObject({
      state: 'warned',
      id: 'CT-TRAFFIC-032',
    });
    expect(row('Terraform ALB').cells.retries).toMatchObject({ state: 'warned', id: 'CT-TRAFFIC-032' });
  });

  test('an Istio ambient canary with retries is applied by the waypoint (retries with the experimental channel)', () => {
    const i = LAYER_SAMPLES.findIndex((s) => s.layer === 'Istio (ambient, experimental channel)');
    const r = resolveApps([sampleApp(LAYER_SAMPLES[i], {}, DECLARE.retries(LAYER_SAMPLES[i]))], { path: 'test' });
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
