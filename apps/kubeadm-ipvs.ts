import { Duration } from 'cdk8s';
import { Probe, TrafficApp, TrafficProfile } from 'cdk-traffic';
import type { KubeProxyClusterConstructProps } from 'cdk-traffic';

/**
 * A kubeadm cluster (Kubernetes 1.35) still on IPVS: least-connection scheduling, strictARP for L2-announced
 * LoadBalancer addresses, and an IPVS TCP idle timeout of 30 min (the kernel's 900 s would cut the ledger's
 * 20-minute streams). Synth prints warning CT-PROXY-001: IPVS is deprecated since 1.35.
 * `dist/kubeadm/kube-proxy-ipvs.yaml` is the `KubeProxyConfiguration` document.
 */
export const IPVS_CLUSTER: KubeProxyClusterConstructProps = {
  mode: 'ipvs',
  distribution: 'kubeadm',
  kubernetesVersion: '1.35',
  ipvs: { scheduler: 'lc', strictArp: true, tcpTimeout: Duration.minutes(30), tcpFinTimeout: Duration.minutes(2) },
  conntrack: { tcpEstablishedTimeout: Duration.hours(1) },
  fileName: 'kube-proxy-ipvs.yaml',
};

/** A streaming API whose clients hold connections for up to 20 minutes. */
export const ledger = TrafficApp.define({
  name: 'ledger',
  namespace: 'ledger',
  image: 'ghcr.io/acme/ledger-stream:4.0.1',
  replicas: 3,
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.minutes(20) },
});
