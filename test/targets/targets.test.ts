import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { CiliumCluster, KubeProxyCluster, Probe, TrafficApp, TrafficChart, TrafficTargets } from '../../lib';
import { Problems } from '../../lib/model/problems';
import { SHAPES } from '../../lib/model/input/shapes.generated';
import { TARGET_IDS, TARGET_TABLE } from '../../lib/model/targets/target-table';
import { targetsTableMarkdown } from '../../lib/model/targets/targets-doc';
import { DEFAULT_TARGETS, resolveTargets, targetsText } from '../../lib/model/targets/targets-spec';
import { atLeast, compareVersions, minorOf, parseVersion } from '../../lib/model/targets/version';
import { definitionProblems } from '../../lib/testing';
import { BARE_METAL } from '../cilium/fixtures';

const app = TrafficApp.define({
  name: 'api',
  namespace: 'shop',
  image: 'ghcr.io/acme/api:1.0.0',
  ports: [{ name: 'http', port: 8080 }],
  readiness: Probe.httpGet('/ready', { port: 'http' }),
  service: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
});

/** The problems of a chart built with these targets (as a JavaScript caller could pass them). */
const chartProblems = (targets: unknown, declared?: unknown) =>
  definitionProblems(() => {
    const root = Testing.app();
    if (declared !== undefined) TrafficTargets.declare(root, declared as object);
    return new TrafficChart(root, 'c', { apps: [app], printWarnings: false, targets: targets as object });
  });

describe('versions: parsed and compared in one module', () => {
  test('major.minor and major.minor.patch; nothing else', () => {
    expect(parseVersion('1.33')).toEqual({ major: 1, minor: 33 });
    expect(parseVersion('1.5.1')).toEqual({ major: 1, minor: 5, patch: 1 });
    for (const bad of ['v1.33', '1', '1.33.0-rc.1', '01.2', ' 1.2', 1.33, undefined, null, {}])
      expect(parseVersion(bad)).toBeUndefined();
  });

  test('numerically, a missing patch is 0', () => {
    expect(compareVersions('1.9', '1.30')).toBeLessThan(0);
    expect(compareVersions('1.30.0', '1.30')).toBe(0);
    expect(compareVersions('0.80', '0.79')).toBeGreaterThan(0);
    expect(atLeast('2.10', '2.11')).toBe(false);
    expect(minorOf('1.18.12')).toBe('1.18');
  });
});

describe('bad input: each a problem with path, field, value and fix, all at once', () => {
  test('not versions, outside the range, none where a target cannot be absent, a wrong type, an unknown field', () => {
    const problems = chartProblems({
      kubernetes: 'v1.33',
      gatewayApi: '1.1',
      cilium: '1.21',
      istio: 1.28,
      awsLoadBalancerController: 'latest',
      prometheusOperator: '0.80',
      linkerdd: '2.18',
    });
    const by = (field: string) => problems.find((p) => p.field === field);
    expect(problems.every((p) => p.path === 'c')).toBe(true);
    expect(by('targets.kubernetes')).toMatchObject({ value: 'v1.33', fix: `write it without the "v": '1.33'` });
    expect(by('targets.gatewayApi')).toMatchObject({
      value: '1.1',
      message: 'is outside the Gateway API CRDs versions cdk-traffic writes for (1.2 to 1.7, docs/targets.md)',
    });
    expect(by('targets.gatewayApi')?.fix).toContain('upgrade Gateway API CRDs to 1.2 or later');
    expect(by('targets.cilium')?.fix).toContain("declare '1.20' (the newest cdk-traffic knows)");
    expect(by('targets.istio')?.value).toBe(1.28);
    expect(by('targets.awsLoadBalancerController')).toMatchObject({
      value: 'latest',
      fix: "write e.g. '3.5', or 'none' when it is not installed",
    });
    expect(by('targets.linkerdd')?.fix).toContain('linkerd');
    expect(problems.map((p) => p.field).sort()).toEqual(
      [
        'targets.awsLoadBalancerController',
        'targets.cilium',
        'targets.gatewayApi',
        'targets.istio',
        'targets.kubernetes',
        'targets.linkerdd',
      ].sort(),
    );
  });

  test("trafficDistribution takes 'PreferClose' or 'PreferSameZone', nothing else", () => {
    const bad = definitionProblems(
      () =>
        new TrafficChart(Testing.app(), 'c', {
          printWarnings: false,
          apps: [
            TrafficApp.define({
              ...app.props,
              service: { ...app.props.service!, trafficDistribution: 'PreferSameNode' as 'PreferSameZone' },
            }),
          ],
        }),
    );
    expect(bad.map((p) => [p.field, p.value])).toEqual([['service.trafficDistribution', 'PreferSameNode']]);
    expect(bad[0].message).toContain('PreferSameZone');
  });

  test("'none' for Kubernetes; a channel without Gateway API; targets that are not an object", () => {
    expect(chartProblems({ kubernetes: 'none' }).map((p) => [p.field, p.message])).toEqual([
      ['targets.kubernetes', 'Kubernetes cannot be absent: the output runs on it'],
    ]);
    expect(chartProblems({ gatewayApi: 'none', gatewayApiChannel: 'standard' }).map((p) => p.field)).toEqual([
      'targets.gatewayApiChannel',
    ]);
    expect(chartProblems({ gatewayApiChannel: 'beta' }).map((p) => [p.field, p.value])).toEqual([
      ['targets.gatewayApiChannel', 'beta'],
    ]);
    expect(chartProblems('1.33').map((p) => p.field)).toEqual(['targets']);
  });

  test('a combination known to be broken: Linkerd 2.18 with Gateway API 1.5, Linkerd 2.20 with Gateway API 1.6', () => {
    const old = chartProblems({ linkerd: '2.18', gatewayApi: '1.5', kubernetes: '1.32' });
    expect(old.map((p) => [p.field, p.value])).toEqual([['targets.gatewayApi', '1.5']]);
    expect(old[0].message).toContain(
      'does not work with Linkerd 2.18: Linkerd 2.18 and 2.19 read Gateway API 1.1.1 to 1.2.1',
    );
    expect(old[0].fix).toContain('declare Gateway API CRDs 1.1 to 1.2');
    expect(chartProblems({ linkerd: '2.20', gatewayApi: '1.6' }).map((p) => p.field)).toEqual(['targets.gatewayApi']);
    // Linkerd 2.18 supports Kubernetes up to 1.32.
    expect(chartProblems({ linkerd: '2.18', gatewayApi: '1.2', kubernetes: '1.33' }).map((p) => p.field)).toEqual([
      'targets.kubernetes',
    ]);
  });

  test("the App's declaration is reported at its own field, under the chart's path", () => {
    const problems = chartProblems(undefined, { kubernetes: '1.29' });
    expect(problems.map((p) => [p.path, p.field, p.value])).toEqual([['c', 'TrafficTargets.kubernetes', '1.29']]);
  });

  test('a default is no declaration: the defaults are not checked as a combination (Linkerd 2.20, Gateway API 1.6)', () => {
    const p = new Problems();
    const t = resolveTargets(p, []);
    expect(p.items).toEqual([]);
    expect(t).toEqual(DEFAULT_TARGETS);
    expect(TARGET_IDS.every((id) => !t.versions[id].declared && t.versions[id].text === TARGET_TABLE[id].default)).toBe(
      true,
    );
  });
});

describe('cluster constructs follow the targets', () => {
  const cluster = (declared: object | undefined, props: object = {}) => {
    const root = Testing.app();
    if (declared) TrafficTargets.declare(root, declared);
    return new CiliumCluster(new Chart(root, 'cluster'), 'cilium', { ...BARE_METAL, ...props });
  };

  test("a CiliumCluster's chart: the newest patch of the target minor, or its exact patch; the default stays 1.20.0", () => {
    expect(cluster(undefined).spec.chartVersion).toBe('1.20.0');
    expect(cluster({ cilium: '1.18' }).spec.chartVersion).toBe('1.18.12');
    expect(cluster({ cilium: '1.19.6' }).spec.chartVersion).toBe('1.19.6');
    // chartVersion keeps working where it agrees with the target, or where none is declared.
    expect(cluster({ cilium: '1.18' }, { chartVersion: '1.18.4' }).spec.chartVersion).toBe('1.18.4');
    expect(cluster(undefined, { chartVersion: '1.19.6' }).spec.chartVersion).toBe('1.19.6');
  });

  test("chartVersion against another declared minor, and a CiliumCluster under cilium: 'none', are problems", () => {
    const other = definitionProblems(() => cluster({ cilium: '1.18' }, { chartVersion: '1.19.6' }));
    expect(other.map((p) => [p.path, p.field, p.value])).toEqual([['cluster/cilium', 'chartVersion', '1.19.6']]);
    expect(other[0].fix).toContain('remove chartVersion (it follows the targets');
    const none = definitionProblems(() => cluster({ cilium: 'none' }));
    expect(none.map((p) => [p.field, p.message])).toEqual([
      ['chartVersion', "writes Helm values for Cilium, which the targets say is not installed (cilium: 'none')"],
    ]);
  });

  test("kube-proxy's Kubernetes version follows the target: nftables needs 1.31", () => {
    const root = TrafficTargets.declare(Testing.app(), { kubernetes: '1.30' });
    const problems = definitionProblems(() => new KubeProxyCluster(new Chart(root, 'k'), 'kp', { mode: 'nftables' }));
    expect(problems.map((p) => [p.field, p.value])).toEqual([['mode', 'nftables']]);
    expect(problems[0].message).toContain('the cluster runs 1.30');
    const ok = new KubeProxyCluster(
      new Chart(TrafficTargets.declare(Testing.app(), { kubernetes: '1.33' }), 'k'),
      'kp',
      { mode: 'nftables' },
    );
    expect(ok.spec.kubernetesVersion).toEqual({ major: 1, minor: 33 });
    const clash = definitionProblems(
      () =>
        new KubeProxyCluster(new Chart(TrafficTargets.declare(Testing.app(), { kubernetes: '1.33' }), 'k'), 'kp', {
          mode: 'iptables',
          kubernetesVersion: '1.35',
        }),
    );
    expect(clash.map((p) => [p.field, p.value])).toEqual([['kubernetesVersion', '1.35']]);
  });
});

describe('one table, one docs page, SUMMARY.md', () => {
  test('docs/targets.md holds the tables as generated (node scripts/run.js scripts/gen-targets-table.ts)', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/targets.md'), 'utf8');
    expect(doc).toContain(`\n\n${targetsTableMarkdown()}\n\n<!-- targets-table:end -->`);
  });

  test('every target of the table is a field of TrafficTargetsProps, and every field is a target or the channel', () => {
    const shape = SHAPES.TrafficTargetsProps as { t: string; fields: Record<string, unknown> };
    expect(Object.keys(shape.fields).sort()).toEqual([...TARGET_IDS, 'gatewayApiChannel'].sort());
  });

  test('every default lies in its range, and the range is ordered', () => {
    for (const id of TARGET_IDS) {
      const t = TARGET_TABLE[id];
      expect([id, atLeast(t.newest, t.oldest), atLeast(t.default, t.oldest), atLeast(t.newest, t.default)]).toEqual([
        id,
        true,
        true,
        true,
      ]);
    }
  });

  test("SUMMARY.md's line: the targets an app needs and every declared one, with what they imply", () => {
    const p = new Problems();
    const t = resolveTargets(p, [{ field: 'targets', props: { kubernetes: '1.33', istio: 'none' } }]);
    expect(targetsText(t, ['kubernetes', 'gatewayApi'])).toEqual([
      'Kubernetes 1.33 (declared; from 1.34: trafficDistribution PreferSameZone (PreferClose its deprecated alias); from 1.34: Pod Security baseline refuses a probe or lifecycle hook host)',
      'Gateway API CRDs 1.6, channel per app (default; from 1.7: HTTPRoute retry in the standard channel)',
      'Istio not installed (declared)',
    ]);
  });
});
