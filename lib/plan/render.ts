import { SEVERITIES, type Change, type Plan, type Severity } from './types';

/** The formats of `cdk-traffic plan --format`. */
export type PlanFormat = 'text' | 'markdown' | 'json';
export const PLAN_FORMATS: readonly PlanFormat[] = ['text', 'markdown', 'json'];

export const NO_TRAFFIC_CHANGES = 'no traffic changes';

function counts(plan: Plan): string {
  const n = (s: Severity): number => plan.changes.filter((c) => c.severity === s).length;
  const parts = [...SEVERITIES].reverse().map((s) => `${n(s)} ${s}`);
  return `${plan.changes.length} traffic change(s) (${parts.join(', ')})`;
}

function byApp(plan: Plan): Map<string, Change[]> {
  const out = new Map<string, Change[]>();
  for (const c of plan.changes) out.set(c.app, [...(out.get(c.app) ?? []), c]);
  return out;
}

function appTitle(plan: Plan, app: string): string {
  if (plan.appsAdded.includes(app)) return `${app} (added)`;
  if (plan.appsRemoved.includes(app)) return `${app} (removed)`;
  return app;
}

function valueText(c: Change): string {
  if (c.before === undefined && c.after === undefined) return '';
  if (c.before === undefined) return `(none) -> ${c.after}`;
  if (c.after === undefined) return `${c.before} -> (none)`;
  return `${c.before} -> ${c.after}`;
}

/** The plan as text for a terminal: per app, one line per change with its severity, then its details. */
export function renderText(plan: Plan): string {
  if (plan.changes.length === 0) return `${NO_TRAFFIC_CHANGES}\n`;
  const lines = [`${counts(plan)} between ${plan.base} and ${plan.head}`];
  for (const [app, changes] of byApp(plan)) {
    lines.push('', `app ${appTitle(plan, app)}`);
    for (const c of changes) {
      const value = valueText(c);
      lines.push(`  [${c.severity}] ${c.layer}: ${c.subject}: ${c.setting}${value ? `: ${value}` : ''}`);
      if (c.reason) lines.push(`      ${c.reason}`);
      for (const d of c.details ?? []) lines.push(`      ${d}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const ICON: Record<Severity, string> = { info: 'info', caution: '⚠️ caution', disruptive: '🛑 disruptive' };

function cell(s: string | undefined): string {
  return s === undefined ? '—' : `\`${s.replace(/\|/g, '\\|').replace(/`/g, "'")}\``;
}

/** GitHub holds 65,536 characters in a comment: the Markdown plan stops before, with a note of what is left. */
export const MARKDOWN_LIMIT = 60_000;
/** Detail lines shown per change in Markdown (an object added or removed lists its settings). */
const MARKDOWN_DETAILS = 12;

function markdownRow(c: Change): string {
  const details = c.details ?? [];
  const shown =
    details.length > MARKDOWN_DETAILS
      ? [...details.slice(0, MARKDOWN_DETAILS), `… ${details.length - MARKDOWN_DETAILS} more`]
      : details;
  const notes = [c.reason, ...shown].filter((x): x is string => !!x).map((n) => n.replace(/\|/g, '\\|'));
  const setting = notes.length > 0 ? `${c.setting}<br>${notes.join('<br>')}` : c.setting;
  return `| ${ICON[c.severity]} | ${c.layer} | ${c.subject.replace(/\|/g, '\\|')} | ${setting} | ${cell(c.before)} | ${cell(c.after)} |`;
}

/**
 * The plan as Markdown for a pull-request comment: per app, a table of the changes. A plan longer than a comment
 * holds stops at `MARKDOWN_LIMIT` characters with the number of changes left out.
 */
export function renderMarkdown(plan: Plan): string {
  if (plan.changes.length === 0) return `### Traffic plan\n\n${NO_TRAFFIC_CHANGES}\n`;
  const lines = ['### Traffic plan', '', `${counts(plan)}.`];
  let size = lines.join('\n').length;
  let written = 0;
  const push = (...more: string[]): boolean => {
    const added = more.join('\n').length + 1;
    if (size + added > MARKDOWN_LIMIT) return false;
    lines.push(...more);
    size += added;
    return true;
  };
  outer: for (const [app, changes] of byApp(plan)) {
    const header = [
      '',
      `#### ${appTitle(plan, app)}`,
      '',
      '| severity | layer | object | setting | before | after |',
      '|---|---|---|---|---|---|',
    ];
    if (!push(...header, markdownRow(changes[0]))) break;
    written++;
    for (const c of changes.slice(1)) {
      if (!push(markdownRow(c))) break outer;
      written++;
    }
  }
  if (written < plan.changes.length) {
    lines.push(
      '',
      `… ${plan.changes.length - written} more change(s) not shown (a comment holds 65,536 characters): run \`cdk-traffic plan\` for all of them.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The plan as JSON for tools (`version` 1: `appsAdded`, `appsRemoved`, `changes`). */
export function renderJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export function renderPlan(plan: Plan, format: PlanFormat): string {
  if (format === 'markdown') return renderMarkdown(plan);
  if (format === 'json') return renderJson(plan);
  return renderText(plan);
}
