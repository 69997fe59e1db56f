import { targetNeeds } from '../../model/targets/target-needs';
import { targetEntry } from '../../model/targets/target-table';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TARGET-002: what the app writes does not need a target the targets declare not installed (`'none'`). */
export const CT_TARGET_002: Rule = {
  id: 'CT-TARGET-002',
  severity: 'error',
  description: "Nothing the app writes needs a target declared not installed ('none').",
  check(app) {
    const needs = targetNeeds(app);
    if (needs.length === 0) return NOT_APPLICABLE;
    return outcome(
      needs
        .filter((n) => !app.targets.versions[n.target].version)
        .map((n) => {
          const name = targetEntry(n.target).name;
          return {
            field: n.field,
            value: `${n.target}: 'none'`,
            message: `needs ${name} (${n.why}), which the targets say is not installed`,
            fix: `declare the ${name} version the clusters run in the targets, or remove what needs it`,
          };
        }),
    );
  },
};
