import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../lib/plan/cli';

/** The base output: the inference, public-web and nginx examples as synthesized (k8s/ and terraform/ in one folder). */
export const BASE = path.join(__dirname, 'fixtures', 'base');

const made: string[] = [];

/** A temporary folder, removed by `removeTemporaryFolders` (each suite's `afterAll`). */
export function temporaryFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-traffic-plan-'));
  made.push(dir);
  return dir;
}

export function removeTemporaryFolders(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A temporary folder holding the given files (path -> content). */
export function folderWith(files: Record<string, string>): string {
  const dir = temporaryFolder();
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A copy of the base in a fresh temporary folder, for a test to change. */
export function copyOfBase(): string {
  const dir = temporaryFolder();
  fs.cpSync(BASE, dir, { recursive: true });
  return dir;
}

/** Replaces text in a file of an output folder; fails the test when the text is not there (or not `times` times). */
export function edit(dir: string, file: string, from: string | RegExp, to: string, times = 1): void {
  const p = path.join(dir, file);
  const before = fs.readFileSync(p, 'utf8');
  const found =
    typeof from === 'string' ? before.split(from).length - 1 : (before.match(new RegExp(from, 'g')) ?? []).length;
  if (found !== times) throw new Error(`${file}: expected ${times} of ${String(from)}, found ${found}`);
  fs.writeFileSync(
    p,
    typeof from === 'string' ? before.split(from).join(to) : before.replace(new RegExp(from, 'g'), to),
  );
}

/** Changes a Terraform stack of an output folder as JSON. */
export function editStack(
  dir: string,
  stack: string,
  change: (json: { resource: Record<string, Record<string, Record<string, unknown>>> }) => void,
): void {
  const p = path.join(dir, 'terraform', 'stacks', stack, 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(p, 'utf8'));
  change(json);
  fs.writeFileSync(p, JSON.stringify(json, null, 2));
}

/** Runs `cdk-traffic <args>` in-process: its exit code and what it wrote. */
export function cli(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
