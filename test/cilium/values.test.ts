import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Duration, Yaml } from 'cdk8s';
import { CiliumValues } from '../../lib/k8s/cilium/cilium-values';
import { writeCiliumValues } from '../../lib/k8s/cilium/write-cilium-values';
import { CiliumClusterProps } from '../../lib/model/cilium/cluster-props';
import { resolveCiliumValues } from '../../lib/model/cilium/resolve-values';
import { Problems } from '../../lib/model/problems';
import { BARE_METAL } from './fixtures';

function resolve(props: CiliumClusterProps) {
  const problems = new Problems();
  const values = resolveCiliumValues(props, problems);
  return { values, problems, lines: problems.lines() };
}

describe('Cilium Helm values: bare-metal profile', () => {
  const { values, problems } = resolve(BARE_METAL);

  test('has no problems', () => {
    expect(problems.lines()).toEqual([]);
  });

  test('replaces kube-proxy and talks to the API server directly', () => {
    expect(values.kubeProxyReplacement).toBe(true);
    expect(values.k8sServiceHost).toBe('192.168.10.5');
    expect(values.k8sServicePort).toBe(6443);
  });

  test('balances with Maglev, DSR (IP option dispatch under native routing) and XDP', () => {
    expect(values.loadBalancer).toEqual({
      acceleration: 'best-effort',
      algorithm: 'maglev',
      dsrDispatch: 'opt',
      mode: 'dsr',
    });
    expect(values.maglev).toEqual({ tableSize: 65521 });
  });

  test('routes natively with eBPF masquerading', () => {
    expect(values.routingMode).toBe('native');
    expect(values.ipv4NativeRoutingCIDR).toBe('10.244.0.0/16');
    expect(values.autoDirectNodeRoutes).toBe(true);
    expect(values.tunnelProtocol).toBeUndefined();
    // Chart 1.20 (the default) forces the per-Service algorithm annotation on with Gateway API: written as it applies.
    expect(values.bpf).toEqual({ masquerade: true, lbAlgorithmAnnotation: true });
  });

  test("cluster-pool IPAM hands out pod addresses from the native routing CIDR (not the chart's 10.0.0.0/8), /24 per node", () => {
    expect(values.ipam).toEqual({
      mode: 'cluster-pool',
      operator: { clusterPoolIPv4PodCIDRList: ['10.244.0.0/16'], clusterPoolIPv4MaskSize: 24 },
    });
  });

  test('announces over L2 with lease timings as Go durations, no BGP', () => {
    expect(values.l2announcements).toEqual({
      enabled: true,
      leaseDuration: '3s',
      leaseRenewDeadline: '1s',
      leaseRetryPeriod: '200ms',
    });
    expect(values.bgpControlPlane).toEqual({ enabled: false });
    expect(values.k8sClientRateLimit).toEqual({ burst: 40, qps: 30 });
  });

  test('enables Gateway API with the L7 proxy, Ingress controller off, Hubble relay + UI + metrics', () => {
    expect(values.gatewayAPI).toEqual({ enabled: true });
    expect(values.l7Proxy).toBe(true);
    expect(values.ingressController).toEqual({ enabled: false });
    expect(values.hubble).toEqual({
      enabled: true,
      metrics: { enabled: ['dns:query', 'drop', 'tcp', 'flow', 'http'] },
      relay: { enabled: true },
      ui: { enabled: true },
    });
  });

  test('keys are sorted at every level', () => {
    const keys = Object.keys(values);
    expect(keys).toEqual([...keys].sort());
    expect(Object.keys(values.hubble)).toEqual(['enabled', 'metrics', 'relay', 'ui']);
  });
});

describe('Cilium Helm values: defaults', () => {
  test('kube-proxy replacement on, random/snat, VXLAN tunnel, no XDP, Hubble agents only', () => {
    const { values, lines } = resolve({ k8sServiceHost: 'api.cluster.example', k8sServicePort: 443 });
    expect(lines).toEqual([]);
    expect(values).toEqual({
      bgpControlPlane: { enabled: false },
      envoy: { streamIdleTimeoutDurationSeconds: 300 },
      gatewayAPI: { enabled: false },
      hubble: { enabled: true, relay: { enabled: false }, ui: { enabled: false } },
      ingressController: { enabled: false },
      ipam: {
        mode: 'cluster-pool',
        operator: { clusterPoolIPv4MaskSize: 24, clusterPoolIPv4PodCIDRList: ['10.0.0.0/8'] },
      },
      k8sServiceHost: 'api.cluster.example',
      k8sServicePort: 443,
      kubeProxyReplacement: true,
      l2announcements: { enabled: false },
      l7Proxy: true,
      loadBalancer: { acceleration: 'disabled', algorithm: 'random', mode: 'snat' },
      routingMode: 'tunnel',
      tunnelProtocol: 'vxlan',
    });
  });

  test('maglev defaults to table size 16381; DSR under tunnel routing defaults to Geneve dispatch and protocol', () => {
    const { values, lines } = resolve({
      k8sServiceHost: 'auto',
      loadBalancer: { algorithm: 'maglev', mode: 'hybrid' },
    });
    expect(lines).toEqual([]);
    expect(values.maglev).toEqual({ tableSize: 16381 });
    expect(values.loadBalancer.dsrDispatch).toBe('geneve');
    expect(values.tunnelProtocol).toBe('geneve');
    expect(values.routingMode).toBe('tunnel');
  });

  test('IPAM: explicit pod CIDRs inside the native routing CIDR and mask size are written as given', () => {
    const { values, lines } = resolve({
      ...BARE_METAL,
      routing: { mode: 'native', ipv4NativeRoutingCidr: '10.0.0.0/8' },
      ipam: { clusterPoolIpv4PodCidrs: ['10.244.0.0/16', '10.245.0.0/16'], clusterPoolIpv4MaskSize: 25 },
    });
    expect(lines).toEqual([]);
    expect(values.ipam).toEqual({
      mode: 'cluster-pool',
      operator: { clusterPoolIPv4PodCIDRList: ['10.244.0.0/16', '10.245.0.0/16'], clusterPoolIPv4MaskSize: 25 },
    });
  });

  test('IPAM: kubernetes mode writes only the mode (pod CIDRs come from the Nodes)', () => {
    const { values, lines } = resolve({ ...BARE_METAL, ipam: { mode: 'kubernetes' } });
    expect(lines).toEqual([]);
    expect(values.ipam).toEqual({ mode: 'kubernetes' });
  });

  test('IPAM: pod CIDRs under tunnel routing need not be inside any native routing CIDR', () => {
    const { values, lines } = resolve({ k8sServiceHost: 'auto', ipam: { clusterPoolIpv4PodCidrs: ['172.16.0.0/12'] } });
    expect(lines).toEqual([]);
    expect(values.ipam.operator?.clusterPoolIPv4PodCIDRList).toEqual(['172.16.0.0/12']);
  });

  test('L2 announcements size the API client rate limit: chart default 10 + announced Services ÷ renew deadline, burst twice that', () => {
    const noLimit = { ...BARE_METAL, k8sClientQps: undefined, k8sClientBurst: undefined };
    // 10 Services (default), 1 s renew deadline: 10 + 10 = 20.
    expect(resolve(noLimit).values.k8sClientRateLimit).toEqual({ qps: 20, burst: 40 });
    // Default lease timings (5 s renew deadline): 10 + 2 = 12.
    expect(resolve({ ...noLimit, l2Announcements: { enabled: true } }).values.k8sClientRateLimit).toEqual({
      qps: 12,
      burst: 24,
    });
    // 50 Services, 1 s: 10 + 50 = 60.
    const many = resolve({ ...noLimit, l2Announcements: { ...BARE_METAL.l2Announcements, announcedServices: 50 } });
    expect(many.lines).toEqual([]);
    expect(many.values.k8sClientRateLimit).toEqual({ qps: 60, burst: 120 });
    // An explicit qps keeps it; the burst follows it.
    expect(resolve({ ...noLimit, k8sClientQps: 35 }).values.k8sClientRateLimit).toEqual({ qps: 35, burst: 70 });
  });

  test("without L2 announcements the chart's client rate limit applies (nothing written) unless set", () => {
    expect(resolve({ k8sServiceHost: 'auto' }).values.k8sClientRateLimit).toBeUndefined();
    expect(resolve({ k8sServiceHost: 'auto', k8sClientQps: 5 }).values.k8sClientRateLimit).toEqual({ qps: 5 });
  });

  test("Envoy stream idle timeout: the chart's 300 s written explicitly, or the given whole seconds; nothing without the L7 proxy", () => {
    expect(resolve({ k8sServiceHost: 'auto' }).values.envoy).toEqual({ streamIdleTimeoutDurationSeconds: 300 });
    const long = resolve({ k8sServiceHost: 'auto', envoy: { streamIdleTimeout: Duration.minutes(10) } });
    expect(long.lines).toEqual([]);
    expect(long.values.envoy).toEqual({ streamIdleTimeoutDurationSeconds: 600 });
    expect(resolve({ k8sServiceHost: 'auto', l7Proxy: false }).values.envoy).toBeUndefined();
  });

  test('ingress controller enabled renders loadbalancerMode and default', () => {
    const { values, lines } = resolve({
      k8sServiceHost: 'auto',
      ingressController: { enabled: true, loadBalancerMode: 'shared', default: true },
    });
    expect(lines).toEqual([]);
    expect(values.ingressController).toEqual({ default: true, enabled: true, loadbalancerMode: 'shared' });
  });
});

describe('CiliumValues writer', () => {
  test('writes dist/helm/cilium-values.yaml with the sorted values after app.synth()', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cilium-values-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'cluster');
    new CiliumValues(chart, 'values', { values: resolve(BARE_METAL).values });
    app.synth();
    const written = writeCiliumValues(app);
    expect(written).toEqual([path.join(outdir, 'helm', 'cilium-values.yaml')]);
    const text = fs.readFileSync(written[0], 'utf8');
    expect(text.startsWith('# Helm values for the cilium/cilium chart')).toBe(true);
    const parsed = Yaml.load(written[0]);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toEqual(resolve(BARE_METAL).values);
    // cdk8s itself writes no objects for it.
    expect(fs.readFileSync(path.join(outdir, 'cluster.k8s.yaml'), 'utf8').trim()).toBe('');
    if (process.env.CILIUM_VALUES_OUT) fs.copyFileSync(written[0], process.env.CILIUM_VALUES_OUT);
  });

  test('two values files with one name are an error naming both', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cilium-values-')) });
    const chart = new Chart(app, 'cluster');
    const values = resolve(BARE_METAL).values;
    new CiliumValues(chart, 'a', { values });
    new CiliumValues(chart, 'b', { values });
    expect(() => writeCiliumValues(app)).toThrow(
      /cluster\/b\] fileName: "cilium-values.yaml" is also written by cluster\/a/,
    );
  });

  test('a .k8s.yaml file name is refused with the fix', () => {
    const chart = new Chart(new App(), 'cluster');
    expect(
      () => new CiliumValues(chart, 'v', { values: resolve(BARE_METAL).values, fileName: 'cilium.k8s.yaml' }),
    ).toThrow(/fileName: .*received "cilium.k8s.yaml".*Fix: use e.g. "cilium-values.yaml"/);
  });
});
