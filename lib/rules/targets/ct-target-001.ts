import { targetNeeds } from '../../model/targets/target-needs';
import { targetEntry } from '../../model/targets/target-table';
import { atLeast } from '../../model/targets/version';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TARGET-001: what the app writes runs on the declared target versions (each need's minimum version). */
export const CT_TARGET_001: Rule = {
  id: 'CT-TARGET-001',
  severity: 'error',
  description:
    'What the app writes runs on the declared targets: no field, object or controller feature newer than the target version.',
  check(app) {
    const needs = targetNeeds(app).filter((n) => n.minVersion !== undefined);
    if (needs.length === 0) return NOT_APPLICABLE;
    return outcome(
      needs.flatMap((n) => {
        const t = app.targets.versions[n.target];
        if (!t.version || atLeast(t.version, n.minVersion!)) return [];
        const name = targetEntry(n.target).name;
        return [
          {
            field: n.field,
            value: `${name} ${t.text}`,
            message: `needs ${name} ${n.minVersion} or later (${n.why}), but the targets say ${t.text}${t.declared ? '' : ' (default)'}`,
            fix: `upgrade ${name} to ${n.minVersion} or later and declare it in the targets (TrafficTargets, or the chart's \`targets\`), or remove what needs it`,
          },
        ];
      }),
    );
  },
};
