import { Problems } from '../problems';
import type { TargetSpec } from '../targets/targets-spec';
import { compareVersions as compareTargetVersions, minorOf, versionText } from '../targets/version';

/**
 * A `cilium/cilium` Helm chart version: a patch of a supported minor (1.18, 1.19, 1.20). The newest patch of
 * each minor is supported (`SUPPORTED_CILIUM_CHARTS`: the values are checked against its `values.schema.json`
 * and its templates); an older patch of these minors is accepted, and the differences this library knows
 * (`VERSION_GATED_VALUES`) are errors.
 */
export type CiliumChartVersion = `1.18.${number}` | `1.19.${number}` | `1.20.${number}`;

/** The supported charts: the newest patch of each supported minor, oldest first. */
export const SUPPORTED_CILIUM_CHARTS: readonly CiliumChartVersion[] = ['1.18.12', '1.19.6', '1.20.0'];
/** The chart the values are written for unless `chartVersion` says otherwise (the newest). */
export const DEFAULT_CILIUM_CHART: CiliumChartVersion = '1.20.0';

/** A Helm value that a chart only applies from some version on. */
export interface VersionGatedValue {
  /** The Helm value, e.g. `envoy.streamIdleTimeoutDurationSeconds`. */
  readonly value: string;
  /** The `CiliumClusterProps` field that sets it, e.g. `envoy.streamIdleTimeout`. */
  readonly prop: string;
  /** The first chart version that applies it. */
  readonly since: CiliumChartVersion;
  /** What an older chart does instead. */
  readonly before: string;
}

/**
 * Values older charts ignore. Setting one while `chartVersion` is older than `since` is an error: the
 * value would be written and never reach the agent.
 */
export const VERSION_GATED_VALUES: readonly VersionGatedValue[] = [
  {
    value: 'envoy.streamIdleTimeoutDurationSeconds',
    prop: 'envoy.streamIdleTimeout',
    since: '1.18.4',
    before: 'does not write it into cilium-config (no `http-stream-idle-timeout`): Envoy keeps its 300 s',
  },
];

/** Compares two versions `x.y.z`: negative when a < b (the targets' one comparison, lib/model/targets/version.ts). */
export const compareVersions: (a: string, b: string) => number = compareTargetVersions;

const VERSION = /^1\.(18|19|20)\.(0|[1-9]\d*)$/;

/** The chart version of a definition: `chartVersion` when it is one this library writes for, else the default. */
export function chartVersionOf(props: { readonly chartVersion?: unknown }): CiliumChartVersion {
  return typeof props.chartVersion === 'string' && VERSION.test(props.chartVersion)
    ? (props.chartVersion as CiliumChartVersion)
    : DEFAULT_CILIUM_CHART;
}

/** Checks `chartVersion` (reported at `field`) and returns the version the values are written for. */
export function resolveChartVersion(problems: Problems, field: string, given: unknown): CiliumChartVersion {
  if (given !== undefined && (typeof given !== 'string' || !VERSION.test(given))) {
    const newest = (minor: string) => SUPPORTED_CILIUM_CHARTS.find((v) => v.startsWith(`${minor}.`));
    const m = typeof given === 'string' ? /^v?(\d+\.\d+)\.\d+$/.exec(given) : null;
    problems.add(
      field,
      given,
      `is not a supported cilium/cilium chart version (supported: ${SUPPORTED_CILIUM_CHARTS.join(', ')}; any patch of 1.18, 1.19 and 1.20 is accepted)`,
      m && newest(m[1])
        ? `write it without the "v": '${newest(m[1])}' or the patch you install`
        : `use '${DEFAULT_CILIUM_CHART}' (the newest, the default), or upgrade Cilium to one of ${SUPPORTED_CILIUM_CHARTS.join(', ')}`,
    );
  }
  return chartVersionOf({ chartVersion: given });
}

/**
 * Whether the chart forces `bpf-lb-algorithm-annotation` and `bpf-lb-sock-hostns-only` to "true" when
 * Gateway API is enabled (1.20 and later: so that per-backend weights of TCPRoute/UDPRoute take effect,
 * Maglev honouring the algorithm annotation and socket LB staying in the host namespace), whatever
 * `bpf.lbAlgorithmAnnotation` and `socketLB.hostNamespaceOnly` say.
 */
export function gatewayApiForcesLbAnnotation(chart: CiliumChartVersion): boolean {
  return compareVersions(chart, '1.20.0') >= 0;
}

/**
 * The chart a `CiliumCluster` writes its values for, from the Cilium target: its exact patch when the target names
 * one (`'1.18.12'`), else the newest supported patch of its minor (`'1.18'` -> `1.18.12`); `chartVersion` given
 * must agree with a declared target's minor. Undefined: keep `chartVersion` (or the default).
 */
export function chartOfTarget(problems: Problems, given: unknown, target: TargetSpec): CiliumChartVersion | undefined {
  if (target.declared && !target.version) {
    problems.add(
      'chartVersion',
      given ?? 'the targets',
      "writes Helm values for Cilium, which the targets say is not installed (cilium: 'none')",
      "declare the Cilium version in the targets (e.g. cilium: '1.20'), or remove the CiliumCluster",
    );
    return undefined;
  }
  if (!target.version) return undefined;
  const minor = minorOf(target.version);
  if (given !== undefined) {
    if (target.declared && typeof given === 'string' && VERSION.test(given) && minorOf(given) !== minor)
      problems.add(
        'chartVersion',
        given,
        `disagrees with the Cilium target ${target.text} (TrafficTargets): the values would be written for another Cilium than the clusters run`,
        `remove chartVersion (it follows the targets: the newest ${minor} patch), or declare the Cilium version you install in the targets`,
      );
    return undefined;
  }
  const exact = versionText(target.version);
  if (target.version.patch !== undefined && VERSION.test(exact)) return exact as CiliumChartVersion;
  return SUPPORTED_CILIUM_CHARTS.find((v) => minorOf(v) === minor);
}
