import { App, Chart, Duration, Testing } from 'cdk8s';
import {
  Dataplane,
  IngressExposure,
  LbIpamService,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  TrafficProfile,
} from '../../lib';
import { CiliumCluster, CiliumClusterConstructProps } from '../../lib/k8s/cilium';
import { resolveApps } from '../../lib/resolve/resolve-apps';
import { streamingChain } from '../../lib/model/traffic/streaming-chain';
import { chainRows } from '../../lib/map/chain';
import { BARE_METAL_CLUSTER } from '../../apps/bare-metal';
import { base, errorLines, lineFor, problemsOf } from '../declared/support';

/**
 * Cilium's L7 policy proxy (Envoy): the CiliumNetworkPolicy's HTTP rules put it in the path of the app's requests, with
 * the cluster's timeouts (300 s stream idle, 3600 s request) and retries (every 5xx, 3 more times) whatever the
 * definition says; `dataplane.proxy` declares what the cluster configures instead.
 */
const L7 = [{ method: 'GET|POST', path: '/events.*' }];
const streaming = (minutes: number): TrafficAppProps['traffic'] => ({
  profile: TrafficProfile.STREAMING,
  maxStreamDuration: Duration.minutes(minutes),
});
const app = (over: Partial<TrafficAppProps> = {}): TrafficAppProps => ({
  ...base,
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  expose: [LbIpamService.create()],
  ...over,
});
const resolved = (props: TrafficAppProps) => resolveApps([TrafficApp.define(props)], { path: 'test' });

describe("Cilium's L7 policy proxy in the path (no CiliumCluster in the App)", () => {
  test('GIVEN L7 rules and a 20-minute stream WHEN synthesized THEN CT-TRAFFIC-070 on `dataplane`: Envoy cuts silent streams after 300 s', () => {
    const lines = problemsOf([app({ traffic: streaming(20), dataplane: Dataplane.cilium({ l7: L7 }) })]);
    const line = lineFor(lines, 'web', 'dataplane', '300');
    expect(line).toContain('[CT-TRAFFIC-070]');
    expect(line).toContain("Cilium's L7 policy proxy (Envoy) on port 8080 is left at the stream idle timeout");
    expect(line).toContain('shorter than the longest stream (1200s)');
    // the fix names where the cluster sets it
    expect(line).toContain('`envoy.streamIdleTimeoutDurationSeconds`');
    expect(lines).toHaveLength(1);
  });

  test('the same app without L7 rules (eBPF only, no proxy) or with a stream of at most 300 s is accepted', () => {
    expect(resolved(app({ traffic: streaming(20), dataplane: Dataplane.cilium() })).problems).toEqual([]);
    expect(resolved(app({ traffic: streaming(5), dataplane: Dataplane.cilium({ l7: L7 }) })).problems).toEqual([]);
  });

  test('an allowFrom entry of its own l7 puts the proxy in the path too', () => {
    const props = app({
      traffic: streaming(20),
      dataplane: Dataplane.cilium({
        policy: {
          allowFrom: [{ namespace: 'monitoring', ports: ['http'], l7: [{ method: 'GET', path: '/metrics' }] }],
        },
      }),
    });
    expect(resolved(props).problems.map((p) => `${p.ruleId} ${p.field}`)).toEqual(['CT-TRAFFIC-070 dataplane']);
  });

  test('GIVEN `proxy.streamIdleTimeout` declared THEN the chain carries it as declared, and nothing is refused', () => {
    const props = app({
      traffic: streaming(20),
      dataplane: Dataplane.cilium({ l7: L7, proxy: { streamIdleTimeout: Duration.minutes(20) } }),
    });
    const r = resolved(props);
    expect(r.problems).toEqual([]);
    const spec = r.specs[0];
    const hops = streamingChain(spec).hops.filter((h) => h.field === 'dataplane');
    expect(hops).toEqual([
      expect.objectContaining({
        timeout: 'request',
        seconds: 3600,
        source: expect.objectContaining({ kind: 'default' }),
      }),
      expect.objectContaining({
        timeout: 'stream idle',
        seconds: 1200,
        source: { kind: 'declared', field: 'dataplane.proxy.streamIdleTimeout' },
      }),
    ]);
    // the summary's chain names the proxy as a hop of its own
    expect(chainRows(spec)).toContainEqual([
      "stream chain: Cilium's L7 policy proxy (Envoy) on port 8080",
      expect.stringContaining('stream idle 1200 s (declared, dataplane.proxy.streamIdleTimeout)'),
    ]);
  });

  test('a stream longer than the 3600 s request timeout of the proxy is refused (CT-TRAFFIC-070, request)', () => {
    const props = app({
      traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: Duration.seconds(3700) },
      dataplane: Dataplane.cilium({ l7: L7, proxy: { streamIdleTimeout: Duration.seconds(3700) } }),
    });
    const found = resolved(props).problems.filter((p) => p.field === 'dataplane');
    expect(found.map((p) => p.ruleId)).toEqual(['CT-TRAFFIC-070']);
    expect(found[0].message).toContain('request timeout of');
    expect(found[0].fix).toContain('`http-request-timeout`');
  });

  test('GIVEN declared retries THEN CT-TRAFFIC-032 on `dataplane`: the proxy retries every 5xx 3 more times itself', () => {
    const r = resolved(
      app({ traffic: { retry: { attempts: 2, on: [503] } }, dataplane: Dataplane.cilium({ l7: L7 }) }),
    );
    const w = r.warnings.filter((x) => x.field === 'dataplane');
    expect(w.map((x) => x.id)).toEqual(['CT-TRAFFIC-032']);
    expect(w[0].message).toMatch(/^traffic\.retry is declared, but .* up to 3 more times .*`envoy\.httpRetryCount`/);
    // without L7 rules no proxy retries
    expect(
      resolved(app({ traffic: { retry: { attempts: 2 } }, dataplane: Dataplane.cilium() })).warnings.filter(
        (x) => x.field === 'dataplane',
      ),
    ).toEqual([]);
  });

  test('GIVEN `proxy.retries: 0` THEN the proxy adds no retry and nothing is warned; another count is named in the warning', () => {
    const retrying = (retries: number) =>
      resolved(
        app({
          traffic: { retry: { attempts: 2, on: [503] } },
          dataplane: Dataplane.cilium({ l7: L7, proxy: { retries } }),
        }),
      ).warnings.filter((x) => x.field === 'dataplane');
    expect(retrying(0)).toEqual([]);
    expect(retrying(1).map((w) => w.message)).toEqual([
      expect.stringMatching(/up to 1 more times .*as `dataplane\.proxy\.retries` declares/),
    ]);
  });

  test('declared connection limits are warned on `dataplane` (the proxy applies none of them)', () => {
    const r = resolved(
      app({ traffic: { connectionPool: { maxConnections: 10 } }, dataplane: Dataplane.cilium({ l7: L7 }) }),
    );
    expect(r.warnings.filter((x) => x.field === 'dataplane').map((x) => x.id)).toEqual(['CT-TRAFFIC-032']);
  });
});

describe('`dataplane.proxy`, bad input', () => {
  test('a declared stream idle timeout shorter than the longest stream is refused (CT-TRAFFIC-033)', () => {
    const lines = problemsOf([
      app({
        traffic: streaming(20),
        dataplane: Dataplane.cilium({ l7: L7, proxy: { streamIdleTimeout: Duration.minutes(10) } }),
      }),
    ]);
    const line = lineFor(lines, 'web', 'dataplane');
    expect(line).toContain('[CT-TRAFFIC-033]');
    expect(line).toContain('cuts a stream silent for 600s');
  });

  test('out of range, not whole seconds, without L7 rules, or on a Kubernetes dataplane (an unknown field there): each an error with its fix', () => {
    const with_ = (proxy: unknown, dataplane = (p: unknown) => Dataplane.cilium({ l7: L7, proxy: p as never })) =>
      problemsOf([app({ name: 'x', dataplane: dataplane(proxy) })]);
    expect(
      lineFor(with_({ streamIdleTimeout: Duration.seconds(0) }), 'x', 'dataplane.proxy.streamIdleTimeout'),
    ).toContain('must be between 1s and 86400s');
    expect(
      lineFor(with_({ streamIdleTimeout: Duration.hours(25) }), 'x', 'dataplane.proxy.streamIdleTimeout'),
    ).toContain('must be between 1s and 86400s');
    expect(
      lineFor(with_({ streamIdleTimeout: Duration.millis(1500) }), 'x', 'dataplane.proxy.streamIdleTimeout'),
    ).toContain('whole number of seconds');
    expect(
      lineFor(
        with_({ streamIdleTimeout: Duration.minutes(10) }, (p) => Dataplane.cilium({ proxy: p as never })),
        'x',
        'dataplane.proxy',
      ),
    ).toContain('only L7 rules put in the path');
    expect(
      lineFor(
        with_({ streamIdleTimeout: Duration.minutes(10) }, (p) => Dataplane.kubernetes({ proxy: p } as never)),
        'x',
        'dataplane.proxy',
      ),
    ).toContain('is not a known field here');
    for (const retries of [-1, 11, 1.5])
      expect(lineFor(with_({ retries }), 'x', 'dataplane.proxy.retries', String(retries))).toContain(
        'must be a whole number between 0 and 10',
      );
    // a JavaScript caller's wrong type: a problem, not a TypeError
    expect(lineFor(with_({ streamIdleTimeout: 600 }), 'x', 'dataplane.proxy.streamIdleTimeout')).toMatch(/Fix: \S+/);
  });
});

describe('`dataplane.proxy` against a CiliumCluster of the same App (checked at synth)', () => {
  function synthBoth(props: TrafficAppProps, cluster: Partial<CiliumClusterConstructProps> = {}): void {
    const a = new App({ outdir: Testing.app().outdir });
    new CiliumCluster(new Chart(a, 'cilium'), 'cluster', { ...BARE_METAL_CLUSTER, ...cluster });
    new TrafficChart(a, 'apps', { apps: [TrafficApp.define(props)] });
    a.synth();
  }
  // a short stream, but the app says the cluster gives Envoy 15 minutes
  const declared = app({
    traffic: streaming(5),
    dataplane: Dataplane.cilium({ l7: L7, proxy: { streamIdleTimeout: Duration.minutes(15) } }),
  });

  test('GIVEN the cluster sets less than the app declares THEN an error at the cluster naming the declaration', () => {
    const lines = errorLines(() => synthBoth(declared, { envoy: { streamIdleTimeout: Duration.minutes(10) } }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[cilium\/cluster\] envoy\.streamIdleTimeout: lets Envoy cut an HTTP stream after 600 s .*apps\/web, 900 s declared in dataplane\.proxy\.streamIdleTimeout/,
    );
  });

  test('GIVEN the cluster sets at least that THEN it synthesizes', () => {
    expect(() => synthBoth(declared, { envoy: { streamIdleTimeout: Duration.minutes(15) } })).not.toThrow();
  });

  const noRetries = app({ dataplane: Dataplane.cilium({ l7: L7, proxy: { retries: 0 } }) });
  test("GIVEN an app declaring the proxy's retries 0 THEN a cluster left at Envoy's 3 is an error naming the app and the fix", () => {
    const lines = errorLines(() => synthBoth(noRetries));
    expect(lines).toEqual([
      expect.stringMatching(
        /^\[cilium\/cluster\] envoy\.httpRetryCount: lets Envoy retry a failed request 3 more time\(s\), but the apps shop\/web \(apps\/web, 0\) declare .*Fix: set envoy: \{ httpRetryCount: 0 \}/,
      ),
    ]);
  });

  test('GIVEN the cluster sets `envoy.httpRetryCount: 0` THEN it synthesizes and its Helm values carry it', () => {
    const a = new App({ outdir: Testing.app().outdir });
    const cluster = new CiliumCluster(new Chart(a, 'cilium'), 'cluster', {
      ...BARE_METAL_CLUSTER,
      envoy: { ...BARE_METAL_CLUSTER.envoy, httpRetryCount: 0 },
    });
    new TrafficChart(a, 'apps', { apps: [TrafficApp.define(noRetries)] });
    expect(() => a.synth()).not.toThrow();
    expect(cluster.values.values.envoy).toEqual({ streamIdleTimeoutDurationSeconds: 600, httpRetryCount: 0 });
  });

  test('`envoy.httpRetryCount` out of range, or without the L7 proxy: an error with its fix', () => {
    const lines = (envoy: object, more: Partial<CiliumClusterConstructProps> = {}) =>
      errorLines(() => synthBoth(app(), { envoy, ...more } as Partial<CiliumClusterConstructProps>));
    expect(lines({ httpRetryCount: 11 })).toEqual([
      expect.stringMatching(
        /^\[cilium\/cluster\] envoy\.httpRetryCount: must be a whole number between 0 and 10 \(received 11\)/,
      ),
    ]);
    expect(lines({ httpRetryCount: 0 }, { l7Proxy: false, gatewayApi: false })).toContainEqual(
      expect.stringMatching(/envoy\.httpRetryCount: has no effect with l7Proxy: false/),
    );
  });
});

describe("Cilium's own Ingress controller", () => {
  test("an Ingress of class cilium has the defaults of Cilium's Envoy: a 20-minute stream is refused (CT-TRAFFIC-070)", () => {
    const props = (minutes: number) =>
      app({
        traffic: streaming(minutes),
        expose: [IngressExposure.withClass({ className: 'cilium', hosts: ['web.example.com'] })],
      });
    const found = resolved(props(20)).problems.filter((p) => p.field === 'expose[0]');
    expect(found.map((p) => p.ruleId)).toContain('CT-TRAFFIC-070');
    expect(found.map((p) => p.message).join('\n')).toContain('stream idle timeout of Cilium (Envoy) (300s');
    // another class: its implementation is not known (CT-TRAFFIC-071, a warning), nothing refused
    const nginx = app({
      traffic: streaming(20),
      expose: [IngressExposure.withClass({ className: 'traefik', hosts: ['web.example.com'] })],
    });
    expect(resolved(nginx).problems).toEqual([]);
    expect(resolved(nginx).warnings.map((w) => w.id)).toContain('CT-TRAFFIC-071');
  });
});
