import { Probe, TrafficApp, TrafficAppProps } from '../../lib';
import type { ExposureSpec, IExposure } from '../../lib';
import { Dataplane, KubernetesDataplaneProps, LbIpamService, traits } from '../../lib';
import { checkPinnedIps } from '../../lib/model/dataplane/cilium-service';
import { resolveIpPool } from '../../lib/model/cilium/lb-ipam';
import { IngressExposure } from '../../lib/model/exposure/index';
import { Problems, formatProblem } from '../../lib/model/problems';

const BASE: TrafficAppProps = {
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/acme/web:1.0.0',
  ports: [
    { name: 'http', port: 8080 },
    { name: 'stats', port: 9125, protocol: 'UDP' },
    { name: 'admin', port: 9000, appProtocol: 'tcp' },
  ],
  readiness: Probe.httpGet('/health', { port: 'http' }),
  service: {
    ports: [
      { name: 'http', port: 80, targetPort: 'http' },
      { name: 'stats', port: 9125, targetPort: 'stats' },
      { name: 'admin', port: 9000, targetPort: 'admin' },
    ],
  },
};
const CILIUM_INGRESS = [IngressExposure.withClass({ className: 'cilium' })];

/** The problems of a definition, each formatted as one line (field, message, received value, fix). */
function problems(props: Partial<TrafficAppProps>): string[] {
  return TrafficApp.define({ ...BASE, ...props })
    .resolve()
    .problems.map(formatProblem);
}

describe('dataplane: rejected definitions name the field, the value received and the fix', () => {
  test('L7 rule on a UDP port', () => {
    expect(
      problems({ expose: CILIUM_INGRESS, dataplane: Dataplane.cilium({ l7: [{ method: 'GET', port: 'stats' }] }) }),
    ).toEqual([
      'dataplane.l7[0].port: port stats (9125) is not an HTTP port (UDP), so HTTP rules cannot apply to it (received "stats"). Fix: apply L7 rules to a plain HTTP port, or remove the rule',
    ]);
  });

  test('L7 rule on a TCP port whose appProtocol is not HTTP', () => {
    expect(
      problems({ expose: CILIUM_INGRESS, dataplane: Dataplane.cilium({ l7: [{ path: '/x', port: 9000 }] }) }),
    ).toEqual([
      'dataplane.l7[0].port: port admin (9000) is not an HTTP port (TCP, appProtocol tcp), so HTTP rules cannot apply to it (received 9000). Fix: apply L7 rules to a plain HTTP port, or remove the rule',
    ]);
  });

  test('L7 rules when no HTTP port is reached', () => {
    const lines = problems({
      ports: [{ name: 'db', port: 5432 }],
      readiness: Probe.tcpSocket({ port: 'db' }),
      service: undefined,
      expose: CILIUM_INGRESS,
      dataplane: Dataplane.cilium({ l7: [{ method: 'GET' }] }),
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^dataplane\.l7\[0\]: the ports that traffic reaches \(5432\) include no plain HTTP port.*received \{"method":"GET"\}\)\. Fix: set `appProtocol: 'http'`/,
      ),
    ]);
  });

  test('an L7 allow-list on Dataplane.kubernetes()', () => {
    const props = { l7: [{ method: 'GET' }] } as unknown as KubernetesDataplaneProps;
    expect(problems({ dataplane: Dataplane.kubernetes(props) })).toEqual([
      'dataplane.l7: a plain Kubernetes NetworkPolicy has no L7 (HTTP) rules (received [{"method":"GET"}]). Fix: use Dataplane.cilium({ l7 }) on a cluster running Cilium, or remove `l7`',
    ]);
  });

  test('an empty allowFrom list, and an entry with neither namespace nor labels', () => {
    expect(problems({ dataplane: Dataplane.cilium({ policy: { allowFrom: [] } }) })).toEqual([
      'dataplane.policy.allowFrom: an empty list allows no client (received []). Fix: leave `allowFrom` out, or list clients, e.g. [{ namespace: "shop", labels: { app: "checkout" } }]',
    ]);
    expect(problems({ dataplane: Dataplane.kubernetes({ allowFrom: [{ labels: {} }] }) })).toEqual([
      'dataplane.allowFrom[0]: an entry with neither namespace nor labels allows every pod of the app\'s namespace (received {"labels":{}}). Fix: name the clients: labels (e.g. { labels: { app: "checkout" } }), or the whole namespace explicitly ({ namespace: "shop" })',
    ]);
  });

  test('L7 rules with the policy switched off; an empty L7 rule; a path that is not a path regex', () => {
    expect(problems({ dataplane: Dataplane.cilium({ policy: false, l7: [{ method: 'GET' }] }) })).toEqual([
      'dataplane.l7: L7 rules are part of the network policy, which is switched off (`policy: false`) (received [{"method":"GET"}]). Fix: remove `l7`, or the `policy: false`',
    ]);
    const lines = problems({ expose: CILIUM_INGRESS, dataplane: Dataplane.cilium({ l7: [{}, { path: 'v1/(' }] }) });
    expect(lines).toContain(
      'dataplane.l7[0]: a rule with neither method nor path allows every request, which makes the allow-list pointless (received {}). Fix: give a method and/or a path, or remove `l7`',
    );
    expect(lines).toContain(
      'dataplane.l7[1].path: must be a regex starting with "/" (Cilium matches it against the whole path) (received "v1/("). Fix: use e.g. "/v1/.*"',
    );
  });

  test('Cilium Ingress class with a plain NetworkPolicy; an unknown controller class', () => {
    expect(problems({ expose: CILIUM_INGRESS, dataplane: Dataplane.kubernetes() })).toEqual([
      'expose[0]: Ingress "web" is served by Cilium\'s Envoy, which has no pod labels a plain NetworkPolicy could select (it is Cilium\'s `ingress` entity) (received "cilium"). Fix: use Dataplane.cilium() for this app',
    ]);
    expect(
      problems({ expose: [IngressExposure.withClass({ className: 'haproxy' })], dataplane: Dataplane.cilium() }),
    ).toEqual([
      'dataplane.policy.controllers: the policy does not know the proxy pods of the class of Ingress "web" (known: cilium, nginx, traefik) (received "haproxy"). Fix: add `controllers: { \'haproxy\': { namespace: \'<controller namespace>\', labels: { ... } } }` to the policy',
    ]);
  });

  test('Service annotations: no LoadBalancer Service, bad address, two IPv4 addresses, mesh options without global', () => {
    expect(problems({ dataplane: Dataplane.cilium({ service: { sharingKey: 'a' } }) })).toEqual([
      'dataplane.service: Cilium reads these annotations on LoadBalancer Services, and the app has none (received {"sharingKey":"a"}). Fix: add a LoadBalancer Service exposure to `expose`, or remove `service`',
    ]);
    expect(
      problems({
        expose: [LbIpamService.create()],
        dataplane: Dataplane.cilium({ service: { ips: ['10.0.0.0/24', '10.0.0.1', '10.0.0.2'], affinity: 'local' } }),
      }),
    ).toEqual([
      'dataplane.service.ips[0]: is not an IPv4 or IPv6 address (a CIDR or range is not allowed here) (received "10.0.0.0/24"). Fix: give one address, e.g. "192.168.10.240"',
      'dataplane.service.ips[2]: is a second ipv4 address (ips[1] is one): a Service gets one address per family (received "10.0.0.2"). Fix: pin one IPv4 and at most one IPv6 address',
      'dataplane.service.affinity: only applies to a global (cluster mesh) Service (received "local"). Fix: set `global: true`, or remove `affinity`',
    ]);
  });

  test('egress: two destinations in one rule; DNS names with a plain NetworkPolicy; kube-apiserver entity with a plain NetworkPolicy', () => {
    expect(
      problems({
        dataplane: Dataplane.cilium({ policy: { egress: [{ toCidrs: ['10.0.0.0/8'], toFqdns: ['a.example.com'] }] } }),
      }),
    ).toEqual([
      'dataplane.policy.egress[0]: names toCidrs and toFqdns; a rule has one kind of destination (received {"toCidrs":["10.0.0.0/8"],"toFqdns":["a.example.com"]}). Fix: give exactly one of toPods, toCidrs, toFqdns, toEntities (one rule each)',
    ]);
    expect(
      problems({
        dataplane: Dataplane.kubernetes({
          egress: [{ toFqdns: ['a.example.com'] }, { toEntities: ['kube-apiserver'] }],
        }),
      }),
    ).toEqual([
      'dataplane.egress[0].toFqdns: DNS-name destinations are a Cilium feature; a plain NetworkPolicy matches addresses only (received ["a.example.com"]). Fix: use toCidrs, or Dataplane.cilium()',
      'dataplane.egress[1].toEntities[0]: is a Cilium identity a plain NetworkPolicy cannot name (received "kube-apiserver"). Fix: use toCidrs or toPods, or Dataplane.cilium() (\'world\' is allowed: 0.0.0.0/0 and ::/0)',
    ]);
  });

  test('an exposure kind of its own is admitted from the fronts its traits declare', () => {
    const custom: IExposure = {
      kind: 'test-tunnel',
      resolve: (): ExposureSpec => ({
        kind: 'test-tunnel',
        name: 'tunnel',
        traits: traits({
          label: 'tunnel',
          reach: 'internet',
          hosts: [],
          fronts: [
            {
              why: 'tunnel',
              from: { kind: 'peer', peer: { kind: 'cidrs', cidrs: ['10.1.0.0/16'] } },
              ports: [{ port: 8080, protocol: 'TCP' }],
              healthChecks: [],
            },
          ],
        }),
      }),
    };
    const spec = TrafficApp.define({ ...BASE, expose: [custom], dataplane: Dataplane.cilium() }).resolve();
    expect(spec.problems).toEqual([]);
    expect(spec.spec.dataplane?.policy?.ingress.map((r) => [r.why, r.from, r.ports])).toEqual([
      ['tunnel', { kind: 'cidrs', cidrs: ['10.1.0.0/16'] }, [{ port: 8080, protocol: 'TCP' }]],
    ]);
  });

  test('allowFrom l7: on a plain NetworkPolicy, an empty list, a port the entry does not reach, and a dataplane l7 left with no source', () => {
    const scraper = { namespace: 'monitoring', labels: { app: 'prometheus' }, ports: ['http'] };
    expect(
      problems({ dataplane: Dataplane.kubernetes({ allowFrom: [{ ...scraper, l7: [{ method: 'GET' }] }] }) }),
    ).toEqual([
      'dataplane.allowFrom[0].l7: a plain Kubernetes NetworkPolicy has no L7 (HTTP) rules (received [{"method":"GET"}]). Fix: use Dataplane.cilium() on a cluster running Cilium, or remove `l7`',
    ]);
    expect(problems({ dataplane: Dataplane.cilium({ policy: { allowFrom: [{ ...scraper, l7: [] }] } }) })).toEqual([
      "dataplane.policy.allowFrom[0].l7: an empty list is ambiguous (no request allowed, or no L7 check?) (received []). Fix: leave `l7` out to apply the dataplane's l7 to this client, or list the requests it may make",
    ]);
    const web = {
      ...BASE,
      ports: [
        { name: 'http', port: 8080 },
        { name: 'http-admin', port: 8081 },
      ],
      service: {
        ports: [
          { name: 'http', port: 80, targetPort: 'http' },
          { name: 'admin', port: 81, targetPort: 'http-admin' },
        ],
      },
    };
    expect(
      problems({
        ...web,
        dataplane: Dataplane.cilium({
          policy: { allowFrom: [{ ...scraper, l7: [{ method: 'GET', port: 'http-admin' }] }] },
        }),
      }),
    ).toEqual([
      'dataplane.policy.allowFrom[0].l7[0].port: port http-admin (8081) is not among the ports this allowFrom entry reaches, so the rule would never apply (received "http-admin"). Fix: add the port to the entry\'s `ports`, or apply the rule to one of them',
    ]);
    expect(
      problems({
        dataplane: Dataplane.cilium({
          l7: [{ path: '/v1/.*' }],
          policy: { allowFrom: [{ ...scraper, l7: [{ path: '/metrics' }] }] },
        }),
      }),
    ).toEqual([
      'dataplane.l7: applies to no traffic source: every allowFrom entry has its own l7 and there is no exposure path (received [{"path":"/v1/.*"}]). Fix: remove `l7`, or the entries\' own l7',
    ]);
  });

  test('checkPinnedIps: outside every pool, and in a disabled pool', () => {
    const p = new Problems();
    const pools = [resolveIpPool({ name: 'a', blocks: [{ cidr: '10.9.0.0/30' }], disabled: true }, p, 'pools[0]')];
    checkPinnedIps(p, 'ips', ['10.9.0.1', '10.8.0.1'], pools, {});
    expect(p.lines()).toEqual([
      'ips[0]: lies in a pool the Service cannot use (a is disabled) (received "10.9.0.1"). Fix: label the Service to match the pool\'s serviceSelector (`labels` of the exposure), enable the pool, or pin an address that is not the first or last of a CIDR block',
      'ips[1]: is in no CiliumLoadBalancerIPPool (pools: a (10.9.0.0/30)), so LB IPAM never assigns it and the Service stays pending (received "10.8.0.1"). Fix: pin an address inside a pool, or add a block holding it to a pool',
    ]);
  });

  test('checkPinnedIps: the first or last address of a CIDR block of an L2-announced pool (reserved), but not of a /31 or of a start/stop range', () => {
    const p = new Problems();
    const pools = [
      resolveIpPool(
        {
          name: 'lan',
          blocks: [
            { cidr: '192.168.10.240/28' },
            { cidr: '192.168.10.230/31' },
            { start: '192.168.10.200', stop: '192.168.10.210' },
          ],
        },
        p,
        'pools[0]',
        true,
      ),
    ];
    checkPinnedIps(
      p,
      'ips',
      [
        '192.168.10.255',
        '192.168.10.240',
        '192.168.10.241',
        '192.168.10.230',
        '192.168.10.231',
        '192.168.10.200',
        '192.168.10.210',
      ],
      pools,
      {},
    );
    expect(p.lines()).toEqual([
      'ips[0]: lies in a pool the Service cannot use (lan reserves the first and last address of its CIDR blocks (allowFirstLastIps: false)) (received "192.168.10.255"). Fix: label the Service to match the pool\'s serviceSelector (`labels` of the exposure), enable the pool, or pin an address that is not the first or last of a CIDR block',
      expect.stringMatching(
        /^ips\[1\]: lies in a pool the Service cannot use \(lan reserves the first and last address .*\(received "192.168.10.240"\)\. Fix: .*pin an address that is not the first or last of a CIDR block$/,
      ),
    ]);
    const allowed = new Problems();
    checkPinnedIps(
      allowed,
      'ips',
      ['192.168.10.255'],
      [
        resolveIpPool(
          { name: 'lan', blocks: [{ cidr: '192.168.10.240/28' }], allowFirstLastIps: true },
          allowed,
          'pools[0]',
          true,
        ),
      ],
      {},
    );
    expect(allowed.lines()).toEqual([]);
  });
});
