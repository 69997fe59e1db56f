import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-011: A canary runs a different image than the stable version (otherwise it is no second version). */
export const CT_TRAFFIC_011: Rule = {
  id: 'CT-TRAFFIC-011',
  severity: 'error',
  description: 'A canary runs a different image than the stable version (otherwise it is no second version).',
  check(app) {
    if (app.versions.length < 2) return NOT_APPLICABLE;
    const stable = app.versions[0];
    return outcome(
      app.versions
        .slice(1)
        // A version deployed elsewhere (`external`): its image is not known here.
        .filter((v) => !v.external && v.image === stable.image)
        .map((v) => ({
          field: `versions.${v.version}.image`,
          value: v.image,
          message: `is the stable version's image: the canary "${v.version}" would run the same build, so the split tests nothing`,
          fix: `set \`versions.${v.version}.image\` to the new build`,
        })),
    );
  },
};
