import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { Probe, TrafficApp, TrafficChart } from '../../lib';
import { readSummary } from '../../lib/k8s/summary-file';
import { TrafficMapWriter } from '../../lib/k8s/traffic-map-writer';
import { summaryMarkdown, SummaryEntry } from '../../lib/map/summary';
import { SvgRenderer } from '../../lib/map/svg';
import { trafficGraph } from '../../lib/map/from-specs';
import { synthApps } from '../../lib/testing';

const web = (name: string) =>
  TrafficApp.define({
    name,
    namespace: 'shop',
    image: 'ghcr.io/acme/web:1.0.0',
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  });

/** Synthesizes one App with one chart per name into `dir`, quietly. */
function synthInto(dir: string, charts: string[]): App {
  const app = new App({ outdir: dir });
  for (const c of charts) new TrafficChart(app, c, { apps: [web(c)] });
  const log = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    app.synth();
  } finally {
    log.mockRestore();
  }
  return app;
}

const sections = (s: string) => s.split('\n').filter((l) => l.startsWith('## ') && l !== '## Needs installed');

describe('SUMMARY.md read back', () => {
  /** GIVEN entries with every kind of cell (escaped pipes, no hosts, split weights, no checks, notices, cluster needs). */
  const entries: SummaryEntry[] = [
    {
      chart: 'web',
      app: 'shop/web',
      notices: ['[web/web] [CT-TRAFFIC-045] warning: traffic.idleTimeout: a | b. Fix: c'],
      facts: {
        exposures: [
          {
            what: 'HTTPRoute "web"',
            hosts: ['a.example.com', 'b.example.com'],
            weights: 'v1 99% (99/100), v2 1% (1/100)',
            healthChecks: ['x', 'y'],
          },
          { what: 'NLB Service "n"', hosts: [], healthChecks: [] },
        ],
        timeouts: [['pods', 'preStop drain 10s']],
        requirements: [
          { what: 'crds', name: 'Gateway API CRDs, standard channel', minVersion: '1.2', why: 'HTTPRoute "web"' },
          { what: 'kubernetes', name: 'Kubernetes', minVersion: '1.30', why: 'preStop sleep action' },
          { what: 'controller', name: 'Istio', why: 'Istio VirtualService "web", sidecar injection' },
        ],
      },
    },
    {
      chart: 'db',
      app: 'shop/db',
      notices: [],
      facts: {
        exposures: [],
        timeouts: [],
        requirements: [{ what: 'kubernetes', name: 'Kubernetes', minVersion: '1.30', why: 'preStop sleep action' }],
      },
    },
    {
      chart: '',
      app: 'kube-proxy',
      cluster: true,
      notices: [],
      facts: {
        exposures: [],
        timeouts: [],
        requirements: [
          { what: 'kubernetes', name: 'Kubernetes', minVersion: '1.33', why: 'kube-proxy nftables mode (GA)' },
        ],
      },
    },
  ];

  test('WHEN written and read back THEN the same entries write the same bytes', () => {
    const text = summaryMarkdown(entries);
    const back = readSummary(text);
    expect(summaryMarkdown(back)).toBe(text);
    expect(back.map((e) => `${e.chart}|${e.app}|${e.cluster ?? false}`)).toEqual([
      'web|shop/web|false',
      'db|shop/db|false',
      '|kube-proxy|true',
    ]);
    expect(back[0].facts.exposures).toEqual(entries[0].facts.exposures);
    expect(back[0].notices).toEqual(entries[0].notices);
    expect(back[2].facts.requirements).toEqual(entries[2].facts.requirements);
  });
});

describe('the traffic map writer holds its state on the App', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-writer-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('each App has its own writer, a construct that writes no object, with its charts', () => {
    const a = new App({ outdir: dir });
    const b = new App({ outdir: dir });
    new TrafficChart(a, 'one', { apps: [web('one')] });
    new TrafficChart(a, 'two', { apps: [web('two')] });
    new TrafficChart(b, 'three', { apps: [web('three')] });
    expect(TrafficMapWriter.of(a).charts.map((c) => c.chart.node.id)).toEqual(['one', 'two']);
    expect(TrafficMapWriter.of(b).charts.map((c) => c.chart.node.id)).toEqual(['three']);
    expect(a.charts.map((c) => c.node.id)).toEqual(['one', 'two']);
  });

  test('a second App writing into the folder adds its charts to the one summary; a chart written again keeps its place', () => {
    synthInto(dir, ['one', 'two']);
    synthInto(dir, ['three']);
    const both = fs.readFileSync(path.join(dir, 'SUMMARY.md'), 'utf8');
    expect(sections(both)).toEqual(['## one: shop/one', '## two: shop/two', '## three: shop/three']);
    expect(both).toMatch(/preStop sleep action \(1\.30\+\): one\/shop\/one, two\/shop\/two, three\/shop\/three \|/);
    synthInto(dir, ['two']);
    expect(fs.readFileSync(path.join(dir, 'SUMMARY.md'), 'utf8')).toBe(both);
  });

  test('a summary left by an earlier run (written before this process started) is replaced, not added to', () => {
    synthInto(dir, ['old']);
    fs.utimesSync(path.join(dir, 'SUMMARY.md'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    synthInto(dir, ['new']);
    expect(sections(fs.readFileSync(path.join(dir, 'SUMMARY.md'), 'utf8'))).toEqual(['## new: shop/new']);
  });

  test('each synth closes its Graphviz renderer: no worker outlives the synth', () => {
    const close = jest.spyOn(SvgRenderer.prototype, 'close');
    try {
      synthInto(dir, ['one']);
      synthInto(dir, ['two']);
      expect(close).toHaveBeenCalledTimes(2);
      expect(fs.readFileSync(path.join(dir, 'two.traffic.svg'), 'utf8')).toMatch(/^<\?xml|^<svg/);
    } finally {
      close.mockRestore();
    }
  });

  test('a closed renderer refuses new maps and says why', () => {
    const { chart } = synthApps([web('x')]);
    const renderer = new SvgRenderer();
    const svg = renderer.request(trafficGraph('x', chart.specs, []))();
    expect(svg).toContain('<svg');
    renderer.close();
    expect(() => renderer.request(trafficGraph('x', chart.specs, []))).toThrow(/renderer is closed: its synth is over/);
  });
});
