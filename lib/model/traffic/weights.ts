import type { VersionSpec } from '../app-spec';

/** One weighted backend: a version's per-version Service and its integer weight. */
export interface IntegerWeight {
  /** The version label value (undefined when the app has a single version). */
  readonly version?: string;
  readonly stable: boolean;
  /** The per-version Service (undefined when the app has a single version: use the app's Service). */
  readonly serviceName?: string;
  readonly deploymentName: string;
  /** The share as an integer, out of `total`. */
  readonly weight: number;
}

/** Integer weights that give exactly the declared percentages. */
export interface IntegerWeights {
  /** The sum of the weights: 100, or 1000, 10000... when a weight has decimals (0.5% -> 995/5 of 1000). */
  readonly total: number;
  /** One per version, stable first. */
  readonly weights: readonly IntegerWeight[];
}

/**
 * Converts the versions' percentages (decimals allowed) into the integer weights that Gateway API,
 * Istio and ALB forward actions take, exactly: 1% -> 99/1 (of 100), 0.5% -> 995/5 (of 1000). The
 * stable version gets the remainder, so the weights always add up to `total`.
 *
 * Returns undefined when no total up to `maxTotal` represents the percentages exactly (more decimals
 * than the target allows), or when `maxWeight` (the largest single weight a target takes, e.g. 999 for
 * an ALB forward action) would be exceeded.
 *
 * ```ts
 * integerWeights(spec.versions)!.weights.map((w) => [w.serviceName, w.weight]); // [['inference-v1', 99], ['inference-v2', 1]]
 * ```
 * @param maxTotal the largest sum the target allows (Gateway API: 1,000,000 per weight; Istio: int32)
 * @param maxWeight the largest single weight the target allows
 */
export function integerWeights(
  versions: readonly VersionSpec[],
  maxTotal = 1_000_000,
  maxWeight = maxTotal,
): IntegerWeights | undefined {
  const exact = integerShares(
    versions.map((v) => v.weight),
    maxTotal,
    maxWeight,
  );
  if (!exact) return undefined;
  return {
    total: exact.total,
    weights: versions.map((v, i) => ({
      version: v.version,
      stable: v.stable,
      serviceName: v.serviceName,
      deploymentName: v.deploymentName,
      weight: exact.weights[i],
    })),
  };
}

/** `integerWeights` on bare percentages (stable first; the stable share is taken as the remainder). */
function integerShares(
  shares: readonly number[],
  maxTotal: number,
  maxWeight: number,
): { total: number; weights: number[] } | undefined {
  for (let total = 100; total <= maxTotal; total *= 10) {
    const scale = total / 100;
    const canaries = shares.slice(1).map((w) => w * scale);
    if (!canaries.every((w) => Math.abs(w - Math.round(w)) < 1e-6 && w >= 0)) continue;
    const rounded = canaries.map(Math.round);
    const stable = total - rounded.reduce((a, b) => a + b, 0);
    if (stable < 0) return undefined;
    const all = [stable, ...rounded];
    if (all.some((w) => w > maxWeight)) return undefined;
    return { total, weights: all };
  }
  return undefined;
}

/** The limits of a layer's integer weights (a `WeightSplit`'s `maxTotal` and `maxWeight`). */
export interface WeightLimits {
  readonly maxTotal: number;
  readonly maxWeight: number;
}

/**
 * The integer weights a renderer writes for declared percentages (`shares`, stable first, the app's
 * `versions[].weight`), within the layer's limits: the exact conversion of `integerWeights`. When the split
 * cannot be written exactly (rule CT-TRAFFIC-013 refuses such a definition, so only a renderer called on a
 * spec that skipped the rules meets it), everything goes to the stable version: one fallback for every layer.
 *
 * ```ts
 * writtenWeights([99, 1], ALB_FORWARD_SPLIT); // [99, 1]
 * writtenWeights([99.5, 0.5], ALB_FORWARD_SPLIT); // [995, 5]
 * ```
 */
export function writtenWeights(shares: readonly number[], limits: WeightLimits): number[] {
  const exact = integerShares(shares, limits.maxTotal, limits.maxWeight);
  return exact ? exact.weights : shares.map((_, i) => (i === 0 ? 1 : 0));
}
