import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Names } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppsResolution } from '../resolve/resolve-apps';
import { formatWarning, shouldPrint } from '../model/problems';
import { appFacts, Requirement, trafficGraph } from '../map/from-specs';
import { CiliumCluster } from './cilium/cilium-cluster';
import { KubeProxyCluster } from './kube-proxy/kube-proxy-cluster';
import { toAscii } from '../map/ascii';
import { toMermaid } from '../map/mermaid';
import { chainMarkdown } from '../map/chain';
import { SvgRenderer } from '../map/svg';
import type { TrafficGraph } from '../map/graph';
import { SummaryEntry, summaryMarkdown, summaryText } from '../map/summary';
import { BUILT_IN_MAP_DRAWINGS } from './expose/exposure-renderers';
import { readSummary } from './summary-file';
import { TARGET_FEATURES } from '../model/targets/target-table';

/** A chart whose traffic map and summary are written after its App's synth. */
export interface Registered {
  readonly chart: Chart;
  /** The chart's resolution: specs, load balancer plan, warnings and acknowledgements. */
  readonly resolution: AppsResolution;
  /** `printSummary` of the chart: whether its apps are in the summary printed to stderr. */
  readonly printSummary?: boolean;
}

/** The environment variable that prints the maps as text: `CDK_TRAFFIC_MAP=ascii npm run synth`. */
export const TRAFFIC_MAP_ENV = 'CDK_TRAFFIC_MAP';

/** The id of the `TrafficMapWriter` under its App. */
const WRITER_ID = 'cdk-traffic-maps';

/**
 * Has the chart's traffic map (`<outdir>/<chart>.traffic.md` with a Mermaid block, `<chart>.traffic.svg`)
 * and its apps' part of `<outdir>/SUMMARY.md` written when its App synthesizes: `app.synth()` writes the
 * manifests, then these files, then prints the summary once. `Testing.synth(chart)` writes nothing.
 */
export function registerTrafficMap(chart: Chart, resolution: AppsResolution, printSummary?: boolean): void {
  const app = chart.node.root instanceof App ? chart.node.root : undefined;
  if (app) TrafficMapWriter.of(app).charts.push({ chart, resolution, printSummary });
}

/**
 * The App's traffic map writer: a construct under the App (it writes no object) that holds the charts whose
 * maps the App's synth writes, so that this state lives and ends with its App. Its Graphviz renderer is
 * started by the synth and closed when the synth returns.
 */
export class TrafficMapWriter extends Construct {
  /** The App's writer, added on first use. */
  static of(app: App): TrafficMapWriter {
    const found = app.node.tryFindChild(WRITER_ID);
    return found instanceof TrafficMapWriter ? found : new TrafficMapWriter(app);
  }

  /** The charts registered so far, in construction order. */
  readonly charts: Registered[] = [];

  private constructor(app: App) {
    super(app, WRITER_ID);
    const synth = app.synth.bind(app);
    app.synth = () => {
      const renderer = new SvgRenderer();
      try {
        // The maps are laid out on Graphviz's thread while the manifests are written on this one.
        const maps = this.charts.map((c) => prepareMap(c, renderer));
        synth();
        writeTrafficMaps(app.outdir, maps, clusterRequirements(app));
      } finally {
        renderer.close();
      }
    };
  }
}

/** A chart's map, with its SVG being rendered. */
export interface PreparedMap extends Registered {
  /** The chart's output name, e.g. `inference`. */
  readonly name: string;
  readonly graph: TrafficGraph;
  /** Waits for the SVG (throws when Graphviz failed). */
  readonly svg: () => string;
}

/** Builds a chart's map and starts rendering its SVG on `renderer`. */
export function prepareMap(c: Registered, renderer: SvgRenderer): PreparedMap {
  const name = Names.toDnsLabel(c.chart);
  const graph = trafficGraph(name, c.resolution.specs, c.resolution.plans, BUILT_IN_MAP_DRAWINGS);
  let svg: () => string;
  try {
    svg = renderer.request(graph);
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
      `# Traffic map: ${name}\n\nWritten by cdk-traffic at synth (the SVG beside it is the same map).\n${chainMarkdown(r.specs)}\n\`\`\`mermaid\n${toMermaid(graph)}\`\`\`\n`,
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
    if (ascii) process.stderr.write(`${toAscii(graph)}\n`);
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
  // every chart written there by this program, read back from the summary the folder holds (unless the folder
  // was emptied since); a summary left by an earlier run is replaced.
  const clusterEntries = cluster.map((c): SummaryEntry => ({
    chart: '',
    app: c.path,
    cluster: true,
    notices: [],
    facts: { exposures: [], timeouts: [], requirements: [c.requirement] },
  }));
  const summary = path.join(outdir, 'SUMMARY.md');
  const earlier = writtenByThisProcess(summary) ? readSummary(fs.readFileSync(summary, 'utf8')) : [];
  fs.writeFileSync(summary, summaryMarkdown(mergeEntries(earlier, [...entries, ...clusterEntries])));
  written.push(summary);
  entries.push(...clusterEntries);
  // To stderr (the cdk8s CLI shows it; it swallows stdout), for the charts that print it. Named, not located:
  // under an atomic synth the folder is a temporary one that is renamed afterwards.
  const printed = new Set(maps.filter((m) => shouldPrint(m.printSummary, 'summary')).map((m) => m.name));
  if (printed.size > 0) {
    const shown = entries.filter((e) => e.cluster || printed.has(e.chart));
    process.stderr.write(summaryText(shown, `${path.basename(summary)} in the output folder`));
  }
  return written;
}

/** True when `file` exists and was written since this process started (by an earlier App of the same program). */
function writtenByThisProcess(file: string): boolean {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && stat.mtimeMs >= PROCESS_START_MS;
}

/** When this process started (a constant of the process, read once). */
const PROCESS_START_MS = Date.now() - process.uptime() * 1000 - 1000;

/**
 * The summary's entries after `later` is written over `earlier`: a chart (or cluster construct) written again
 * takes its earlier place, new ones follow.
 */
function mergeEntries(earlier: readonly SummaryEntry[], later: readonly SummaryEntry[]): SummaryEntry[] {
  const key = (e: SummaryEntry) => (e.cluster ? `cluster ${e.app}` : e.chart);
  const groups = new Map<string, SummaryEntry[]>();
  for (const e of earlier) groups.set(key(e), [...(groups.get(key(e)) ?? []), e]);
  const fresh = new Map<string, SummaryEntry[]>();
  for (const e of later) fresh.set(key(e), [...(fresh.get(key(e)) ?? []), e]);
  for (const [k, list] of fresh) groups.set(k, list);
  return [...groups.values()].flat();
}

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
          target: 'cilium',
        },
      });
    if (c instanceof KubeProxyCluster && c.spec.mode === 'nftables')
      out.push({
        path: c.node.path,
        requirement: {
          what: 'kubernetes',
          name: 'Kubernetes',
          minVersion: TARGET_FEATURES.kubeProxyNftables.since,
          why: TARGET_FEATURES.kubeProxyNftables.what,
          target: 'kubernetes',
        },
      });
  }
  return out;
}
