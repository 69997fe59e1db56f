import type { ExposureFacts, Requirement } from '../map/from-specs';
import { SummaryEntry, TARGETS_LINE } from '../map/summary';
import type { ObservedLine } from '../map/observe-facts';
import type { DeliveryLine } from '../map/delivery-facts';

/**
 * Reads back the entries of a `SUMMARY.md` written by `summaryMarkdown`, so that an App writing into a folder
 * another App of the program wrote first adds its charts to the one summary without any state shared between
 * the two Apps: the file is the record. `summaryMarkdown(readSummary(text))` gives `text` back (a test holds it
 * to that on the examples). Requirements come from the "Needs installed" table, each to the apps it names.
 */
export function readSummary(text: string): SummaryEntry[] {
  const lines = text.split('\n');
  const sections: MutableEntry[] = [];
  const byId = new Map<string, MutableEntry>();
  let needs: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '## Needs installed') {
      const rows = tableAt(lines, i + 2);
      needs = rows.cells;
      i = rows.end;
    } else if (line.startsWith('## ')) {
      const head = line.slice(3);
      const at = head.indexOf(': ');
      const entry = readSection(lines, i + 2, head.slice(0, at), head.slice(at + 2));
      sections.push(entry.entry);
      byId.set(`${entry.entry.chart}/${entry.entry.app}`, entry.entry);
      i = entry.end;
    }
  }
  const clusters: MutableEntry[] = [];
  for (const [what, name, min, whyCell] of needs) {
    for (const segment of whyCell.split('; ')) {
      const at = segment.lastIndexOf(': ');
      const requirement = requirementOf(what as Requirement['what'], name, min, segment.slice(0, at));
      for (const id of segment.slice(at + 2).split(', ')) {
        let entry = byId.get(id);
        if (!entry) {
          entry = { chart: '', app: id, cluster: true, notices: [], exposures: [], timeouts: [], requirements: [] };
          byId.set(id, entry);
          clusters.push(entry);
        }
        entry.requirements.push(requirement);
      }
    }
  }
  return [...sections, ...clusters].map(({ exposures, timeouts, requirements, targets, observed, delivery, ...e }) => ({
    ...e,
    facts: {
      exposures,
      timeouts,
      requirements,
      ...(observed ? { observed } : {}),
      ...(delivery ? { delivery } : {}),
      ...(targets ? { targets } : {}),
    },
  }));
}

interface MutableEntry {
  chart: string;
  app: string;
  cluster?: boolean;
  notices: string[];
  exposures: ExposureFacts[];
  timeouts: [string, string][];
  requirements: Requirement[];
  targets?: string[];
  observed?: readonly ObservedLine[];
  delivery?: readonly DeliveryLine[];
}

/** One requirement from its row and reason; the minimum version from the `(1.30+)` suffix (CRD rows: the row's). */
function requirementOf(what: Requirement['what'], name: string, min: string, why: string): Requirement {
  const minVersion = min === 'any' ? undefined : min;
  if (what === 'crds') return { what, name, ...(minVersion ? { minVersion } : {}), why };
  const m = / \(([^()\s]+)\+\)$/.exec(why);
  return m ? { what, name, minVersion: m[1], why: why.slice(0, m.index) } : { what, name, why };
}

/** An app's section: its exposures table, its timeouts table and its notices. */
function readSection(lines: readonly string[], start: number, chart: string, app: string) {
  const exposures = tableAt(lines, start);
  const timeouts = tableAt(lines, exposures.end + 2);
  let end = timeouts.end + 2;
  // The optional tables after the timeouts, in the order summaryMarkdown writes them.
  const optional: { observed?: string[][]; delivery?: string[][] } = {};
  for (const [key, header] of [
    ['observed', '| Observed |'],
    ['delivery', '| Delivery |'],
  ] as const) {
    if (!lines[end]?.startsWith(header)) continue;
    const table = tableAt(lines, end);
    optional[key] = table.cells;
    end = table.end + 2;
  }
  const notices: string[] = [];
  if (lines[end] === 'Warnings and acknowledgements:') {
    end += 2;
    while (lines[end]?.startsWith('- ')) notices.push(lines[end++].slice(2));
    end--;
  }
  // The targets line closes the section (after the notices, and after any table this reader skips).
  let at = end + 1;
  while (at < lines.length && !lines[at].startsWith('## ') && !lines[at].startsWith(TARGETS_LINE)) at++;
  const targets = lines[at]?.startsWith(TARGETS_LINE) ? lines[at].slice(TARGETS_LINE.length).split('; ') : undefined;
  if (targets) end = at;
  const entry: MutableEntry = {
    chart,
    app,
    notices,
    exposures: exposures.cells
      .filter((c) => c[0] !== '(in-cluster only: the Service)')
      .map(([what, hosts, weights, checks]) => ({
        what,
        hosts: hosts === '(any)' ? [] : hosts.split(', '),
        ...(weights === '100%' ? {} : { weights }),
        healthChecks: checks === '' ? [] : checks.split('<br>'),
      })),
    timeouts: timeouts.cells.map(([layer, t]) => [layer, t]),
    requirements: [],
    ...(optional.observed ? { observed: optional.observed.map(([l, sig, a]) => [l, sig, a] as const) } : {}),
    ...(optional.delivery ? { delivery: optional.delivery.map(([w, d]) => [w, d] as const) } : {}),
    ...(targets ? { targets } : {}),
  };
  return { entry, end };
}

/** The rows of the table whose header is at `start` (header and rule skipped), up to the first line that is not a row. */
function tableAt(lines: readonly string[], start: number): { cells: string[][]; end: number } {
  const cells: string[][] = [];
  let i = start + 2;
  for (; lines[i]?.startsWith('|'); i++)
    cells.push(
      lines[i]
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.slice(1, -1).replace(/\\\|/g, '|')),
    );
  return { cells, end: i - 1 };
}
