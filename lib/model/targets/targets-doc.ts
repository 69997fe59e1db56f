import { TARGET_COMBINATIONS, TARGET_FEATURES, TARGET_IDS, TargetFeature, targetEntry } from './target-table';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * The tables of docs/targets.md, from the one table of targets (`TARGET_TABLE`), the features chosen by version
 * (`TARGET_FEATURES`) and the combinations known to be broken (`TARGET_COMBINATIONS`). Written by
 * `node scripts/run.js scripts/gen-targets-table.ts`; a test fails when the page is stale.
 */
export function targetsTableMarkdown(): string {
  const out = [
    '| Field | Target | Oldest | Newest | Default | `none` | Channels | Chooses |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const id of TARGET_IDS) {
    const t = targetEntry(id);
    out.push(
      `| \`${id}\` | [${t.name}](${t.see}) | ${t.oldest} | ${t.newest} | ${t.default}${t.defaultWhy ? ` (${cell(t.defaultWhy)})` : ''} | ${t.mayBeAbsent ? 'yes' : 'no'} | ${t.channels?.join(', ') ?? ''} | ${cell(t.decides)} |`,
    );
  }
  out.push('', '| Feature | Target | Since | What |', '|---|---|---|---|');
  for (const [key, f] of Object.entries(TARGET_FEATURES as Readonly<Record<string, TargetFeature>>))
    out.push(`| \`${key}\` | \`${f.target}\` | ${f.since} | [${cell(f.what)}](${f.see}) |`);
  out.push('', '| When | Then | Why |', '|---|---|---|');
  for (const c of TARGET_COMBINATIONS) {
    const other = `\`${c.other.target}\` ${c.other.oldest ?? 'any'} to ${c.other.newest ?? 'any'}`;
    out.push(`| \`${c.when.target}\` ${c.when.oldest} to ${c.when.newest} | ${other} | [${cell(c.why)}](${c.see}) |`);
  }
  return out.join('\n');
}
