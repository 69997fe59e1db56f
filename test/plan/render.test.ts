import { MARKDOWN_LIMIT, renderMarkdown, renderText } from '../../lib/plan/render';
import type { Change, Plan } from '../../lib/plan/types';

function planOf(changes: Change[]): Plan {
  return { version: 1, base: 'base', head: 'head', appsAdded: [], appsRemoved: [], changes };
}

const change = (i: number): Change => ({
  app: `ns/app-${String(i).padStart(4, '0')}`,
  layer: 'Kubernetes',
  subject: `Deployment ns/app-${i}`,
  setting: 'replicas',
  severity: 'caution',
  reason: 'less capacity',
  before: '3',
  after: '2',
});

test('a Markdown plan longer than a comment holds stops before the limit and says how many changes it left out', () => {
  const md = renderMarkdown(planOf(Array.from({ length: 2000 }, (_, i) => change(i))));
  expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT + 200);
  const shown = md.split('\n').filter((l) => l.startsWith('| ⚠️ caution |')).length;
  expect(shown).toBeGreaterThan(100);
  expect(md.trimEnd().split('\n').pop()).toBe(
    `… ${2000 - shown} more change(s) not shown (a comment holds 65,536 characters): run \`cdk-traffic plan\` for all of them.`,
  );
  // Text has no limit.
  const text = renderText(planOf(Array.from({ length: 2000 }, (_, i) => change(i))));
  expect(text.split('\n').filter((l) => l.startsWith('  [caution] ')).length).toBe(2000);
});

test('Markdown: at most 12 detail lines per change, then how many more; a | in a value does not break the table', () => {
  const details = Array.from({ length: 20 }, (_, i) => `setting ${i}: a|b`);
  const md = renderMarkdown(planOf([{ ...change(1), setting: 'added', details, before: 'x|y', after: undefined }]));
  const row = md.split('\n').find((l) => l.startsWith('| ⚠️'));
  expect(row).toBe(
    `| ⚠️ caution | Kubernetes | Deployment ns/app-1 | added<br>less capacity<br>${details
      .slice(0, 12)
      .map((d) => d.replace('|', '\\|'))
      .join('<br>')}<br>… 8 more | \`x\\|y\` | — |`,
  );
});
