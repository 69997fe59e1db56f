import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Names } from 'cdk8s';
import type { AppsResolution } from '../resolve/resolve-apps';
import { formatWarning } from '../model/problems';
import { appFacts, Requirement, trafficGraph } from '../map/from-specs';
import { CiliumCluster } from './cilium/cilium-cluster';
import { KubeProxyCluster } from './kube-proxy/kube-proxy-cluster';
import { toAscii } from '../map/ascii';
import { toMermaid } from '../map/mermaid';
import { requestSvg } from '../map/svg';
import type { TrafficGraph } from '../map/graph';
import { SummaryEntry, summaryMarkdown, summaryText } from '../map/summary';
import { BUILT_IN_MAP_DRAWINGS } from './expose/exposure-renderers';

/** A chart whose traffic map and summary are written after its App's synth. */
export interface Registered {
  readonly chart: Chart;
  /** The chart's resolution: specs, load balancer plan, warnings and acknowledgements. */
  readonly resolution: AppsResolution;
}

const registered = new WeakMap<App, Registered[]>();

/** The environment variable that prints the maps as text: `CDK_TRAFFIC_MAP=ascii npm run synth`. */
export const TRAFFIC_MAP_ENV = 'CDK_TRAFFIC_MAP';

/**
 * Has the chart's traffic map (`<outdir>/<chart>.traffic.md` with a Mermaid block, `<chart>.traffic.svg`)
 * and its apps' part of `<outdir>/SUMMARY.md` written when its App synthesizes: `app.synth()` writes the
 * manifests, then these files, then prints the summary once. `Testing.synth(chart)` writes nothing.
 */
export function registerTrafficMap(chart: Chart, resolution: AppsResolution): void {
  const app = chart.node.root instanceof App ? chart.node.root : undefined;
  if (!app) return;
  let list = registered.get(app);
  if (!list) {
    list = [];
    registered.set(app, list);
    const synth = app.synth.bind(app);
    const charts = list;
    app.synth = () => {
      // The maps are laid out on Graphviz's thread while the manifests are written on this one.
      const maps = charts.map(prepareMap);
      synth();
      writeTrafficMaps(app.outdir, maps, clusterRequirements(app));
    };
  }
  list.push({ chart, resolution });
}

/** A chart's map, with its SVG being rendered. */
export interface PreparedMap extends Registered {
  /** The chart's output name, e.g. `inference`. */
  readonly name: string;
  readonly graph: TrafficGraph;
  /** Waits for the SVG (throws when Graphviz failed). */
  readonly svg: () => string;
}

/** Builds a chart's map and starts rendering its SVG. */
export function prepareMap(c: Registered): PreparedMap {
  const name = Names.toDnsLabel(c.chart);
  const graph = trafficGraph(name, c.resolution.specs, c.resolution.plans, BUILT_IN_MAP_DRAWINGS);
  let svg: () => string;
  try {
    svg = requestSvg(graph);
  } catch (e) {
    svg = () => {
      throw e;
    };
  }
  return { ...c, name, graph, svg };
}

/** Writes the maps and the summary of the charts into `outdir`; returns the paths written. */
export function writeTrafficMaps(
  outdir: string,
  maps: readonly PreparedMap[],
  cluster: readonly ClusterRequirement[] = [],
): string[] {
  if (maps.length === 0) return [];
  fs.mkdirSync(outdir, { recursive: true });
  const written: string[] = [];
  const entries: SummaryEntry[] = [];
  const ascii = process.env[TRAFFIC_MAP_ENV] === 'ascii';
  for (const { chart, resolution: r, name, graph, svg: rendered } of maps) {
    const md = path.join(outdir, `${name}.traffic.md`);
    fs.writeFileSync(
      md,
      `# Traffic map: ${name}\n\nWritten by cdk-traffic at synth (the SVG beside it is the same map).\n\n\`\`\`mermaid\n${toMermaid(graph)}\`\`\`\n`,
    );
    written.push(md);
    const svg = path.join(outdir, `${name}.traffic.svg`);
    try {
      fs.writeFileSync(svg, rendered());
      written.push(svg);
    } catch (e) {
      // The map is a review aid: the manifests are written, so a renderer failure is a warning, not a failed synth.
      console.warn(`[${chart.node.path}] traffic map: ${svg} not written: ${(e as Error).message}`);
    }
    if (ascii) process.stdout.write(`${toAscii(graph)}\n`);
    r.specs.forEach((a, i) =>
      entries.push({
        chart: name,
        app: `${a.namespace}/${a.name}`,
        facts: appFacts(
          a,
          r.plans.filter((p) => p.members.some((m) => m.app === a)),
        ),
        notices: r.warnings.filter((w) => w.path === r.paths[i]).map(formatWarning),
      }),
    );
  }
  // Several Apps may write into one folder (the kube-proxy clusters beside the main App): the summary covers
  // every chart written there by this process, unless the folder was emptied since.
  const summary = path.join(outdir, 'SUMMARY.md');
  const key = path.resolve(outdir);
  const earlier = fs.existsSync(summary)
    ? (summaries.get(key) ?? new Map<string, SummaryEntry[]>())
    : new Map<string, SummaryEntry[]>();
  for (const m of maps)
    earlier.set(
      m.name,
      entries.filter((e) => e.chart === m.name),
    );
  for (const c of cluster)
    earlier.set(`cluster ${c.path}`, [
      {
        chart: '',
        app: c.path,
        cluster: true,
        notices: [],
        facts: { exposures: [], timeouts: [], requirements: [c.requirement] },
      },
    ]);
  entries.push(
    ...cluster.map((c) => ({
      chart: '',
      app: c.path,
      cluster: true,
      notices: [],
      facts: { exposures: [], timeouts: [], requirements: [c.requirement] },
    })),
  );
  summaries.set(key, earlier);
  fs.writeFileSync(summary, summaryMarkdown([...earlier.values()].flat()));
  written.push(summary);
  // Named, not located: under an atomic synth the folder is a temporary one that is renamed afterwards.
  process.stdout.write(summaryText(entries, `${path.basename(summary)} in the output folder`));
  return written;
}

/** The summary entries written into each output folder by this process, by chart. */
const summaries = new Map<string, Map<string, SummaryEntry[]>>();

/** What a cluster-wide construct of the App needs, with its construct path. */
export interface ClusterRequirement {
  readonly path: string;
  readonly requirement: Requirement;
}

/** What the App's cluster-wide constructs need: the Cilium chart the values are written for, kube-proxy's mode. */
function clusterRequirements(app: App): ClusterRequirement[] {
  const out: ClusterRequirement[] = [];
  for (const c of app.node.findAll()) {
    if (c instanceof CiliumCluster)
      out.push({
        path: c.node.path,
        requirement: {
          what: 'controller',
          name: 'Cilium (Helm chart cilium/cilium)',
          minVersion: c.spec.chartVersion,
          why: `Helm values written for chart ${c.spec.chartVersion}`,
        },
      });
    if (c instanceof KubeProxyCluster && c.spec.mode === 'nftables')
      out.push({
        path: c.node.path,
        requirement: {
          what: 'kubernetes',
          name: 'Kubernetes',
          minVersion: '1.33',
          why: 'kube-proxy nftables mode (GA)',
        },
      });
  }
  return out;
}
