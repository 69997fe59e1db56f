import { flaggerRenamedLabel } from '../../model/delivery/primary-pods';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/**
 * CT-DELIVERY-012: The objects that select the app's pods also select the pods Flagger runs as the primary. The
 * PodDisruptionBudget, the PodMonitor and the Linkerd Server select both (the renamed label `In [v, v-primary]`); the
 * network policy and an Istio AuthorizationPolicy (whose selector takes labels only) select the app's labels.
 */
export const CT_DELIVERY_012: Rule = {
  id: 'CT-DELIVERY-012',
  severity: 'warning',
  description: "The objects that select the app's pods also select the pods Flagger runs as the primary.",
  check(app) {
    const d = app.delivery;
    if (d?.controller !== 'flagger') return NOT_APPLICABLE;
    const renamed = flaggerRenamedLabel(app);
    // In sidecar mode the Istio policy selects pods by labels (in ambient mode it is bound to the Service).
    const istioPolicy = app.exposures.some(
      (e) =>
        e.traits.mesh?.mesh === 'istio' &&
        e.traits.mesh.sidecar &&
        e.traits.objects.some((o) => o.kind.startsWith('AuthorizationPolicy')),
    );
    const selecting = [
      ...(app.dataplane ? ['the network policy'] : []),
      ...(istioPolicy ? ['the Istio AuthorizationPolicy'] : []),
    ];
    if (!renamed || selecting.length === 0) return outcome([]);
    const label = `${renamed.key}=${renamed.value}`;
    return outcome([
      {
        field: 'delivery.controller',
        value: d.controller,
        message: `Flagger runs the stable pods as "${d.name}-primary" with ${renamed.key}=${renamed.value}-primary, so ${selecting.join(' and ')} (selecting ${label}) cover only the canary's pods (the PodDisruptionBudget, PodMonitor and Linkerd Server select both)`,
        fix: 'add objects for the primary pods by an escape hatch (`chart.objectsOf(app)`), or acknowledge CT-DELIVERY-012 with a reason',
      },
    ]);
  },
};
