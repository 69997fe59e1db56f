import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-DELIVERY-013: Every layer in front of a delivered app follows the controller's weight (none spreads by the pods' count). */
export const CT_DELIVERY_013: Rule = {
  id: 'CT-DELIVERY-013',
  severity: 'warning',
  description:
    "Every layer in front of a delivered app follows the controller's weight (none spreads by the pods' count).",
  check(app) {
    const d = app.delivery;
    if (!d || d.router === 'replicas') return NOT_APPLICABLE;
    return outcome(
      app.exposures.flatMap((e, i) =>
        e.traits.split.by === 'pods' && `expose[${i}]` !== d.routerField
          ? [
              {
                field: `expose[${i}]`,
                value: e.traits.label,
                message: `spreads by the pods' count, so the canary gets its share of the pods through this layer, not the weight ${d.controllerLabel} sets on ${d.routerField}`,
                fix: `send this traffic through ${d.routerField} too, or acknowledge CT-DELIVERY-013 with a reason`,
              },
            ]
          : [],
      ),
    );
  },
};
