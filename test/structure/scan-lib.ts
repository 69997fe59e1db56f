import * as fs from 'fs';
import * as path from 'path';

const LIB = path.join(__dirname, '..', '..', 'lib');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * The lines `scan` finds in the TypeScript files of lib/ that `include` takes (by their path relative to lib/,
 * with '/'), each as `<path>: <line>`: what a structure test expects to be empty.
 */
export function scanLib(include: (rel: string) => boolean, scan: (source: string) => string[]): string[] {
  const found: string[] = [];
  for (const f of files(LIB)) {
    const rel = path.relative(LIB, f).split(path.sep).join('/');
    if (!include(rel)) continue;
    for (const line of scan(fs.readFileSync(f, 'utf8'))) found.push(`${rel}: ${line.trim()}`);
  }
  return found;
}
