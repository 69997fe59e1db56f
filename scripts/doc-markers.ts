import * as fs from 'fs';
import * as path from 'path';

/**
 * Writes `content` into `file` between the lines `begin` and `end` (the generated part of a docs page), keeping
 * the rest of the page; used by the generators of docs/traffic-settings.md and docs/targets.md.
 */
export function writeBetweenMarkers(file: string, begin: string, end: string, content: string): void {
  const doc = fs.readFileSync(file, 'utf8');
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${file}: the markers are missing`);
  fs.writeFileSync(file, `${doc.slice(0, a + begin.length)}\n\n${content}\n\n${doc.slice(b)}`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
