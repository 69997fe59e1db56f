import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-047: Streaming pods have a disruption budget, so node drains do not cut many streams at once. */
export const CT_TRAFFIC_047: Rule = {
  id: 'CT-TRAFFIC-047',
  severity: 'warning',
  description: 'Streaming pods have a disruption budget, so node drains do not cut many streams at once.',
  check(app) {
    if (app.traffic.profile !== 'streaming') return NOT_APPLICABLE;
    return outcome(
      app.availability.disruptionBudget
        ? []
        : [
            {
              field: 'availability.disruptionBudget',
              value: app.availability.disruptionBudget ?? false,
              message:
                'streaming pods without a PodDisruptionBudget: a node drain may evict every replica at once and cut all streams',
              fix: 'run at least 2 replicas (the budget is then added) or set `availability.disruptionBudget: { maxUnavailable: 1 }`',
            },
          ],
    );
  },
};
