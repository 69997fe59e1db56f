import type { AppSpec } from '../../model/app-spec';
import type { ExposureSpec } from '../../model/exposure/exposure';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/**
 * What a layer that spreads by pods gives the canary. Through a Service of its own (it selects every pod of the app,
 * Flagger's primary pods too) the canary's share of the pods; through the app's Service, which Flagger makes and
 * points at the primary's pods (`<name>-primary`), none until the canary is promoted.
 */
function canaryShare(app: AppSpec, e: ExposureSpec): string {
  const d = app.delivery!;
  const ownService = e.traits.objects.some((o) => o.kind === 'Service');
  if (d.controller === 'flagger' && !ownService)
    return `reaches the pods through the app's Service, which Flagger makes and points at the primary's pods ("${d.name}-primary"): the canary gets none of this layer's traffic until it is promoted, whatever weight Flagger sets on ${d.routerField}`;
  return `spreads by the pods' count, so the canary gets its share of the pods through this layer, not the weight ${d.controllerLabel} sets on ${d.routerField}`;
}

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
                message: canaryShare(app, e),
                fix: `send this traffic through ${d.routerField} too, or acknowledge CT-DELIVERY-013 with a reason`,
              },
            ]
          : [],
      ),
    );
  },
};
