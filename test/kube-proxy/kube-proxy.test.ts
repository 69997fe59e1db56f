import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv';
import { App, Chart, Duration, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { CiliumCluster } from '../../lib/k8s/cilium/cilium-cluster';
import {
  KubeProxyCluster,
  KubeProxyClusterConstructProps,
  goDuration,
  writeKubeProxyConfigs,
} from '../../lib/k8s/kube-proxy';
import {
  GatewayRouteExposure,
  LbIpamService,
  Probe,
  TrafficApp,
  TrafficAppProps,
  TrafficChart,
  TrafficProfile,
} from '../../lib';
import { validateCore } from '../support/validate-k8s';
import type { K8sObject } from '../support/k8s';

const FIELDS = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'kube-proxy-config-v1alpha1-fields.json'), 'utf8'),
).structs as Record<string, Record<string, string>>;
const EKS_SCHEMA = JSON.parse(
  fs.readFileSync(path.join(__dirname, 'fixtures', 'kube-proxy-v1.28.8-eksbuild.5.configuration-schema.json'), 'utf8'),
);

/** Field paths of a KubeProxyConfiguration document that the reference does not define, and values of the wrong Go type. */
function referenceErrors(doc: Record<string, unknown>): string[] {
  const errors: string[] = [];
  const structOf: Record<string, string> = {
    conntrack: 'KubeProxyConntrackConfiguration',
    iptables: 'KubeProxyIPTablesConfiguration',
    ipvs: 'KubeProxyIPVSConfiguration',
    nftables: 'KubeProxyNFTablesConfiguration',
    detectLocal: 'DetectLocalConfiguration',
  };
  const check = (o: Record<string, unknown>, struct: string, at: string) => {
    for (const [k, v] of Object.entries(o)) {
      const type = FIELDS[struct][k];
      if (type === undefined) {
        errors.push(`${at}${k}: not a field of ${struct}`);
        continue;
      }
      if (structOf[k] && at === '') check(v as Record<string, unknown>, structOf[k], `${k}.`);
      else if (type === 'meta/v1.Duration' && !(typeof v === 'string' && /^(\d+h)?(\d+m)?\d+s$/.test(v)))
        errors.push(`${at}${k}: not a Duration string`);
      else if (type === 'bool' && typeof v !== 'boolean') errors.push(`${at}${k}: not a bool`);
      else if (type === 'int32' && !Number.isInteger(v)) errors.push(`${at}${k}: not an int32`);
      else if (type === '[]string' && !(Array.isArray(v) && v.every((x) => typeof x === 'string')))
        errors.push(`${at}${k}: not a []string`);
      else if (['string', 'ProxyMode'].includes(type) && typeof v !== 'string') errors.push(`${at}${k}: not a string`);
    }
  };
  check(doc, 'KubeProxyConfiguration', '');
  return errors;
}

const stream = (name: string, maxStream: Duration, extra: Partial<TrafficAppProps> = {}) =>
  TrafficApp.define({
    name,
    namespace: name,
    image: `ghcr.io/acme/${name}:1.0.0`,
    replicas: 2,
    ports: [{ name: 'http', port: 8080 }],
    readiness: Probe.httpGet('/ready', { port: 'http' }),
    service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    traffic: { profile: TrafficProfile.STREAMING, maxStreamDuration: maxStream },
    ...extra,
  });

/** Builds a cluster App; returns the construct, the synth error (if any) and the warnings printed. */
function cluster(props: KubeProxyClusterConstructProps, apps: TrafficApp[] = [], withCilium?: boolean) {
  const warnings: string[] = [];
  process.env.CDK_TRAFFIC_QUIET = '0'; // KubeProxyCluster's warnings are printed (quiet by default under jest)
  const spy = jest.spyOn(console, 'warn').mockImplementation((line: string) => {
    warnings.push(line);
  });
  try {
    const app = Testing.app();
    const chart = new Chart(app, 'cluster');
    const kp = new KubeProxyCluster(chart, 'kube-proxy', props);
    if (apps.length > 0) new TrafficChart(app, 'apps', { apps, printWarnings: false, printSummary: false });
    if (withCilium !== undefined)
      new CiliumCluster(
        new Chart(app, 'cilium'),
        'cilium',
        withCilium ? { k8sServiceHost: '10.0.0.10', k8sServicePort: 6443 } : { kubeProxyReplacement: false },
      );
    let error: Error | undefined;
    let objects: K8sObject[] = [];
    try {
      app.synth();
      objects = chart.toJson() as K8sObject[];
    } catch (e) {
      error = e as Error;
    }
    return { kp, error, warnings, objects, app };
  } finally {
    spy.mockRestore();
    delete process.env.CDK_TRAFFIC_QUIET;
  }
}

/** The message of the error `fn` throws, or of the synth error `cluster()` caught (construction never throws). */
function problemsOf(fn: () => unknown): string {
  try {
    const synthError = (fn() as { error?: Error } | undefined)?.error;
    if (synthError) return synthError.message;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a DefinitionError');
}

describe('KubeProxyConfiguration (kubeadm)', () => {
  test('nftables: the mode is always written, every set field in the nftables section, valid against the reference', () => {
    const { kp, error } = cluster({
      mode: 'nftables',
      clusterCidr: '10.244.0.0/16',
      metricsAddress: '0.0.0.0:10249',
      nodePortAddresses: ['192.168.20.0/24'],
      conntrack: {
        maxPerCore: 0,
        tcpEstablishedTimeout: Duration.hours(2),
        tcpCloseWaitTimeout: Duration.minutes(30),
        tcpBeLiberal: true,
        udpStreamTimeout: Duration.seconds(120),
      },
      syncPeriod: Duration.seconds(30),
      minSyncPeriod: Duration.seconds(0),
      configSyncPeriod: Duration.minutes(15),
    });
    expect(error).toBeUndefined();
    const doc = kp.toKubeProxyConfiguration();
    expect(doc).toEqual({
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'nftables',
      clusterCIDR: '10.244.0.0/16',
      configSyncPeriod: '15m0s',
      metricsBindAddress: '0.0.0.0:10249',
      nodePortAddresses: ['192.168.20.0/24'],
      conntrack: {
        maxPerCore: 0,
        tcpEstablishedTimeout: '2h0m0s',
        tcpCloseWaitTimeout: '30m0s',
        tcpBeLiberal: true,
        udpStreamTimeout: '2m0s',
      },
      nftables: { syncPeriod: '30s', minSyncPeriod: '0s' },
    });
    expect(referenceErrors(doc as unknown as Record<string, unknown>)).toEqual([]);
  });

  test('the reference check fails on an unknown field or a wrong type (so the test above can fail)', () => {
    expect(referenceErrors({ mode: 'nftables', conntrack: { tcpEstablishedTimeout: 3600 }, nftable: {} })).toEqual([
      'conntrack.tcpEstablishedTimeout: not a Duration string',
      'nftable: not a field of KubeProxyConfiguration',
    ]);
  });

  test('iptables with nothing else set writes only the mode', () => {
    expect(cluster({ mode: 'iptables' }).kp.toKubeProxyConfiguration()).toEqual({
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'iptables',
    });
  });

  test('IPVS: scheduler, strictARP and timeouts in the ipvs section, and the deprecation warning names the version', () => {
    const { kp, warnings, error } = cluster({
      mode: 'ipvs',
      kubernetesVersion: '1.36',
      ipvs: { scheduler: 'lc', strictArp: true, tcpTimeout: Duration.minutes(30), excludeCidrs: ['10.96.0.0/24'] },
      syncPeriod: Duration.minutes(1),
    });
    expect(error).toBeUndefined();
    expect(kp.toKubeProxyConfiguration().ipvs).toEqual({
      scheduler: 'lc',
      strictARP: true,
      syncPeriod: '1m0s',
      tcpTimeout: '30m0s',
      excludeCIDRs: ['10.96.0.0/24'],
    });
    expect(referenceErrors(kp.toKubeProxyConfiguration() as unknown as Record<string, unknown>)).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\[cluster\/kube-proxy\] \[CT-PROXY-001\] warning: mode: IPVS mode is deprecated since Kubernetes 1\.35 \(this cluster: 1\.36, deprecated\).*Fix: move to mode 'nftables'/,
      ),
    ]);
  });

  test('IPVS defaults: rr and strictARP false, written explicitly; an acknowledged deprecation prints the reason', () => {
    const { kp, warnings } = cluster({ mode: 'ipvs', acknowledge: { 'CT-PROXY-001': 'moving to nftables in Q3' } });
    expect(kp.toKubeProxyConfiguration().ipvs).toEqual({ scheduler: 'rr', strictARP: false });
    expect(warnings).toEqual([
      expect.stringMatching(/\[CT-PROXY-001\] acknowledged: moving to nftables in Q3 \(mode: IPVS mode is deprecated/),
    ]);
  });

  test('writeKubeProxyConfigs writes the document into the kubeadm/ subfolder of the output folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-proxy-'));
    try {
      const app = new App({ outdir: dir });
      new KubeProxyCluster(app, 'kp', { mode: 'nftables', fileName: 'kp.yaml' });
      app.synth();
      expect(writeKubeProxyConfigs(app)).toEqual([path.join(dir, 'kubeadm', 'kp.yaml')]);
      expect(fs.readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f))).toEqual([]);
      expect(parse(fs.readFileSync(path.join(dir, 'kubeadm', 'kp.yaml'), 'utf8'))).toEqual({
        apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
        kind: 'KubeProxyConfiguration',
        mode: 'nftables',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writeKubeProxyConfigs writes the EKS add-on values into the eks/ subfolder (kubectl would read a top-level .json)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-proxy-'));
    try {
      const app = new App({ outdir: dir });
      new KubeProxyCluster(app, 'kp', { mode: 'iptables', distribution: 'eks' });
      app.synth();
      expect(writeKubeProxyConfigs(app)).toEqual([path.join(dir, 'eks', 'kube-proxy-eks-addon.json')]);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'eks', 'kube-proxy-eks-addon.json'), 'utf8'))).toEqual({
        mode: 'iptables',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('Go durations', () => {
    expect([0, 5, 60, 610, 3600, 86400, 90061].map(goDuration)).toEqual([
      '0s',
      '5s',
      '1m0s',
      '10m10s',
      '1h0m0s',
      '24h0m0s',
      '25h1m1s',
    ]);
  });
});

describe('EKS add-on configurationValues', () => {
  const ajv = new Ajv({ strict: false });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON meta-schema, loaded as ajv documents
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  const validate = ajv.compile(EKS_SCHEMA);

  test('ipvs with a scheduler is valid against the add-on schema', () => {
    const { kp } = cluster({
      mode: 'ipvs',
      distribution: 'eks',
      ipvs: { scheduler: 'wrr' },
      acknowledge: { 'CT-PROXY-001': 'EKS add-on default kept for now' },
    });
    const values = JSON.parse(kp.fileText() ?? '');
    expect(values).toEqual({ mode: 'ipvs', ipvs: { scheduler: 'wrr' } });
    expect(validate(values)).toBe(true);
    expect(kp.fileName).toBe('kube-proxy-eks-addon.json');
  });

  test('the schema rejects what the add-on does not accept (so the test above can fail)', () => {
    expect(validate({ mode: 'nftables' })).toBe(false);
    expect(validate({ mode: 'iptables', conntrack: {} })).toBe(false);
  });

  test('nftables and settings the add-on does not have are errors, all at once', () => {
    const msg = problemsOf(() =>
      cluster({
        mode: 'nftables',
        distribution: 'eks',
        conntrack: { tcpEstablishedTimeout: Duration.hours(1) },
        metricsAddress: '0.0.0.0:10249',
      }),
    );
    expect(msg).toMatch(/^3 problem\(s\) in cluster\/kube-proxy:/);
    expect(msg).toContain(
      "[cluster/kube-proxy] mode: is not accepted by the EKS kube-proxy add-on's configuration schema (mode: iptables or ipvs) (received \"nftables\"). Fix: use mode 'iptables' on EKS",
    );
    expect(msg).toMatch(
      /\[cluster\/kube-proxy\] conntrack: is not a setting of the EKS kube-proxy add-on \(received \{"tcpEstablishedTimeout":.*Fix: remove it for distribution 'eks'/,
    );
    expect(msg).toMatch(
      /\[cluster\/kube-proxy\] metricsAddress: is not a setting of the EKS kube-proxy add-on \(received "0.0.0.0:10249"\)/,
    );
  });
});

describe('self-managed: the kube-proxy ConfigMap', () => {
  test('kube-system/kube-proxy with the document under config.conf, a valid ConfigMap', () => {
    const { objects, error } = cluster({
      mode: 'nftables',
      distribution: 'self-managed',
      conntrack: { tcpEstablishedTimeout: Duration.hours(1) },
    });
    expect(error).toBeUndefined();
    expect(objects).toHaveLength(1);
    const cm = objects[0];
    expect(cm).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
    });
    expect(Object.keys(cm.data)).toEqual(['config.conf']);
    expect(parse(cm.data['config.conf'])).toEqual({
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'nftables',
      conntrack: { tcpEstablishedTimeout: '1h0m0s' },
    });
    expect(validateCore(objects).errors).toEqual([]);
  });
});

describe('bad inputs: path, field, value and fix, all at once', () => {
  test('every option', () => {
    const msg = problemsOf(() =>
      cluster({
        mode: 'iptables',
        kubernetesVersion: 'latest',
        ipvs: { scheduler: 'rr' },
        conntrack: {
          maxPerCore: '10' as unknown as number,
          tcpEstablishedTimeout: Duration.millis(1500),
          tcpBeLiberal: 'yes' as unknown as boolean,
        },
        syncPeriod: Duration.seconds(10),
        minSyncPeriod: Duration.seconds(20),
        configSyncPeriod: 600 as unknown as Duration,
        nodePortAddresses: ['10.0.0.0/33'],
        metricsAddress: 'localhost:10249',
        clusterCidr: '10.244.0.0',
        acknowledge: { 'CT-TRAFFIC-015': 'short' },
        fileName: 'Config.yaml',
      }),
    );
    const lines = msg.split('\n').slice(1);
    const expected: [string, string, string][] = [
      ['kubernetesVersion', '"latest"', "write the cluster's major.minor version"],
      ['ipvs', '{"scheduler":"rr"}', "remove ipvs, or set mode: 'ipvs'"],
      ['conntrack.maxPerCore', '"10"', 'set conntrack.maxPerCore to a whole number'],
      ['conntrack.tcpEstablishedTimeout', 'Duration(1.5s)', 'use Duration.seconds(n) with a whole n'],
      ['conntrack.tcpBeLiberal', '"yes"', 'set conntrack.tcpBeLiberal to true or false'],
      ['minSyncPeriod', 'Duration(20s)', 'keep minSyncPeriod at or below syncPeriod'],
      ['configSyncPeriod', '600', 'use Duration.seconds(n)'],
      ['nodePortAddresses[0]', '"10.0.0.0/33"', 'write an IPv4 or IPv6 CIDR'],
      ['metricsAddress', '"localhost:10249"', 'write e.g. "0.0.0.0:10249"'],
      ['clusterCidr', '"10.244.0.0"', 'write e.g. "10.244.0.0/16"'],
      ['acknowledge.CT-TRAFFIC-015', '"CT-TRAFFIC-015"', 'use an id printed with a kube-proxy warning'],
      ['acknowledge.CT-TRAFFIC-015', '"short"', 'say why the finding is accepted'],
      ['fileName', '"Config.yaml"', 'use e.g. "kube-proxy-config.yaml"'],
    ];
    expect(lines).toHaveLength(expected.length);
    expected.forEach(([field, received, fix], i) => {
      expect(lines[i].startsWith(`  [cluster/kube-proxy] ${field}: `)).toBe(true);
      expect(lines[i]).toContain(`(received ${received})`);
      expect(lines[i]).toContain(`Fix: ${fix}`);
    });
  });

  test('an unknown mode, an unknown scheduler, nftables on an old cluster', () => {
    expect(problemsOf(() => cluster({ mode: 'userspace' as never }))).toContain(
      'mode: is not a kube-proxy mode (iptables, ipvs, nftables) (received "userspace")',
    );
    expect(problemsOf(() => cluster({ mode: 'ipvs', ipvs: { scheduler: 'fastest' as never } }))).toContain(
      'ipvs.scheduler: is not an IPVS scheduler',
    );
    expect(problemsOf(() => cluster({ mode: 'nftables', kubernetesVersion: '1.30' }))).toMatch(
      /mode: needs Kubernetes 1\.31 or later .* the cluster runs 1\.30 \(received "nftables"\)\. Fix: upgrade the cluster to 1\.33/,
    );
  });

  test('a JavaScript caller passing no props gets a problem, not a TypeError', () => {
    expect(problemsOf(() => cluster(undefined as never))).toContain('mode: is not a kube-proxy mode');
  });
});

describe('checks at synth against the apps', () => {
  test('a Cilium kube-proxy replacement in the same App is an error; without it, fine', () => {
    expect(cluster({ mode: 'nftables' }, [], true).error?.message).toMatch(
      /mode: configures kube-proxy, but the CiliumCluster cilium\/cilium in the same App replaces kube-proxy .*Fix: remove this KubeProxyCluster/,
    );
    expect(cluster({ mode: 'nftables' }, [], false).error).toBeUndefined();
  });

  test("a conntrack timeout shorter than an app's longest stream is an error naming the app and the Duration to set", () => {
    const { error } = cluster({ mode: 'nftables', conntrack: { tcpEstablishedTimeout: Duration.minutes(30) } }, [
      stream('feed', Duration.minutes(50)),
    ]);
    expect(error?.message).toMatch(
      /apps\[feed\/feed\]\.traffic\.maxStreamDuration: \[?.*drops an idle TCP connection's conntrack entry after 1800 s .*\(received 3000\)\. Fix: set conntrack: \{ tcpEstablishedTimeout: Duration\.seconds\(3000\) \}/,
    );
    expect(error?.message).toContain('CT-PROXY-010');
    expect(
      cluster({ mode: 'nftables', conntrack: { tcpEstablishedTimeout: Duration.hours(1) } }, [
        stream('feed', Duration.minutes(50)),
      ]).error,
    ).toBeUndefined();
  });

  test('apps given to the cluster are checked too', () => {
    const { error } = cluster({
      mode: 'iptables',
      conntrack: { tcpEstablishedTimeout: Duration.minutes(5) },
      apps: [stream('ticks', Duration.minutes(10))],
    });
    expect(error?.message).toContain('apps[ticks/ticks].traffic.maxStreamDuration');
  });

  test("IPVS: the kernel's 900 s TCP idle timeout under a 20-minute stream warns; a long enough tcpTimeout does not", () => {
    const ack = { 'CT-PROXY-001': 'migration to nftables planned' };
    expect(
      cluster({ mode: 'ipvs', acknowledge: ack }, [stream('ledger', Duration.minutes(20))]).warnings,
    ).toContainEqual(
      expect.stringMatching(
        /\[CT-PROXY-011\] warning: ledger\/ledger traffic\.maxStreamDuration: .*IPVS forgets an idle TCP session after 900 s \(the kernel's default.*Fix: set ipvs: \{ tcpTimeout: Duration\.seconds\(1200\) \}/,
      ),
    );
    expect(
      cluster({ mode: 'ipvs', acknowledge: ack, ipvs: { tcpTimeout: Duration.minutes(20) } }, [
        stream('ledger', Duration.minutes(20)),
      ]).warnings.filter((w) => w.includes('CT-PROXY-011')),
    ).toEqual([]);
  });

  test('mode rules: NodePorts under nftables, strictARP under IPVS, affinity behind L7, zone hints under Local, Local with a canary', () => {
    const nodePort = stream('np', Duration.minutes(1), {
      service: { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    });
    expect(cluster({ mode: 'nftables' }, [nodePort]).warnings).toEqual([
      expect.stringMatching(
        /\[CT-PROXY-021\] warning: np\/np service\.type: opens NodePorts, which kube-proxy \(nftables mode\) accepts only on the nodes' primary addresses/,
      ),
    ]);
    expect(cluster({ mode: 'nftables', nodePortAddresses: 'primary' }, [nodePort]).warnings).toEqual([]);
    expect(cluster({ mode: 'iptables' }, [nodePort]).warnings).toEqual([]);

    const lb = stream('lb', Duration.minutes(1), { expose: [LbIpamService.create({})] });
    const ack = { 'CT-PROXY-001': 'migration to nftables planned' };
    expect(
      cluster({ mode: 'ipvs', acknowledge: ack }, [lb]).warnings.filter((w) => w.includes('CT-PROXY-020')),
    ).toEqual([
      expect.stringContaining('lb/lb expose[0]: gets a LoadBalancer address, which IPVS binds to kube-ipvs0'),
    ]);
    expect(
      cluster({ mode: 'ipvs', acknowledge: ack, ipvs: { strictArp: true } }, [lb]).warnings.filter((w) =>
        w.includes('CT-PROXY-020'),
      ),
    ).toEqual([]);

    const sticky = stream('sticky', Duration.minutes(1), {
      service: { sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
      expose: [GatewayRouteExposure.http({ parents: [{ name: 'public', namespace: 'gateways' }] })],
    });
    expect(cluster({ mode: 'iptables' }, [sticky]).warnings).toContainEqual(
      expect.stringContaining(
        '[CT-PROXY-022] warning: sticky/sticky service.sessionAffinity: is applied by kube-proxy (iptables mode) only to traffic that goes through the Service',
      ),
    );

    const zoned = stream('zoned', Duration.minutes(1), {
      service: {
        trafficDistribution: 'PreferClose',
        internalTrafficPolicy: 'Local',
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    });
    expect(cluster({ mode: 'nftables' }, [zoned]).warnings).toEqual([
      expect.stringContaining(
        '[CT-PROXY-023] warning: zoned/zoned service.trafficDistribution: is ignored by kube-proxy (nftables mode) for the traffic that internalTrafficPolicy: Local covers',
      ),
    ]);

    const canary = stream('canary', Duration.minutes(1), {
      service: {
        type: 'NodePort',
        externalTrafficPolicy: 'Local',
        ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
      versions: { v2: { image: 'ghcr.io/acme/canary:2.0.0', weight: 5 } },
      traffic: {
        profile: TrafficProfile.STREAMING,
        maxStreamDuration: Duration.minutes(1),
        acknowledge: { 'CT-PROXY-021': 'NodePorts are reached on the primary IPs only' },
      },
    });
    const w = cluster({ mode: 'nftables' }, [canary]).warnings;
    expect(w).toContainEqual(
      expect.stringContaining(
        '[CT-PROXY-024] warning: canary/canary service.externalTrafficPolicy: makes each node send external traffic only to its own pods',
      ),
    );
    // An app acknowledges a kube-proxy finding in its own traffic.acknowledge (not an unknown id for the chart).
    expect(w).toContainEqual(
      expect.stringContaining(
        '[CT-PROXY-021] acknowledged: NodePorts are reached on the primary IPs only (canary/canary service.type',
      ),
    );
  });
});
