import { Duration } from 'cdk8s';
import { Dataplane, LbIpamService, Probe, TrafficApp, TrafficProfile } from 'cdk-traffic';
import type { CiliumClusterConstructProps } from 'cdk-traffic';

/** The longest stream of the events API: its traffic idle timeout, and what Cilium's Envoy (L7 policy) must allow. */
export const LONGEST_STREAM = Duration.minutes(10);

/** The label that puts a LoadBalancer Service into the `public` pool (and its L2 announcement). */
export const PUBLIC_POOL_LABEL = { 'lb.example.com/pool': 'public' } as const;

/**
 * A bare-metal cluster's Cilium: no kube-proxy (eBPF replacement), Maglev consistent hashing, direct server
 * return over native routing, XDP where the NIC supports it, LB IPAM with one pool announced over L2 (ARP)
 * by the worker nodes, Gateway API, Hubble. Pods get addresses from the native routing CIDR (the cluster-pool
 * IPAM default), the L2-announced pool reserves its first and last address, the agents' API client rate limit
 * is sized for the L2 leases, and Envoy keeps silent streams open as long as the events API's longest.
 * Other examples may reuse it (`new CiliumCluster(chart, id, BARE_METAL_CLUSTER)`).
 */
export const BARE_METAL_CLUSTER: CiliumClusterConstructProps = {
  kubeProxyReplacement: true,
  k8sServiceHost: '192.168.10.5',
  k8sServicePort: 6443,
  loadBalancer: { algorithm: 'maglev', maglevTableSize: 16381, mode: 'dsr', acceleration: 'best-effort' },
  routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/16', autoDirectNodeRoutes: true },
  bpfMasquerade: true,
  gatewayApi: true,
  l2Announcements: {
    enabled: true,
    leaseDuration: Duration.seconds(3),
    leaseRenewDeadline: Duration.seconds(1),
    leaseRetryPeriod: Duration.millis(200),
  },
  hubble: { relay: true, ui: true, metrics: ['dns:query', 'drop', 'tcp', 'flow', 'http'] },
  envoy: { streamIdleTimeout: LONGEST_STREAM },
  loadBalancerIpPools: [
    {
      name: 'public',
      blocks: [{ cidr: '192.168.10.240/28' }],
      serviceSelector: { matchLabels: { ...PUBLIC_POOL_LABEL } },
    },
  ],
  l2AnnouncementPolicies: [
    {
      name: 'public',
      interfaces: ['^eth[0-9]+$'],
      serviceSelector: { matchLabels: { ...PUBLIC_POOL_LABEL } },
      nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] },
    },
  ],
};

/**
 * A small streaming API (server-sent events) on that cluster: a LoadBalancer Service pinned to
 * 192.168.10.241 of the `public` pool, and a CiliumNetworkPolicy that lets in only the load balancer's
 * traffic (client addresses are kept by DSR) and Prometheus, allows at L7 only the API's requests from the
 * load balancer and only `GET /metrics` from Prometheus, and lets the pods resolve names and call one upstream.
 */
export const events = TrafficApp.define({
  name: 'events',
  namespace: 'streaming',
  image: 'ghcr.io/acme/events-api:3.2.0',
  replicas: 3,
  ports: [{ name: 'http', port: 8080, appProtocol: 'http' }],
  readiness: Probe.httpGet('/ready', { port: 'http', period: Duration.seconds(5) }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: LONGEST_STREAM },
  expose: [LbIpamService.create({ labels: { ...PUBLIC_POOL_LABEL }, externalTrafficPolicy: 'Cluster' })],
  dataplane: Dataplane.cilium({
    service: { ips: ['192.168.10.241'] },
    // The L7 rules put Cilium's L7 policy proxy (Envoy) in the path: BARE_METAL_CLUSTER gives it the longest stream
    // as its stream idle timeout (the CiliumCluster checks this declaration at synth).
    proxy: { streamIdleTimeout: LONGEST_STREAM },
    // The API's requests, for the load balancer path (plus the readiness path, kept open for health checks).
    l7: [
      { method: 'GET', path: '/v1/streams/[a-z0-9-]+/events' },
      { method: 'POST', path: '/v1/streams' },
    ],
    policy: {
      // Prometheus may only scrape.
      allowFrom: [
        {
          namespace: 'monitoring',
          labels: { 'app.kubernetes.io/name': 'prometheus' },
          ports: ['http'],
          l7: [{ method: 'GET', path: '/metrics' }],
        },
      ],
      egress: [{ toFqdns: ['ingest.example.com'], ports: [{ port: 443 }] }],
    },
  }),
});
