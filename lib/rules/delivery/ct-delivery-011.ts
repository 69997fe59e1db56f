import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-DELIVERY-011: A route a delivery controller moves has a canary backend the Gateway keeps while its weight is 0. */
export const CT_DELIVERY_011: Rule = {
  id: 'CT-DELIVERY-011',
  severity: 'warning',
  description: 'A route a delivery controller moves has a canary backend the Gateway keeps while its weight is 0.',
  check(app) {
    const d = app.delivery;
    // The weight-0 caveat is the LBC Gateway's (aws-load-balancer-controller#4732), on the routes it serves.
    if (!d?.routerField || d.routerIndex === undefined || d.routes.length === 0 || d.router !== 'gateway-api')
      return NOT_APPLICABLE;
    const e = app.exposures[d.routerIndex];
    const lbc = e?.traits.requires?.find((r) => /AWS Load Balancer Controller/i.test(r.name));
    if (!lbc) return outcome([]);
    return outcome([
      {
        field: d.routerField,
        value: e.traits.label,
        message: `the route is written with the canary Service "${d.services?.canary}" at weight 0 (the controller raises it), and behind the AWS Load Balancer Controller's Gateway a weight-0 backend gets no target group (aws-load-balancer-controller#4732): the first step then waits for a target group to be made and registered`,
        fix: 'expose the app through a Gateway implementation that keeps weight-0 backends, or acknowledge CT-DELIVERY-011 with a reason (e.g. the first step pauses long enough)',
      },
    ]);
  },
};
