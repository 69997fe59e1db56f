import { App, Chart, YamlOutputType } from 'cdk8s';
import { TrafficChart } from '../lib';
import { CiliumCluster, writeCiliumValues } from '../lib/k8s/cilium';
import { nginx } from './nginx';
import { publicWebApps } from './public-web';
import { api } from './readiness-probe';
import { inference } from './inference';
import { publicWeb } from './public-web-ingress';
import { grpcOrders } from './grpc-nlb';
import { catalog } from './gateway-routed';
import { BARE_METAL_CLUSTER, events } from './bare-metal';
import { gkeWebApps } from './gke-web';
import { aksWebApps } from './aks-web';

/**
 * The Kubernetes side of the example apps: one file per chart in `dist/` (or `$CDK8S_OUTDIR`, set by
 * `cdk8s synth`). Returns the app so `apps/main.ts` and tests can synthesize it.
 */
export function buildK8s(outdir = process.env.CDK8S_OUTDIR ?? 'dist'): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART, outputFileExtension: '.k8s.yaml' });
  new TrafficChart(app, 'nginx', { apps: [nginx] });
  new TrafficChart(app, 'readiness-probe', { apps: [api] });
  new TrafficChart(app, 'inference', { apps: [inference] });
  new TrafficChart(app, 'public-web-ingress', { apps: [publicWeb] });
  new TrafficChart(app, 'grpc-nlb', { apps: [grpcOrders] });
  new TrafficChart(app, 'gateway-routed', { apps: [catalog] });
  new CiliumCluster(new Chart(app, 'cilium'), 'cluster', BARE_METAL_CLUSTER);
  new TrafficChart(app, 'bare-metal', { apps: [events] });
  new TrafficChart(app, 'public-web', { apps: publicWebApps });
  new TrafficChart(app, 'gke-web', { apps: gkeWebApps });
  new TrafficChart(app, 'aks-web', { apps: aksWebApps });
  return app;
}

/** Writes the manifests, then the Helm values files (`dist/cilium-values.yaml`), which are not Kubernetes objects. */
export function synthK8s(app: App): void {
  app.synth();
  writeCiliumValues(app);
}

if (require.main === module) synthK8s(buildK8s());
