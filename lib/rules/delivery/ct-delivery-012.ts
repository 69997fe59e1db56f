import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-DELIVERY-012: The objects that select the app's pods also select the pods Flagger runs as the primary. */
export const CT_DELIVERY_012: Rule = {
  id: 'CT-DELIVERY-012',
  severity: 'warning',
  description: "The objects that select the app's pods also select the pods Flagger runs as the primary.",
  check(app) {
    const d = app.delivery;
    if (d?.controller !== 'flagger') return NOT_APPLICABLE;
    const renamed = Object.keys(app.selector).filter((k) => ['app', 'name', 'app.kubernetes.io/name'].includes(k));
    const selecting = [
      ...(app.availability.disruptionBudget ? ['the PodDisruptionBudget'] : []),
      ...(app.dataplane ? ['the network policy'] : []),
      ...(app.observe && app.observe.layers.length > 0 ? ['the PodMonitor'] : []),
    ];
    if (renamed.length === 0 || selecting.length === 0) return outcome([]);
    return outcome([
      {
        field: 'delivery.controller',
        value: d.controller,
        message: `Flagger runs the stable pods as "${d.name}-primary" with ${renamed.map((k) => `${k}=${app.selector[k]}-primary`).join(', ')}, so ${selecting.join(', ')} (selecting ${renamed.map((k) => `${k}=${app.selector[k]}`).join(', ')}) cover only the canary's pods`,
        fix: 'add objects for the primary pods by an escape hatch (`chart.objectsOf(app)`), or acknowledge CT-DELIVERY-012 with a reason',
      },
    ]);
  },
};
