import { integerWeights } from '../../model/traffic/weights';
import { NOT_APPLICABLE, outcome, Rule, RuleFinding } from '../rule';
import { versionField } from '../helpers';

/** CT-TRAFFIC-013: Canary weights convert exactly into the integer weights of routes and load balancers. */
export const CT_TRAFFIC_013: Rule = {
  id: 'CT-TRAFFIC-013',
  severity: 'error',
  description: 'Canary weights convert exactly into the integer weights of routes and load balancers.',
  check(app) {
    if (app.versions.length < 2) return NOT_APPLICABLE;
    const findings: RuleFinding[] = [];
    if (!integerWeights(app.versions)) {
      app.versions.forEach((v, i) => {
        if (i > 0 && Math.abs(v.weight * 1e4 - Math.round(v.weight * 1e4)) >= 1e-6) {
          findings.push({
            field: `${versionField(app, i)}.weight`,
            value: v.weight,
            message:
              'has more than 4 decimals: Gateway API and Istio weights are integers (at most 1,000,000 in total), so the split could not be rendered exactly',
            fix: 'round the weight to at most 4 decimals, e.g. 0.0001',
          });
        }
      });
    } else {
      // Each layer that splits by weight, within its own limits (one finding per limit, not per layer).
      const seen = new Set<string>();
      app.exposures.forEach((e, x) => {
        const split = e.traits.split;
        if (split.by !== 'weight') return;
        if (
          split.maxBackends !== undefined &&
          app.versions.length > split.maxBackends &&
          !seen.has(`backends-${split.maxBackends}`)
        ) {
          seen.add(`backends-${split.maxBackends}`);
          findings.push({
            field: 'versions',
            value: app.versions.length,
            message: `${e.traits.label} (expose[${x}]) splits traffic between at most ${split.maxBackends} versions, and the app has ${app.versions.length}`,
            fix: `keep at most ${split.maxBackends - 1} canaries`,
          });
        }
        if (!integerWeights(app.versions, split.maxTotal, split.maxWeight) && !seen.has(split.precision)) {
          seen.add(split.precision);
          const i = app.versions.findIndex(
            (v, j) => j > 0 && !integerWeights([app.versions[0], v], split.maxTotal, split.maxWeight),
          );
          findings.push({
            field: `${versionField(app, Math.max(i, 1))}.weight`,
            value: app.versions[Math.max(i, 1)].weight,
            message: `needs a finer split than ${e.traits.label} (expose[${x}]) allows (${split.precision})`,
            fix: 'use a weight with fewer decimals, e.g. 0.5',
          });
        }
      });
    }
    return outcome(findings);
  },
};
