import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { Duration } from 'cdk8s';
import { CiliumClusterProps } from '../../lib/model/cilium/cluster-props';
import {
  CiliumChartVersion,
  DEFAULT_CILIUM_CHART,
  SUPPORTED_CILIUM_CHARTS,
  VERSION_GATED_VALUES,
} from '../../lib/model/cilium/chart-versions';
import { resolveCiliumCluster } from '../../lib/model/cilium/cluster-spec';
import { resolveCiliumValues } from '../../lib/model/cilium/resolve-values';
import { Problems } from '../../lib/model/problems';
import { BARE_METAL } from './fixtures';
import { BARE_METAL_CLUSTER } from '../../apps/bare-metal';

/** A chart's fixture (scripts/extract-cilium-values-schemas.mjs): its values.schema.json and the value paths its templates read. */
interface ChartFixture {
  version: string;
  valuesSchema: object;
  templateValues: string[];
}
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cilium-charts');
const chart = (v: string): ChartFixture =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, `cilium-${v}.json`), 'utf8')) as ChartFixture;

function resolve(props: CiliumClusterProps) {
  const problems = new Problems();
  const values = resolveCiliumValues(props, problems);
  return { values, lines: problems.lines(), problems };
}

/** Every leaf path of the values (arrays are leaves). */
function leaves(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return [prefix];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

/** Whether the chart's schema declares a path (nested `properties`). */
function inSchema(schema: object, p: string): boolean {
  let node: { properties?: Record<string, object> } | undefined = schema;
  for (const k of p.split('.')) node = node?.properties?.[k];
  return node !== undefined;
}

const KPR = { k8sServiceHost: '10.0.0.10', k8sServicePort: 6443 };
/** Definitions that together write every key the library writes. */
const DEFINITIONS: Record<string, CiliumClusterProps> = {
  defaults: KPR,
  'the bare-metal example (dist/cilium-values.yaml)': BARE_METAL_CLUSTER,
  'bare metal (Maglev, DSR, XDP, L2, Gateway API, Hubble)': BARE_METAL,
  'tunnel with Geneve DSR, Ingress controller, BGP, per-Service settings': {
    ...KPR,
    loadBalancer: {
      mode: 'hybrid',
      algorithm: 'maglev',
      maglevHashSeed: 'AAAAAAAAAAAAAAAA',
      perServiceAlgorithm: true,
      perServiceMode: true,
    },
    ingressController: { enabled: true, loadBalancerMode: 'shared', default: true },
    bgpControlPlane: true,
    envoy: { streamIdleTimeout: Duration.minutes(20), httpRetryCount: 0 },
    k8sClientQps: 15,
    k8sClientBurst: 30,
  },
  'kube-proxy kept, kubernetes IPAM, no L7 proxy, no Hubble': {
    kubeProxyReplacement: false,
    ipam: { mode: 'kubernetes' },
    l7Proxy: false,
    hubble: { enabled: false },
  },
};

describe('supported Cilium charts', () => {
  test('the fixtures hold exactly the supported charts; the default is the newest', () => {
    const present = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/^cilium-|\.json$/g, ''));
    expect(present.sort()).toEqual([...SUPPORTED_CILIUM_CHARTS].sort());
    expect(SUPPORTED_CILIUM_CHARTS).toEqual(['1.18.12', '1.19.6', '1.20.0']);
    expect(DEFAULT_CILIUM_CHART).toBe('1.20.0');
    expect(resolveCiliumCluster(KPR, new Problems()).chartVersion).toBe('1.20.0');
  });

  describe.each(SUPPORTED_CILIUM_CHARTS.map((v) => [v]))('chart %s', (version) => {
    const c = chart(version);
    const validate = new Ajv({ strict: false, allErrors: true }).compile(c.valuesSchema);
    const read = new Set(c.templateValues);

    test.each(Object.entries(DEFINITIONS))(
      '%s: values valid against its values.schema.json, every key read by the chart',
      (_, def) => {
        const { values, lines } = resolve({ ...def, chartVersion: version as CiliumChartVersion });
        expect(lines).toEqual([]);
        expect(validate(values) ? [] : validate.errors).toEqual([]);
        // The schema accepts unknown keys: a key neither declared nor read by the templates would be ignored.
        const ignored = leaves(values).filter((p) => !inSchema(c.valuesSchema, p) && !read.has(p));
        expect(ignored).toEqual([]);
      },
    );

    test('the schema check can fail: a wrong type and an unknown key are caught', () => {
      expect(validate({ l7Proxy: 'yes' })).toBe(false);
      const p = 'loadBalancer.algorithmm';
      expect(inSchema(c.valuesSchema, p) || read.has(p)).toBe(false);
      expect(inSchema(c.valuesSchema, 'k8sServiceHost')).toBe(true);
      expect(read.has('loadBalancer.algorithm')).toBe(true);
    });

    test('every version-gated value is read by this chart', () => {
      for (const g of VERSION_GATED_VALUES) expect(inSchema(c.valuesSchema, g.value) || read.has(g.value)).toBe(true);
    });
  });
});

describe('chart version setting', () => {
  test('a value the chosen chart ignores is an error with the fix (envoy stream idle timeout needs 1.18.4)', () => {
    const { lines, problems } = resolve({
      ...KPR,
      chartVersion: '1.18.3',
      envoy: { streamIdleTimeout: Duration.minutes(10) },
    });
    expect(problems.size).toBe(1);
    expect(lines[0]).toMatch(
      /^envoy\.streamIdleTimeout: is written as envoy\.streamIdleTimeoutDurationSeconds, which chart 1\.18\.3 ignores: it does not write it into cilium-config \(no `http-stream-idle-timeout`\): Envoy keeps its 300 s/,
    );
    expect(lines[0]).toMatch(
      /Fix: install chart 1\.18\.4 or later and say so with chartVersion \(e\.g\. '1\.18\.12'\), or remove envoy\.streamIdleTimeout/,
    );
    // Left at the default, nothing is promised that the chart drops; every supported chart applies it.
    expect(resolve({ ...KPR, chartVersion: '1.18.3' }).lines).toEqual([]);
    for (const chartVersion of SUPPORTED_CILIUM_CHARTS)
      expect(resolve({ ...KPR, chartVersion, envoy: { streamIdleTimeout: Duration.minutes(10) } }).lines).toEqual([]);
  });

  test.each<[unknown, RegExp]>([
    ['1.17.9', /use '1\.20\.0'/],
    ['2.0.0', /use '1\.20\.0'/],
    ['v1.19.6', /without the "v": '1\.19\.6'/],
    ['1.20', /use '1\.20\.0'/],
    [1.2, /use '1\.20\.0'/],
  ])('chartVersion %p is reported with the supported versions', (chartVersion, fix) => {
    const { lines, problems } = resolve({ ...KPR, chartVersion: chartVersion as CiliumChartVersion });
    expect(problems.size).toBe(1);
    expect(lines[0]).toContain(
      `chartVersion: is not a supported cilium/cilium chart version (supported: 1.18.12, 1.19.6, 1.20.0; any patch of 1.18, 1.19 and 1.20 is accepted) (received ${JSON.stringify(chartVersion)})`,
    );
    expect(lines[0]).toMatch(fix);
  });

  test('chart 1.20 with Gateway API: the algorithm annotation is on as the chart forces it, and the file says what it forces', () => {
    const gw = { ...KPR, gatewayApi: true };
    expect(resolve(gw).values.bpf).toEqual({ lbAlgorithmAnnotation: true });
    expect(resolve({ ...gw, chartVersion: '1.19.6' }).values.bpf).toBeUndefined();
    expect(resolve({ ...KPR, chartVersion: '1.20.0' }).values.bpf).toBeUndefined();
    expect(resolveCiliumCluster(gw, new Problems()).chartNotes.join('\n')).toMatch(
      /chart 1\.20\.0 with Gateway API forces bpf-lb-algorithm-annotation and bpf-lb-sock-hostns-only to "true"/,
    );
    expect(resolveCiliumCluster({ ...gw, chartVersion: '1.19.6' }, new Problems()).chartNotes).toEqual([]);
  });

  test('chart 1.20 with Gateway API: perServiceAlgorithm false is ignored by the chart, an error with the fix', () => {
    const { lines } = resolve({ ...KPR, gatewayApi: true, loadBalancer: { perServiceAlgorithm: false } });
    expect(lines).toEqual([
      expect.stringMatching(
        /^loadBalancer\.perServiceAlgorithm: is ignored: chart 1\.20\.0 forces bpf-lb-algorithm-annotation on when Gateway API is enabled.*Fix: remove perServiceAlgorithm: false, or use chart 1\.19\.6 \(chartVersion\) or gatewayApi: false/,
      ),
    ]);
    expect(
      resolve({ ...KPR, gatewayApi: true, chartVersion: '1.19.6', loadBalancer: { perServiceAlgorithm: false } }).lines,
    ).toEqual([]);
  });
});
