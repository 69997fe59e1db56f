import { LabelSelector } from '../../model/cilium/selector';

/** The shape every generated Cilium selector type has, with its own operator enum `Op`. */
export interface TypedSelector<Op> {
  readonly matchLabels?: { [key: string]: string };
  readonly matchExpressions?: { readonly key: string; readonly operator: Op; readonly values?: string[] }[];
}

/**
 * Maps a validated model selector to a generated selector type. The generated operator enums are
 * string enums whose values are exactly the Kubernetes operator names the model already checked.
 */
export function toTypedSelector<Op>(selector: LabelSelector | undefined): TypedSelector<Op> | undefined {
  if (!selector) return undefined;
  return {
    ...(selector.matchLabels ? { matchLabels: { ...selector.matchLabels } } : {}),
    ...(selector.matchExpressions
      ? {
          matchExpressions: selector.matchExpressions.map((r) => ({
            key: r.key,
            operator: r.operator as unknown as Op,
            ...(r.values ? { values: [...r.values] } : {}),
          })),
        }
      : {}),
  };
}
