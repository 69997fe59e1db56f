import type { AppFacts, Requirement } from './from-specs';
import { compareVersions, parseVersion } from '../model/targets/version';

/** One app of the synth summary. */
export interface SummaryEntry {
  /** The chart's output name, e.g. `inference`. */
  readonly chart: string;
  /** `<namespace>/<name>`. */
  readonly app: string;
  readonly facts: AppFacts;
  /** Rule warnings, acknowledgements and exposure adjustments, as printed at synth. */
  readonly notices: readonly string[];
  /** True for what a cluster-wide construct needs (`app` is then its construct path): listed under "Needs installed" only. */
  readonly cluster?: boolean;
}

/** One line of the "needs installed" list: everything the apps need of one thing, highest minimum version. */
export interface NeededItem {
  readonly what: Requirement['what'];
  readonly name: string;
  readonly minVersion?: string;
  readonly why: readonly string[];
}

/** Compares dotted versions numerically (`1.30` > `1.9`), with the targets' one comparison. */
function newer(a: string, b: string): boolean {
  return parseVersion(a) !== undefined && parseVersion(b) !== undefined && compareVersions(a, b) > 0;
}

/** What the output of all entries needs installed: one item per thing, its highest minimum version and every reason. */
export function neededInstalled(entries: readonly SummaryEntry[]): NeededItem[] {
  const items = new Map<
    string,
    { what: Requirement['what']; name: string; minVersion?: string; why: Map<string, string[]> }
  >();
  for (const e of entries) {
    for (const r of e.facts.requirements) {
      const item = items.get(r.name) ?? { what: r.what, name: r.name, why: new Map<string, string[]>() };
      if (r.minVersion && (!item.minVersion || newer(r.minVersion, item.minVersion))) item.minVersion = r.minVersion;
      const why = `${r.why}${r.minVersion && r.what !== 'crds' ? ` (${r.minVersion}+)` : ''}`;
      const apps = item.why.get(why) ?? [];
      const who = e.cluster ? e.app : `${e.chart}/${e.app}`;
      if (!apps.includes(who)) apps.push(who);
      item.why.set(why, apps);
      items.set(r.name, item);
    }
  }
  const order = { crds: 0, controller: 1, kubernetes: 2 };
  return [...items.values()]
    .map((i) => ({ ...i, why: [...i.why].map(([why, apps]) => `${why}: ${apps.join(', ')}`) }))
    .sort((a, b) => order[a.what] - order[b.what] || a.name.localeCompare(b.name));
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The start of an app's line of targets (docs/targets.md), read back by `readSummary`. */
export const TARGETS_LINE = 'Written for: ';

/** `dist/SUMMARY.md`: what each app exposes, where its health checks come from, its timeouts, its rule notices, and what the cluster needs. */
export function summaryMarkdown(entries: readonly SummaryEntry[]): string {
  const out = [
    '# Synth summary',
    '',
    '## Needs installed',
    '',
    '| Kind | What | Minimum version | Why |',
    '|---|---|---|---|',
  ];
  for (const n of neededInstalled(entries))
    out.push(`| ${n.what} | ${cell(n.name)} | ${n.minVersion ?? 'any'} | ${cell(n.why.join('; '))} |`);
  for (const e of entries.filter((x) => !x.cluster)) {
    out.push('', `## ${e.chart}: ${e.app}`, '', '| Exposure | Hosts | Weights | Health checks |', '|---|---|---|---|');
    if (e.facts.exposures.length === 0) out.push('| (in-cluster only: the Service) | | | |');
    for (const x of e.facts.exposures) {
      out.push(
        `| ${cell(x.what)} | ${cell(x.hosts.join(', ') || '(any)')} | ${cell(x.weights ?? '100%')} | ${cell(x.healthChecks.join('<br>'))} |`,
      );
    }
    out.push('', '| Layer | Timeouts |', '|---|---|');
    for (const [layer, t] of e.facts.timeouts) out.push(`| ${cell(layer)} | ${cell(t)} |`);
    if (e.facts.observed) out.push('', '| Observed | Signal | Alerts |', '|---|---|---|');
    for (const [layer, signal, alerts] of e.facts.observed ?? [])
      out.push(`| ${cell(layer)} | ${cell(signal)} | ${cell(alerts)} |`);
    if (e.facts.delivery) out.push('', '| Delivery | |', '|---|---|');
    for (const [what, detail] of e.facts.delivery ?? []) out.push(`| ${cell(what)} | ${cell(detail)} |`);
    out.push('', e.notices.length ? 'Warnings and acknowledgements:' : 'No warnings or acknowledgements.');
    if (e.notices.length) out.push('', ...e.notices.map((n) => `- ${n}`));
    if (e.facts.targets) out.push('', `${TARGETS_LINE}${e.facts.targets.join('; ')}`);
  }
  return `${out.join('\n')}\n`;
}

/** The summary for the terminal: one line per app and what the cluster needs. */
export function summaryText(entries: readonly SummaryEntry[], file: string): string {
  const out = ['cdk-traffic synth summary'];
  for (const e of entries.filter((x) => !x.cluster)) {
    const warnings = e.notices.filter((n) => n.includes('] warning: ')).length;
    const acks = e.notices.length - warnings;
    const ways = e.facts.exposures.map(
      (x) => `${x.what}${x.hosts.length ? ` [${x.hosts.join(', ')}]` : ''}${x.weights ? ` {${x.weights}}` : ''}`,
    );
    out.push(
      `  ${e.chart}/${e.app}: ${ways.length ? ways.join('; ') : 'in-cluster only'}${warnings ? `; ${warnings} warning(s)` : ''}${acks ? `; ${acks} acknowledged` : ''}`,
    );
  }
  const needed = neededInstalled(entries);
  if (needed.length)
    out.push(`  needs: ${needed.map((n) => `${n.name}${n.minVersion ? ` ${n.minVersion}+` : ''}`).join('; ')}`);
  out.push(`  details: ${file}`);
  return `${out.join('\n')}\n`;
}
