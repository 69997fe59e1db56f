import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-DELIVERY-010: A progressive delivery moves the traffic by weight (a layer splits it), not only by the pods' count. */
export const CT_DELIVERY_010: Rule = {
  id: 'CT-DELIVERY-010',
  severity: 'warning',
  description: "A progressive delivery moves the traffic by weight (a layer splits it), not only by the pods' count.",
  check(app) {
    const d = app.delivery;
    if (!d) return NOT_APPLICABLE;
    if (d.router !== 'replicas') return outcome([]);
    const smallest = Math.min(...d.steps.map((s) => s.weight));
    return outcome([
      {
        field: 'delivery.router',
        value: d.router,
        message: `no layer of the app splits by weight, so ${d.controllerLabel} approximates each step's weight by the canary's share of the ${app.versions[0].replicas} pods (a ${smallest}% step gets at least one pod: ${Math.round(100 / (app.versions[0].replicas + 1))}% or more of the traffic)`,
        fix: 'expose the app through a Gateway API route (Argo Rollouts moves its weights), or acknowledge CT-DELIVERY-010 with a reason',
      },
    ]);
  },
};
