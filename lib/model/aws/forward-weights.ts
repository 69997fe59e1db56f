import type { WeightSplit } from '../exposure/traits';

/**
 * An ALB forward action: integer weights of at most 999 per target group, at most 5 target groups (the
 * ALB Ingress's weighted actions and the Terraform ALB's listener rules alike).
 */
export const ALB_FORWARD_SPLIT: WeightSplit = {
  by: 'weight',
  maxTotal: 1_000_000,
  maxWeight: 999,
  maxBackends: 5,
  precision: 'integer weights of at most 999 per target group, i.e. steps of 0.1%',
};
