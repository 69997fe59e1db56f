import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { KubeProxyCluster } from './kube-proxy-cluster';
import { problemsOf, throwIfAny } from '../../synth/synth-problems';

/**
 * Writes the kubeadm `KubeProxyConfiguration` and EKS add-on files of every `KubeProxyCluster` of the app into
 * the `kubeadm/` or `eks/` subfolder of the output folder (the app's `outdir`): the top level keeps only
 * Kubernetes objects, for `kubectl apply -f dist/`. Call it right after `app.synth()` (which runs the checks).
 * Returns the paths written. An App with mistakes writes nothing: its `DefinitionError` is thrown, as by the synth.
 *
 * @example
 * app.synth();
 * writeKubeProxyConfigs(app); // e.g. ['dist/kubeadm/<fileName>', 'dist/eks/<fileName>.json']
 */
export function writeKubeProxyConfigs(app: App, outdir: string = app.outdir): string[] {
  throwIfAny(problemsOf(app, { written: false }));
  const written: string[] = [];
  for (const cluster of KubeProxyCluster.findAll(app)) {
    const text = cluster.fileText();
    if (text === undefined || cluster.fileName === undefined) continue;
    const folder = path.join(outdir, cluster.spec.distribution === 'eks' ? 'eks' : 'kubeadm');
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, cluster.fileName);
    fs.writeFileSync(file, text, 'utf8');
    written.push(file);
  }
  return written;
}
