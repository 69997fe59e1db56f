import { Duration } from 'cdk8s';
import { Probe, TrafficApp, TrafficProfile } from 'cdk-traffic';
import type { KubeProxyClusterConstructProps } from 'cdk-traffic';

/** The longest stream of the feed API, which the conntrack timeout must outlast. */
export const FEED_LONGEST_STREAM = Duration.minutes(40);

/**
 * A kubeadm cluster (Kubernetes 1.34) that keeps kube-proxy, on nftables (GA since 1.33): the mode is written
 * explicitly, established connections keep their conntrack entry for 2 h (longer than the feed API's 40-minute
 * streams), NodePorts answer on the node LAN only, metrics are scrapeable from the pod network, and rule
 * changes are batched for 1 s. `dist/kubeadm/kube-proxy-nftables.yaml` is the `KubeProxyConfiguration` document to
 * append to the kubeadm config.
 */
export const NFTABLES_CLUSTER: KubeProxyClusterConstructProps = {
  mode: 'nftables',
  distribution: 'kubeadm',
  kubernetesVersion: '1.34',
  clusterCidr: '10.244.0.0/16',
  conntrack: { tcpEstablishedTimeout: Duration.hours(2), tcpCloseWaitTimeout: Duration.hours(1) },
  syncPeriod: Duration.seconds(30),
  minSyncPeriod: Duration.seconds(1),
  nodePortAddresses: ['192.168.20.0/24'],
  metricsAddress: '0.0.0.0:10249',
  fileName: 'kube-proxy-nftables.yaml',
};

/** A server-sent-events API reached on a NodePort by the LAN's own load balancer. */
export const feed = TrafficApp.define({
  name: 'feed',
  namespace: 'feeds',
  image: 'ghcr.io/acme/feed-api:1.8.2',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: {
    type: 'NodePort',
    ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    externalTrafficPolicy: 'Local',
  },
  traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: FEED_LONGEST_STREAM },
});
