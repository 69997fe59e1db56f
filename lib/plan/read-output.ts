import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { PlanInputError } from './types';
import { compareText, isRecord } from './values';

/** A Kubernetes object as written, with the file it came from. */
export interface Manifest {
  readonly file: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

/** A Terraform resource of a cdktf stack (`cdk.tf.json`), addressed as Terraform does (`aws_lb.lb_shop`). */
export interface TfResource {
  readonly file: string;
  readonly address: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/** What one synth output holds. */
export interface SynthOutput {
  readonly folder: string;
  readonly manifests: readonly Manifest[];
  readonly resources: readonly TfResource[];
}

/** cdk8s writes `<chart>.k8s.yaml`; other YAML beside it (Helm values, component configs) is not a manifest. */
const MANIFEST = /\.k8s\.ya?ml$/;
/** cdktf writes `stacks/<stack>/cdk.tf.json`. */
const STACK = /^cdk\.tf\.json$/;
const SKIP_DIRS: readonly string[] = ['node_modules', '.git'];

/**
 * Reads a synth output folder: every cdk8s manifest file (`*.k8s.yaml`) and every cdktf stack (`cdk.tf.json`)
 * under it, at any depth (a folder holding `dist/` and `cdktf.out/` works as well as either of them).
 * @throws PlanInputError naming the folder or file when the folder is missing, holds no synth output, or a file
 *   cannot be parsed or holds a manifest without `kind`.
 * @see https://cdk8s.io/docs/latest/cli/synth/ (cdk8s output: `<chart>.k8s.yaml`)
 * @see https://developer.hashicorp.com/terraform/cdktf/cli-reference/commands#synth (cdktf output: `stacks/<stack>/cdk.tf.json`)
 */
export function readSynthOutput(folder: string): SynthOutput {
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (!stat) throw new PlanInputError(`${folder}: no such folder`);
  if (!stat.isDirectory()) throw new PlanInputError(`${folder}: not a folder (give the synth output folder)`);
  const files = listFiles(folder);
  const manifestFiles = files.filter((f) => MANIFEST.test(path.basename(f)));
  const stackFiles = files.filter((f) => STACK.test(path.basename(f)));
  if (manifestFiles.length === 0 && stackFiles.length === 0) {
    throw new PlanInputError(
      `${folder}: no synth output (no cdk8s manifest *.k8s.yaml and no cdktf stack cdk.tf.json at any depth)`,
    );
  }
  return {
    folder,
    manifests: manifestFiles.flatMap((f) => readManifests(f, rel(folder, f))),
    resources: stackFiles.flatMap((f) => readStack(f, rel(folder, f))),
  };
}

function rel(folder: string, file: string): string {
  return path.join(folder, path.relative(folder, file));
}

/** Every file under the folder, sorted (the order files are read in never matters, but errors are stable). */
function listFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !SKIP_DIRS.includes(e.name)) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(folder);
  return out;
}

function stringMap(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

function readManifests(file: string, shown: string): Manifest[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const out: Manifest[] = [];
  for (const [i, doc] of docs.entries()) {
    if (doc.errors.length > 0) {
      throw new PlanInputError(`${shown}: not YAML (document ${i + 1}: ${doc.errors[0].message.split('\n')[0]})`);
    }
    const body: unknown = doc.toJS();
    if (body === null || body === undefined) continue;
    if (!isRecord(body) || typeof body.kind !== 'string' || body.kind === '') {
      throw new PlanInputError(`${shown}: document ${i + 1} is not a Kubernetes manifest (no \`kind\`)`);
    }
    const metadata = isRecord(body.metadata) ? body.metadata : {};
    out.push({
      file: shown,
      kind: body.kind,
      apiVersion: String(body.apiVersion ?? ''),
      name: String(metadata.name ?? ''),
      namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
      labels: stringMap(metadata.labels),
      annotations: stringMap(metadata.annotations),
      body,
    });
  }
  return out;
}

function readStack(file: string, shown: string): TfResource[] {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PlanInputError(`${shown}: not JSON (${(e as Error).message})`);
  }
  if (!isRecord(json)) throw new PlanInputError(`${shown}: not a cdktf stack (the top level is not an object)`);
  const resources = isRecord(json.resource) ? json.resource : {};
  const out: TfResource[] = [];
  for (const [type, byName] of Object.entries(resources)) {
    if (!isRecord(byName)) throw new PlanInputError(`${shown}: resource.${type} is not an object`);
    for (const [name, body] of Object.entries(byName)) {
      if (!isRecord(body)) throw new PlanInputError(`${shown}: resource.${type}.${name} is not an object`);
      out.push({ file: shown, address: `${type}.${name}`, type, body });
    }
  }
  return out;
}
