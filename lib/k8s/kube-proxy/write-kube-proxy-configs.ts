import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { KubeProxyCluster } from './kube-proxy-cluster';

/**
 * Writes the kubeadm `KubeProxyConfiguration` and EKS add-on files of every `KubeProxyCluster` of the app into
 * the output folder (the app's `outdir`). Call it right after `app.synth()` (which runs the checks). Returns the
 * paths written.
 */
export function writeKubeProxyConfigs(app: App, outdir: string = app.outdir): string[] {
  const written: string[] = [];
  for (const cluster of KubeProxyCluster.findAll(app)) {
    const text = cluster.fileText();
    if (text === undefined || cluster.fileName === undefined) continue;
    fs.mkdirSync(outdir, { recursive: true });
    const file = path.join(outdir, cluster.fileName);
    fs.writeFileSync(file, text, 'utf8');
    written.push(file);
  }
  return written;
}
