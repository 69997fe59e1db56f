import { Duration } from 'cdk8s';
import { CiliumClusterProps } from '../../lib/model/cilium/cluster-props';
import { resolveCiliumValues } from '../../lib/model/cilium/resolve-values';
import { Problems } from '../../lib/model/problems';

const API = { k8sServiceHost: '10.0.0.10', k8sServicePort: 6443 } as const;
const NO_KPR = { kubeProxyReplacement: false } as const;

function lines(props: CiliumClusterProps): string[] {
  const problems = new Problems();
  resolveCiliumValues(props, problems);
  return problems.lines();
}

/** Expects exactly one problem line, on `field`, showing `received` and containing `fix`. */
function expectOne(props: CiliumClusterProps, field: string, received: string, fix: RegExp | string): void {
  const found = lines(props);
  expect(found).toHaveLength(1);
  expect(found[0].startsWith(`${field}: `)).toBe(true);
  expect(found[0]).toContain(`(received ${received})`);
  expect(found[0]).toMatch(
    typeof fix === 'string' ? new RegExp(`Fix: .*${fix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : fix,
  );
}

describe('Cilium Helm values: rejected settings and combinations', () => {
  test('kube-proxy replacement without k8sServiceHost / k8sServicePort', () => {
    const found = lines({ kubeProxyReplacement: true });
    expect(found).toEqual([
      expect.stringMatching(
        /^k8sServiceHost: is required with kube-proxy replacement.*\(received undefined\)\. Fix: set k8sServiceHost to the API server address/,
      ),
      expect.stringMatching(
        /^k8sServicePort: is required with kube-proxy replacement \(received undefined\)\. Fix: set k8sServicePort to the API server port/,
      ),
    ]);
  });

  test('k8sServiceHost with a scheme, port out of range', () => {
    const found = lines({ k8sServiceHost: 'https://10.0.0.10:6443', k8sServicePort: 70000 });
    expect(found[0]).toMatch(
      /^k8sServiceHost: must be an IP address.*\(received "https:\/\/10.0.0.10:6443"\)\. Fix: write only the host/,
    );
    expect(found[1]).toMatch(
      /^k8sServicePort: must be a whole number between 1 and 65535 \(received 70000\)\. Fix: use the API server port/,
    );
  });

  test('DSR without kube-proxy replacement', () => {
    expectOne(
      { ...NO_KPR, loadBalancer: { mode: 'dsr' }, routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/16' } },
      'loadBalancer.mode',
      '"dsr"',
      'set kubeProxyReplacement: true',
    );
  });

  test('hybrid without kube-proxy replacement', () => {
    expectOne(
      {
        ...NO_KPR,
        loadBalancer: { mode: 'hybrid' },
        routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/16' },
      },
      'loadBalancer.mode',
      '"hybrid"',
      'set kubeProxyReplacement: true',
    );
  });

  test('XDP acceleration without kube-proxy replacement', () => {
    expectOne(
      { ...NO_KPR, loadBalancer: { acceleration: 'native' } },
      'loadBalancer.acceleration',
      '"native"',
      'set kubeProxyReplacement: true',
    );
    expectOne(
      { ...NO_KPR, loadBalancer: { perServiceAlgorithm: true } },
      'loadBalancer.perServiceAlgorithm',
      'true',
      'set kubeProxyReplacement: true',
    );
    expectOne(
      { ...NO_KPR, loadBalancer: { perServiceMode: true } },
      'loadBalancer.perServiceMode',
      'true',
      'set kubeProxyReplacement: true',
    );
  });

  test('Maglev without kube-proxy replacement', () => {
    expectOne(
      { ...NO_KPR, loadBalancer: { algorithm: 'maglev' } },
      'loadBalancer.algorithm',
      '"maglev"',
      'set kubeProxyReplacement: true',
    );
  });

  test('DSR with IP-option dispatch under tunnel routing', () => {
    expectOne(
      { ...API, loadBalancer: { mode: 'dsr', dsrDispatch: 'opt' } },
      'loadBalancer.dsrDispatch',
      '"opt"',
      'set loadBalancer.dsrDispatch: "geneve" with routing.tunnelProtocol: "geneve"',
    );
  });

  test('DSR with Geneve dispatch over a VXLAN tunnel', () => {
    expectOne(
      { ...API, loadBalancer: { mode: 'dsr', dsrDispatch: 'geneve' }, routing: { tunnelProtocol: 'vxlan' } },
      'routing.tunnelProtocol',
      '"vxlan"',
      'set routing.tunnelProtocol: "geneve"',
    );
  });

  test('Geneve dispatch with native routing but a VXLAN tunnel protocol', () => {
    expectOne(
      {
        ...API,
        loadBalancer: { mode: 'hybrid', dsrDispatch: 'geneve' },
        routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/16', tunnelProtocol: 'vxlan' },
      },
      'routing.tunnelProtocol',
      '"vxlan"',
      'set routing.tunnelProtocol: "geneve"',
    );
  });

  test('dsrDispatch in snat mode', () => {
    expectOne(
      { ...API, loadBalancer: { dsrDispatch: 'geneve' } },
      'loadBalancer.dsrDispatch',
      '"geneve"',
      'set loadBalancer.mode to "dsr" or "hybrid"',
    );
  });

  test('Maglev table size that is not a listed prime', () => {
    expectOne(
      { ...API, loadBalancer: { algorithm: 'maglev', maglevTableSize: 10000 } },
      'loadBalancer.maglevTableSize',
      '10000',
      'use 16381',
    );
  });

  test('Maglev table size and seed with the random algorithm; bad seed', () => {
    const found = lines({ ...API, loadBalancer: { maglevTableSize: 16381, maglevHashSeed: 'abc' } });
    expect(found[0]).toMatch(
      /^loadBalancer.maglevTableSize: has no effect unless the algorithm is maglev \(received 16381\)\. Fix: set loadBalancer.algorithm: "maglev"/,
    );
    expect(found[1]).toMatch(/^loadBalancer.maglevHashSeed: .*\(received "abc"\)/);
    expectOne(
      { ...API, loadBalancer: { algorithm: 'maglev', maglevHashSeed: 'abc' } },
      'loadBalancer.maglevHashSeed',
      '"abc"',
      'head -c12 /dev/urandom | base64 -w0',
    );
  });

  test('native routing without ipv4NativeRoutingCidr', () => {
    expectOne(
      { ...API, routing: { mode: 'native' } },
      'routing.ipv4NativeRoutingCidr',
      'undefined',
      'set routing.ipv4NativeRoutingCidr',
    );
  });

  test('ipv4NativeRoutingCidr that is not an IPv4 CIDR, or has host bits', () => {
    expectOne(
      { ...API, routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0' } },
      'routing.ipv4NativeRoutingCidr',
      '"10.244.0.0"',
      'e.g. "10.244.0.0/16"',
    );
    expectOne(
      { ...API, routing: { mode: 'native', ipv4NativeRoutingCidr: 'fd00::/64' } },
      'routing.ipv4NativeRoutingCidr',
      '"fd00::/64"',
      'e.g. "10.244.0.0/16"',
    );
    expectOne(
      { ...API, routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.1.0/16' } },
      'routing.ipv4NativeRoutingCidr',
      '"10.244.1.0/16"',
      'use the network address',
    );
  });

  test('autoDirectNodeRoutes with tunnel routing', () => {
    expectOne(
      { ...API, routing: { autoDirectNodeRoutes: true } },
      'routing.autoDirectNodeRoutes',
      'true',
      'set routing.mode: "native"',
    );
  });

  test('eBPF masquerading without kube-proxy replacement', () => {
    expectOne({ ...NO_KPR, bpfMasquerade: true }, 'bpfMasquerade', 'true', 'set kubeProxyReplacement: true');
  });

  test('Gateway API without kube-proxy replacement', () => {
    expectOne({ ...NO_KPR, gatewayApi: true }, 'gatewayApi', 'true', 'set kubeProxyReplacement: true');
  });

  test('Gateway API without the L7 proxy', () => {
    expectOne({ ...API, gatewayApi: true, l7Proxy: false }, 'gatewayApi', 'true', 'set l7Proxy: true');
  });

  test('Ingress controller without kube-proxy replacement', () => {
    expectOne(
      { ...NO_KPR, ingressController: { enabled: true } },
      'ingressController.enabled',
      'true',
      'set kubeProxyReplacement: true',
    );
  });

  test('Ingress controller without the L7 proxy', () => {
    expectOne(
      { ...API, ingressController: { enabled: true }, l7Proxy: false },
      'ingressController.enabled',
      'true',
      'set l7Proxy: true',
    );
  });

  test('Ingress settings while the controller is off', () => {
    expectOne(
      { ...API, ingressController: { loadBalancerMode: 'shared' } },
      'ingressController.enabled',
      'undefined',
      'set ingressController.enabled: true',
    );
  });

  test('L2 announcements without kube-proxy replacement', () => {
    expectOne(
      { ...NO_KPR, l2Announcements: { enabled: true } },
      'l2Announcements.enabled',
      'true',
      'set kubeProxyReplacement: true',
    );
  });

  test('L2 lease timings Cilium rejects', () => {
    expectOne(
      { ...API, l2Announcements: { enabled: true, leaseDuration: Duration.seconds(1) } },
      'l2Announcements.leaseDuration',
      'Duration(1s)',
      'Duration.seconds(3)',
    );
    expectOne(
      {
        ...API,
        l2Announcements: { enabled: true, leaseDuration: Duration.seconds(4), leaseRenewDeadline: Duration.seconds(4) },
      },
      'l2Announcements.leaseDuration',
      'Duration(4s)',
      'longer than leaseRenewDeadline',
    );
    expectOne(
      { ...API, l2Announcements: { enabled: true, leaseRenewDeadline: Duration.seconds(2) } },
      'l2Announcements.leaseRenewDeadline',
      'Duration(2s)',
      'shorten leaseRetryPeriod',
    );
  });

  test('L2 lease timings while L2 announcements are off', () => {
    expectOne(
      {
        ...API,
        l2Announcements: {
          leaseDuration: Duration.seconds(3),
          leaseRenewDeadline: Duration.seconds(1),
          leaseRetryPeriod: Duration.millis(200),
        },
      },
      'l2Announcements.enabled',
      'undefined',
      'set l2Announcements.enabled: true',
    );
  });

  test('L2 announcements and BGP together are accepted (they can split services by selector)', () => {
    expect(lines({ ...API, l2Announcements: { enabled: true }, bgpControlPlane: true })).toEqual([]);
  });

  test('Hubble UI without relay, relay without Hubble, unknown metric', () => {
    expectOne({ ...API, hubble: { ui: true } }, 'hubble.ui', 'true', 'set hubble.relay: true');
    expectOne({ ...API, hubble: { enabled: false, relay: true } }, 'hubble.relay', 'true', 'set hubble.enabled: true');
    expectOne(
      { ...API, hubble: { metrics: ['dns', 'latency'] } },
      'hubble.metrics[1]',
      '"latency"',
      'use one of dns, drop',
    );
  });

  test('IPAM: cluster-pool pod CIDR outside the native routing CIDR', () => {
    expectOne(
      {
        ...API,
        routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/16' },
        ipam: { clusterPoolIpv4PodCidrs: ['10.0.0.0/8'] },
      },
      'ipam.clusterPoolIpv4PodCidrs[0]',
      '"10.0.0.0/8"',
      'use CIDRs inside 10.244.0.0/16 (leave clusterPoolIpv4PodCidrs out to use the native routing CIDR itself), or widen routing.ipv4NativeRoutingCidr',
    );
    expect(
      lines({
        ...API,
        routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/16' },
        ipam: { clusterPoolIpv4PodCidrs: ['10.244.0.0/17', '10.250.0.0/16'] },
      }),
    ).toEqual([
      expect.stringMatching(
        /^ipam.clusterPoolIpv4PodCidrs\[1\]: is not inside routing.ipv4NativeRoutingCidr \(10.244.0.0\/16\): the agent would masquerade .*\(received "10.250.0.0\/16"\)\. Fix: use CIDRs inside 10.244.0.0\/16/,
      ),
    ]);
  });

  test('IPAM: pod CIDRs that are not IPv4 CIDRs, have host bits, overlap, or are an empty list', () => {
    expect(
      lines({
        ...API,
        ipam: { clusterPoolIpv4PodCidrs: ['10.244.0.0', 'fd00::/104', '10.244.1.0/16', '10.0.0.0/8', '10.1.0.0/16'] },
      }),
    ).toEqual([
      expect.stringMatching(
        /^ipam.clusterPoolIpv4PodCidrs\[0\]: is not an IPv4 CIDR \(it has no "\/prefix"\) \(received "10.244.0.0"\)\. Fix: write the pod range as a CIDR/,
      ),
      expect.stringMatching(/^ipam.clusterPoolIpv4PodCidrs\[1\]: is not an IPv4 CIDR \(received "fd00::\/104"\)/),
      expect.stringMatching(
        /^ipam.clusterPoolIpv4PodCidrs\[2\]: has host bits set \(received "10.244.1.0\/16"\)\. Fix: use the network address/,
      ),
      expect.stringMatching(
        /^ipam.clusterPoolIpv4PodCidrs\[4\]: overlaps clusterPoolIpv4PodCidrs\[3\] \(10.0.0.0\/8\) \(received "10.1.0.0\/16"\)\. Fix: list disjoint CIDRs/,
      ),
    ]);
    expectOne(
      { ...API, ipam: { clusterPoolIpv4PodCidrs: [] } },
      'ipam.clusterPoolIpv4PodCidrs',
      '[]',
      'list CIDRs such as "10.244.0.0/16"',
    );
  });

  test('IPAM: mask size out of range, or shorter than the pod CIDR', () => {
    expectOne({ ...API, ipam: { clusterPoolIpv4MaskSize: 31 } }, 'ipam.clusterPoolIpv4MaskSize', '31', 'e.g. 24');
    expectOne(
      { ...API, ipam: { clusterPoolIpv4PodCidrs: ['10.244.0.0/16'], clusterPoolIpv4MaskSize: 12 } },
      'ipam.clusterPoolIpv4MaskSize',
      '12',
      'use 24 or longer',
    );
    expectOne(
      { ...API, routing: { mode: 'native', ipv4NativeRoutingCidr: '10.244.0.0/26' } },
      'ipam.clusterPoolIpv4MaskSize',
      '24',
      'use 26 or longer',
    );
  });

  test('IPAM: unknown mode; cluster-pool settings in kubernetes mode', () => {
    expectOne({ ...API, ipam: { mode: 'eni' as never } }, 'ipam.mode', '"eni"', 'use "cluster-pool"');
    expect(
      lines({
        ...API,
        ipam: { mode: 'kubernetes', clusterPoolIpv4PodCidrs: ['10.244.0.0/16'], clusterPoolIpv4MaskSize: 24 },
      }),
    ).toEqual([
      expect.stringMatching(
        /^ipam.clusterPoolIpv4PodCidrs: has no effect in kubernetes IPAM mode.*\(received \["10.244.0.0\/16"\]\)\. Fix: remove it and set kube-controller-manager's --cluster-cidr/,
      ),
      expect.stringMatching(
        /^ipam.clusterPoolIpv4MaskSize: has no effect in kubernetes IPAM mode.*\(received 24\)\. Fix: remove it/,
      ),
    ]);
  });

  test('L2 announcements with a client qps below the chart default or below the lease renewals', () => {
    const L2 = {
      ...API,
      l2Announcements: {
        enabled: true,
        leaseDuration: Duration.seconds(3),
        leaseRenewDeadline: Duration.seconds(1),
        leaseRetryPeriod: Duration.millis(200),
      },
    };
    expectOne(
      { ...L2, k8sClientQps: 5, k8sClientBurst: 40 },
      'k8sClientQps',
      '5',
      'leave k8sClientQps out for 20, or set it to 20 or more',
    );
    expect(lines({ ...L2, k8sClientQps: 5, k8sClientBurst: 40 })[0]).toContain(
      '10 + 10 announced Service(s) ÷ 1s lease renew deadline = 20; it is even below the chart default 10',
    );
    expectOne(
      { ...L2, k8sClientQps: 15 },
      'k8sClientQps',
      '15',
      'or set l2Announcements.announcedServices to the real number',
    );
    expect(
      lines({ ...L2, l2Announcements: { ...L2.l2Announcements, announcedServices: 2 }, k8sClientQps: 15 }),
    ).toEqual([]);
  });

  test('L2 announcements with a client burst below the chart default', () => {
    expectOne(
      { ...API, l2Announcements: { enabled: true }, k8sClientBurst: 10 },
      'k8sClientBurst',
      '10',
      'leave k8sClientBurst out for 24, or set it to 20 or more',
    );
  });

  test('announcedServices while L2 announcements are off, or not a positive whole number', () => {
    expectOne(
      { ...API, l2Announcements: { announcedServices: 5 } },
      'l2Announcements.announcedServices',
      '5',
      'set l2Announcements.enabled: true',
    );
    expectOne(
      { ...API, l2Announcements: { enabled: true, announcedServices: 0 } },
      'l2Announcements.announcedServices',
      '0',
      'give the number of LoadBalancer Services announced over L2',
    );
  });

  test('Envoy stream idle timeout that is not whole seconds, or set without the L7 proxy', () => {
    expectOne(
      { ...API, envoy: { streamIdleTimeout: Duration.millis(1500) } },
      'envoy.streamIdleTimeout',
      'Duration(1.5s)',
      'use Duration.seconds(2)',
    );
    expectOne(
      { ...API, envoy: { streamIdleTimeout: Duration.seconds(0) } },
      'envoy.streamIdleTimeout',
      'Duration(0s)',
      'use e.g. Duration.seconds(5)',
    );
    expectOne(
      { ...API, l7Proxy: false, envoy: { streamIdleTimeout: Duration.minutes(10) } },
      'envoy.streamIdleTimeout',
      'Duration(600s)',
      'set l7Proxy: true, or remove envoy',
    );
  });

  test('client burst below qps', () => {
    expectOne(
      { ...API, k8sClientQps: 50, k8sClientBurst: 10 },
      'k8sClientBurst',
      '10',
      'set k8sClientBurst to 50 or more',
    );
  });

  test('every problem is reported at once', () => {
    const found = lines({
      ...NO_KPR,
      loadBalancer: { mode: 'dsr', acceleration: 'native', algorithm: 'maglev', maglevTableSize: 7 },
      gatewayApi: true,
      l2Announcements: { enabled: true },
      bpfMasquerade: true,
    });
    expect(found.map((l) => l.split(':')[0])).toEqual([
      'loadBalancer.maglevTableSize',
      'loadBalancer.algorithm',
      'loadBalancer.mode',
      'loadBalancer.acceleration',
      'bpfMasquerade',
      'gatewayApi',
      'l2Announcements.enabled',
    ]);
  });
});
