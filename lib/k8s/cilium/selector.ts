import { LabelSelector } from '../../model/cilium/selector';

/** The shape every generated Cilium selector type has, with its own operator enum `Op`. */
export interface TypedSelector<Op> {
  readonly matchLabels?: { [key: string]: string };
  readonly matchExpressions?: { readonly key: string; readonly operator: Op; readonly values?: string[] }[];
}

/** The members every generated operator enum has (pass the enum itself). */
export interface OperatorEnum<Op> {
  readonly IN: Op;
  readonly NOT_IN: Op;
  readonly EXISTS: Op;
  readonly DOES_NOT_EXIST: Op;
}

const OPERATOR_MEMBERS = { In: 'IN', NotIn: 'NOT_IN', Exists: 'EXISTS', DoesNotExist: 'DOES_NOT_EXIST' } as const;

/**
 * Maps a validated model selector to a generated selector type: each operator (the Kubernetes name the model
 * checked) becomes the member of the generated enum `operators` that holds it.
 *
 * @example toTypedSelector(pool.serviceSelector, CiliumLoadBalancerIpPoolSpecServiceSelectorMatchExpressionsOperator)
 */
export function toTypedSelector<Op>(
  selector: LabelSelector | undefined,
  operators: OperatorEnum<Op>,
): TypedSelector<Op> | undefined {
  if (!selector) return undefined;
  return {
    ...(selector.matchLabels ? { matchLabels: { ...selector.matchLabels } } : {}),
    ...(selector.matchExpressions
      ? {
          matchExpressions: selector.matchExpressions.map((r) => ({
            key: r.key,
            operator: operators[OPERATOR_MEMBERS[r.operator]],
            ...(r.values ? { values: [...r.values] } : {}),
          })),
        }
      : {}),
  };
}
