import { App, Chart, YamlOutputType } from 'cdk8s';
import { CiliumCluster, TrafficChart, writeCiliumValues } from 'cdk-traffic';
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
import { checkout } from './linkerd-canary';
import { KubeProxyCluster, writeKubeProxyConfigs } from 'cdk-traffic';
import { NFTABLES_CLUSTER, feed } from './kubeadm-nftables';
import { IPVS_CLUSTER, ledger } from './kubeadm-ipvs';
import { orders, ordersCache } from './orders';
import { observedApps } from './observed';
import { bookinfoApps } from './istio-ingress';
import { reviews } from './istio-ambient';
import { AWS_GATEWAY_ACKNOWLEDGE, awsGatewayApps } from './aws-gateway';
import { deliveredApps } from './delivered';
import { bookinfoApps as bookinfoPortApps } from './bookinfo';

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
  new TrafficChart(app, 'linkerd-canary', { apps: [checkout] });
  new TrafficChart(app, 'orders', { apps: [orders, ordersCache] });
  new TrafficChart(app, 'observed', { apps: observedApps });
  new TrafficChart(app, 'istio-ingress', { apps: bookinfoApps });
  new TrafficChart(app, 'istio-ambient', { apps: [reviews] });
  new TrafficChart(app, 'aws-gateway', { apps: awsGatewayApps, acknowledge: AWS_GATEWAY_ACKNOWLEDGE });
  new TrafficChart(app, 'delivered', { apps: deliveredApps });
  new TrafficChart(app, 'bookinfo', { apps: bookinfoPortApps });
  return app;
}

/**
 * The clusters that keep kube-proxy, one cdk8s App each (a kube-proxy configuration and the bare-metal cluster's
 * Cilium kube-proxy replacement in one App would be an error), writing into the same folder.
 */
export function buildKubeProxyClusters(outdir: string): App[] {
  const clusters: [string, typeof NFTABLES_CLUSTER, typeof feed][] = [
    ['kubeadm-nftables', NFTABLES_CLUSTER, feed],
    ['kubeadm-ipvs', IPVS_CLUSTER, ledger],
  ];
  return clusters.map(([name, props, app]) => {
    const cluster = new App({
      outdir,
      yamlOutputType: YamlOutputType.FILE_PER_CHART,
      outputFileExtension: '.k8s.yaml',
    });
    new KubeProxyCluster(cluster, 'kube-proxy', props);
    new TrafficChart(cluster, name, { apps: [app] });
    return cluster;
  });
}

/**
 * Writes the manifests, then the Helm values files (`dist/helm/cilium-values.yaml`), which are not Kubernetes objects,
 * then the kube-proxy clusters' manifests and configuration files (`dist/kubeadm/kube-proxy-*.yaml`) into the same folder.
 * Returns the kube-proxy clusters' Apps.
 */
export function synthK8s(app: App): App[] {
  app.synth();
  writeCiliumValues(app);
  const clusters = buildKubeProxyClusters(app.outdir);
  for (const cluster of clusters) {
    cluster.synth();
    writeKubeProxyConfigs(cluster);
  }
  return clusters;
}

if (require.main === module) synthK8s(buildK8s());
