import * as fs from 'fs';
import { App, Chart, Duration, Testing, Yaml } from 'cdk8s';
import { CiliumCluster, CiliumClusterConstructProps } from '../../lib/k8s/cilium/cilium-cluster';
import { selectorsMayOverlap } from '../../lib/model/cilium/selector';
import { DefinitionError } from '../../lib/model/problems';
import { BARE_METAL } from './fixtures';

/** Bare-metal cluster: the values profile plus one pool announced over L2. */
const L2_CLUSTER: CiliumClusterConstructProps = {
  ...BARE_METAL,
  loadBalancerIpPools: [
    {
      name: 'public',
      blocks: [{ cidr: '192.168.10.240/28' }, { start: '192.168.10.200', stop: '192.168.10.210' }],
      serviceSelector: { matchLabels: { 'lb.example.com/pool': 'public' } },
    },
  ],
  l2AnnouncementPolicies: [
    {
      name: 'workers',
      interfaces: ['^eth[0-9]+$'],
      nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] },
    },
  ],
};

/** Same cluster announcing over BGP instead of L2. */
/** Every Service: no Service carries this label with the value "true". */
const EVERY_SERVICE = {
  matchExpressions: [{ key: 'bgp.example.com/skip', operator: 'NotIn' as const, values: ['true'] }],
};

const BGP_CLUSTER: CiliumClusterConstructProps = {
  ...BARE_METAL,
  l2Announcements: undefined,
  bgpControlPlane: true,
  loadBalancerIpPools: [{ name: 'public', blocks: [{ cidr: '203.0.113.0/26' }, { cidr: '2001:db8:10::/120' }] }],
  bgp: {
    nodeSelector: { matchLabels: { 'bgp.example.com/speaker': 'true' } },
    instances: [
      {
        name: 'as65010',
        localAsn: 65010,
        peers: [{ name: 'tor-1', peerAsn: 65000, peerAddress: '192.168.10.1', peerConfig: 'tor' }],
      },
    ],
    peerConfigs: [
      {
        name: 'tor',
        families: ['ipv4', 'ipv6'],
        advertisementLabels: { advertise: 'public' },
        holdTime: Duration.seconds(9),
        keepAliveTime: Duration.seconds(3),
        gracefulRestartTime: Duration.seconds(120),
      },
    ],
    advertisements: [
      {
        name: 'public-services',
        labels: { advertise: 'public' },
        advertisements: [{ type: 'Service', communities: ['65010:100'], selector: EVERY_SERVICE }],
      },
    ],
  },
};

function synth(props: CiliumClusterConstructProps) {
  const chart = Testing.chart();
  const cluster = new CiliumCluster(chart, 'cilium', props);
  return { cluster, objects: Testing.synth(chart) };
}

function problemsOf(props: CiliumClusterConstructProps): string[] {
  try {
    synth(props);
  } catch (e) {
    if (e instanceof DefinitionError)
      return e.problems.map((p) => `${p.field}: ${p.message} (received ${JSON.stringify(p.value)}). Fix: ${p.fix}`);
    throw e;
  }
  return [];
}

describe('CiliumCluster with L2 announcements', () => {
  const { cluster, objects } = synth(L2_CLUSTER);

  test('renders one v2 pool and one v2alpha1 L2 policy, nothing else', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'cilium.io/v2 CiliumLoadBalancerIPPool public',
      'cilium.io/v2alpha1 CiliumL2AnnouncementPolicy workers',
    ]);
  });

  test('pool blocks, selector and defaults: an L2-announced pool reserves the first and last IPs of its CIDRs (explicit No: the CRD reads unset as Yes)', () => {
    expect(objects[0].spec).toEqual({
      allowFirstLastIPs: 'No',
      blocks: [{ cidr: '192.168.10.240/28' }, { start: '192.168.10.200', stop: '192.168.10.210' }],
      serviceSelector: { matchLabels: { 'lb.example.com/pool': 'public' } },
    });
    expect(cluster.spec.pools[0]).toMatchObject({ l2Announced: true, allowFirstLastIps: false });
  });

  test("allowFirstLastIPs: Yes when set, when no L2 policy can select the pool's Services, or when L2 announcements only cover other pools; unset for range-only pools", () => {
    const pools = (props: Partial<CiliumClusterConstructProps>) =>
      synth({ ...L2_CLUSTER, ...props })
        .objects.filter((o) => o.kind === 'CiliumLoadBalancerIPPool')
        .map((o) => [o.metadata.name, o.spec.allowFirstLastIPs]);
    expect(
      pools({
        loadBalancerIpPools: [{ name: 'lan', blocks: [{ cidr: '192.168.10.16/28' }], allowFirstLastIps: true }],
      }),
    ).toEqual([['lan', 'Yes']]);
    expect(
      pools({
        loadBalancerIpPools: [
          {
            name: 'public',
            blocks: [{ cidr: '192.168.10.240/28' }],
            serviceSelector: { matchLabels: { pool: 'public' } },
          },
          {
            name: 'routed',
            blocks: [{ cidr: '203.0.113.0/28' }],
            serviceSelector: { matchLabels: { pool: 'routed' } },
          },
          {
            name: 'range',
            blocks: [{ start: '192.168.10.200', stop: '192.168.10.210' }],
            serviceSelector: { matchLabels: { pool: 'public' } },
          },
        ],
        l2AnnouncementPolicies: [
          {
            name: 'public',
            serviceSelector: { matchExpressions: [{ key: 'pool', operator: 'In', values: ['public'] }] },
          },
        ],
      }),
    ).toEqual([
      ['public', 'No'],
      ['routed', 'Yes'],
      ['range', undefined],
    ]);
    // A policy that announces only external IPs does not announce pool addresses.
    expect(pools({ l2AnnouncementPolicies: [{ name: 'ext', loadBalancerIps: false, externalIps: true }] })).toEqual([
      ['public', 'Yes'],
    ]);
  });

  test('L2 policy announces LoadBalancer IPs only, on eth interfaces of worker nodes', () => {
    expect(objects[1].spec).toEqual({
      externalIPs: false,
      interfaces: ['^eth[0-9]+$'],
      loadBalancerIPs: true,
      nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] },
    });
  });

  test('the values enable L2 announcements and are exposed as a construct', () => {
    expect(cluster.values.values.l2announcements.enabled).toBe(true);
    expect(cluster.values.fileName).toBe('cilium-values.yaml');
  });

  test('objects are written for schema validation when asked', () => {
    if (process.env.CILIUM_OBJECTS_OUT)
      fs.writeFileSync(process.env.CILIUM_OBJECTS_OUT, Yaml.stringify(...objects, ...synth(BGP_CLUSTER).objects));
    expect(objects).toHaveLength(2);
  });
});

describe('CiliumCluster with BGP', () => {
  const { objects } = synth(BGP_CLUSTER);
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);

  test('a BGP-only pool keeps its first and last IPs (explicit Yes, routed /32s have no broadcast)', () => {
    expect(byKind('CiliumLoadBalancerIPPool')[0].spec.allowFirstLastIPs).toBe('Yes');
  });

  test('renders pool, cluster config, peer config and advertisement, all cilium.io/v2', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)).toEqual([
      'cilium.io/v2 CiliumLoadBalancerIPPool public',
      'cilium.io/v2 CiliumBGPClusterConfig cilium-bgp',
      'cilium.io/v2 CiliumBGPPeerConfig tor',
      'cilium.io/v2 CiliumBGPAdvertisement public-services',
    ]);
  });

  test('the cluster config peers with the router through the named peer config', () => {
    expect(byKind('CiliumBGPClusterConfig')[0].spec).toEqual({
      nodeSelector: { matchLabels: { 'bgp.example.com/speaker': 'true' } },
      bgpInstances: [
        {
          name: 'as65010',
          localASN: 65010,
          peers: [{ name: 'tor-1', peerASN: 65000, peerAddress: '192.168.10.1', peerConfigRef: { name: 'tor' } }],
        },
      ],
    });
  });

  test('the peer config selects the advertisement by its labels, for both families', () => {
    const peer = byKind('CiliumBGPPeerConfig')[0];
    const advert = byKind('CiliumBGPAdvertisement')[0];
    expect(peer.spec.families).toEqual([
      { afi: 'ipv4', safi: 'unicast', advertisements: { matchLabels: { advertise: 'public' } } },
      { afi: 'ipv6', safi: 'unicast', advertisements: { matchLabels: { advertise: 'public' } } },
    ]);
    expect(advert.metadata.labels).toEqual(peer.spec.families[0].advertisements.matchLabels);
    expect(peer.spec.timers).toEqual({ holdTimeSeconds: 9, keepAliveTimeSeconds: 3 });
    expect(peer.spec.gracefulRestart).toEqual({ enabled: true, restartTimeSeconds: 120 });
  });

  test('the advertisement announces LoadBalancer IPs with a community', () => {
    expect(byKind('CiliumBGPAdvertisement')[0].spec).toEqual({
      advertisements: [
        {
          advertisementType: 'Service',
          service: { addresses: ['LoadBalancerIP'] },
          selector: EVERY_SERVICE,
          attributes: { communities: { standard: ['65010:100'] } },
        },
      ],
    });
  });
});

describe('CiliumCluster: rejected definitions', () => {
  test('L2 policies while L2 announcements are off', () => {
    const found = problemsOf({ ...L2_CLUSTER, l2Announcements: { enabled: false } });
    expect(found).toEqual([
      expect.stringMatching(
        /^l2Announcements.enabled: is off, so the 1 L2 announcement policy is ignored \(received false\)\. Fix: set l2Announcements.enabled: true/,
      ),
    ]);
  });

  test('BGP objects while the BGP control plane is off', () => {
    const found = problemsOf({ ...BGP_CLUSTER, bgpControlPlane: false });
    expect(found).toEqual([
      expect.stringMatching(
        /^bgpControlPlane: is off, so the BGP cluster config.*\(received false\)\. Fix: set bgpControlPlane: true/,
      ),
    ]);
  });

  test('the error names the construct path and lists every problem', () => {
    const chart = Testing.chart();
    new CiliumCluster(chart, 'cilium', {
      ...L2_CLUSTER,
      l2Announcements: undefined,
      kubeProxyReplacement: false,
      k8sServiceHost: undefined,
      k8sServicePort: undefined,
    });
    expect(() => Testing.synth(chart)).toThrow(
      /problem\(s\) in test\/cilium:\n(.|\n)*\[test\/cilium\] loadBalancer.algorithm(.|\n)*\[test\/cilium\] l2Announcements.enabled: is off/,
    );
  });

  test('pool blocks: bad CIDR, host bits, reversed range, mixed families, overlap inside and across pools', () => {
    const found = problemsOf({
      ...L2_CLUSTER,
      loadBalancerIpPools: [
        {
          name: 'a',
          blocks: [
            { cidr: '192.168.10.0/33' },
            { cidr: '192.168.10.5/24' },
            { start: '192.168.20.9', stop: '192.168.20.1' },
            { start: '192.168.30.1', stop: 'fd00::1' },
          ],
        },
        { name: 'b', blocks: [{ cidr: '192.168.40.0/24' }, { start: '192.168.40.10', stop: '192.168.40.20' }] },
        { name: 'c', blocks: [{ cidr: '192.168.40.128/25' }] },
        { name: 'd', blocks: [] },
      ],
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^loadBalancerIpPools\[0\].blocks\[0\].cidr: is not a CIDR: it has a prefix length outside 0..32 \(received "192.168.10.0\/33"\)\. Fix: write address\/prefix/,
      ),
      expect.stringMatching(
        /^loadBalancerIpPools\[0\].blocks\[1\].cidr: has host bits set.*\(received "192.168.10.5\/24"\)\. Fix: use the network address/,
      ),
      expect.stringMatching(
        /^loadBalancerIpPools\[0\].blocks\[2\].stop: comes before start "192.168.20.9" \(received "192.168.20.1"\)\. Fix: swap start and stop/,
      ),
      expect.stringMatching(
        /^loadBalancerIpPools\[0\].blocks\[3\].stop: is not of the same address family as start \(received "fd00::1"\)/,
      ),
      expect.stringMatching(
        /^loadBalancerIpPools\[1\].blocks\[1\]: overlaps blocks\[0\] of the same pool.*Fix: remove or shrink/,
      ),
      expect.stringMatching(/^loadBalancerIpPools\[3\].blocks: must list at least one block \(received \[\]\)/),
      expect.stringMatching(
        /^loadBalancerIpPools\[2\].blocks: overlaps pool "b": LB IPAM marks both pools as conflicting.*Fix: make the pools' blocks disjoint/,
      ),
    ]);
  });

  test('pool inside the pod CIDR', () => {
    const found = problemsOf({
      ...L2_CLUSTER,
      loadBalancerIpPools: [{ name: 'pods', blocks: [{ cidr: '10.244.255.0/28' }] }],
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^loadBalancerIpPools\[0\].blocks: overlaps the pod CIDR 10.244.0.0\/16 \(ipam\): LB IPAM could give a Service an address a pod already has \(received \[\{"cidr":"10.244.255.0\/28"\}\]\)\. Fix: take pool addresses from outside the pod CIDRs/,
      ),
    ]);
  });

  test('allowFirstLastIps on a pool of start/stop ranges only', () => {
    const found = problemsOf({
      ...L2_CLUSTER,
      loadBalancerIpPools: [
        { name: 'r', blocks: [{ start: '192.168.10.200', stop: '192.168.10.210' }], allowFirstLastIps: false },
      ],
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^loadBalancerIpPools\[0\].allowFirstLastIps: has no effect: it applies to CIDR blocks, and the pool has only start\/stop ranges \(received false\)\. Fix: remove allowFirstLastIps/,
      ),
    ]);
  });

  test('IPv6 pool announced only over L2', () => {
    const found = problemsOf({
      ...L2_CLUSTER,
      loadBalancerIpPools: [{ name: 'v6', blocks: [{ cidr: 'fd00:10::/120' }] }],
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^loadBalancerIpPools\[0\].blocks: holds IPv6 addresses, which L2 announcements cannot announce.*Fix: use IPv4 blocks, or announce the pool with bgp/,
      ),
    ]);
  });

  test('L2 policy that announces nothing, bad interface regex, bad selector', () => {
    const found = problemsOf({
      ...L2_CLUSTER,
      l2AnnouncementPolicies: [
        {
          name: 'x',
          loadBalancerIps: false,
          interfaces: ['eth('],
          serviceSelector: { matchExpressions: [{ key: 'tier', operator: 'In' }] },
        },
      ],
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^l2AnnouncementPolicies\[0\].interfaces\[0\]: is not a valid RE2 regular expression .*\(received "eth\("\)/,
      ),
      expect.stringMatching(
        /^l2AnnouncementPolicies\[0\].loadBalancerIps: and externalIps are both off.*\(received false\)\. Fix: set loadBalancerIps: true/,
      ),
      expect.stringMatching(
        /^l2AnnouncementPolicies\[0\].serviceSelector.matchExpressions\[0\].values: must list at least one value for operator In.*Fix: add the values/,
      ),
    ]);
  });

  test('BGP: ASN out of range, bad peer address, unknown peer config, labels matching no advertisement, keepalive above hold time, selector on PodCIDR, bad community, Service advertisement without a selector', () => {
    const found = problemsOf({
      ...BGP_CLUSTER,
      bgp: {
        instances: [
          {
            name: 'i',
            localAsn: 0,
            peers: [{ name: 'p', peerAsn: 4294967296, peerAddress: '192.168.10.300', peerConfig: 'missing' }],
          },
        ],
        peerConfigs: [
          {
            name: 'tor',
            advertisementLabels: { advertise: 'nothing' },
            holdTime: Duration.seconds(9),
            keepAliveTime: Duration.seconds(10),
          },
        ],
        advertisements: [
          {
            name: 'pods',
            labels: { advertise: 'pods' },
            advertisements: [
              { type: 'PodCIDR', selector: { matchLabels: { a: 'b' } }, communities: ['70000:1'] },
              { type: 'Service' },
            ],
          },
        ],
      },
    });
    expect(found).toEqual([
      expect.stringMatching(
        /^bgp.instances\[0\].localAsn: must be a whole number between 1 and 4294967295 \(received 0\)\. Fix: use your AS number/,
      ),
      expect.stringMatching(/^bgp.instances\[0\].peers\[0\].peerAsn: .*\(received 4294967296\)/),
      expect.stringMatching(
        /^bgp.instances\[0\].peers\[0\].peerAddress: is not an IPv4 or IPv6 address \(received "192.168.10.300"\)/,
      ),
      expect.stringMatching(
        /^bgp.instances\[0\].peers\[0\].peerConfig: names no entry of peerConfigs \(received "missing"\)\. Fix: add a peer config named "missing", or use one of \["tor"\]/,
      ),
      expect.stringMatching(
        /^bgp.peerConfigs\[0\].advertisementLabels: match no declared advertisement.*Fix: give an advertisement the labels \{"advertise":"nothing"\}/,
      ),
      expect.stringMatching(/^bgp.peerConfigs\[0\].keepAliveTime: must not be longer than the hold time \(9s\)/),
      expect.stringMatching(
        /^bgp.advertisements\[0\].advertisements\[0\].selector: is not allowed for PodCIDR advertisements/,
      ),
      expect.stringMatching(
        /^bgp.advertisements\[0\].advertisements\[0\].communities\[0\]: is not a standard community.*\(received "70000:1"\)/,
      ),
      expect.stringMatching(
        /^bgp.advertisements\[0\].advertisements\[1\].selector: is missing: without a selector Cilium advertises no Service \(received undefined\)\. Fix: select the Services/,
      ),
    ]);
  });
});

describe('CiliumCluster in an app', () => {
  test('cdk8s writes the CRD objects; the values stay out of the chart file', () => {
    const app = new App({ outdir: fs.mkdtempSync('/tmp/cilium-app-') });
    new CiliumCluster(new Chart(app, 'cluster'), 'cilium', L2_CLUSTER);
    app.synth();
    const docs = Yaml.load(`${app.outdir}/cluster.k8s.yaml`);
    expect(docs.map((d: { kind: string }) => d.kind)).toEqual([
      'CiliumLoadBalancerIPPool',
      'CiliumL2AnnouncementPolicy',
    ]);
  });
});

describe('selectorsMayOverlap', () => {
  test('disjoint only when no label set matches both', () => {
    expect(selectorsMayOverlap(undefined, { matchLabels: { pool: 'a' } })).toBe(true);
    expect(selectorsMayOverlap({ matchLabels: { pool: 'a' } }, { matchLabels: { tier: 'web' } })).toBe(true);
    expect(selectorsMayOverlap({ matchLabels: { pool: 'a' } }, { matchLabels: { pool: 'b' } })).toBe(false);
    expect(
      selectorsMayOverlap(
        { matchLabels: { pool: 'a' } },
        { matchExpressions: [{ key: 'pool', operator: 'In', values: ['a', 'b'] }] },
      ),
    ).toBe(true);
    expect(
      selectorsMayOverlap(
        { matchLabels: { pool: 'a' } },
        { matchExpressions: [{ key: 'pool', operator: 'NotIn', values: ['a'] }] },
      ),
    ).toBe(false);
    expect(
      selectorsMayOverlap(
        { matchLabels: { pool: 'a' } },
        { matchExpressions: [{ key: 'pool', operator: 'DoesNotExist' }] },
      ),
    ).toBe(false);
    expect(
      selectorsMayOverlap(
        { matchExpressions: [{ key: 'pool', operator: 'Exists' }] },
        { matchExpressions: [{ key: 'pool', operator: 'DoesNotExist' }] },
      ),
    ).toBe(false);
    expect(
      selectorsMayOverlap(
        { matchExpressions: [{ key: 'pool', operator: 'In', values: ['a'] }] },
        { matchExpressions: [{ key: 'pool', operator: 'In', values: ['b'] }] },
      ),
    ).toBe(false);
  });
});
