import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { CiliumValues } from './cilium-values';
import { problemsOf, throwIfAny } from '../../synth/synth-problems';

/**
 * Writes every `CiliumValues` of the app into the `helm/` subfolder of the output folder (the app's `outdir`,
 * which follows `CDK8S_OUTDIR`): the top level keeps only Kubernetes objects, for `kubectl apply -f dist/`.
 * Call it right after `app.synth()`: works the same under `npm run synth` and `npx cdk8s synth` (which
 * empties the folder before running the program). Returns the paths written. An App with mistakes writes nothing:
 * its `DefinitionError` is thrown, as by the synth.
 *
 * @example
 * app.synth();
 * writeCiliumValues(app); // ['dist/helm/cilium-values.yaml']
 */
export function writeCiliumValues(app: App, outdir: string = app.outdir): string[] {
  throwIfAny(problemsOf(app, { written: false }));
  const all = CiliumValues.findAll(app);
  const byName = new Map<string, string>();
  for (const v of all) {
    const other = byName.get(v.fileName);
    if (other !== undefined) {
      throw new Error(
        `[${v.node.path}] fileName: ${JSON.stringify(v.fileName)} is also written by ${other}. Fix: give one of them another fileName`,
      );
    }
    byName.set(v.fileName, v.node.path);
  }
  const folder = path.join(outdir, 'helm');
  if (all.length > 0) fs.mkdirSync(folder, { recursive: true });
  return all.map((v) => {
    const file = path.join(folder, v.fileName);
    fs.writeFileSync(file, v.toYaml(), 'utf8');
    return file;
  });
}
