import { layerSettings } from '../exposure-layers';
import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-041: No target group's deregistration delay outlasts the pods' termination grace period. */
export const CT_TRAFFIC_041: Rule = {
  id: 'CT-TRAFFIC-041',
  severity: 'error',
  description: "No target group's deregistration delay outlasts the pods' termination grace period.",
  check(app) {
    const found = layerSettings(app, 'deregistrationDelaySeconds');
    if (found.length === 0) return NOT_APPLICABLE;
    const grace = app.availability.gracePeriodSeconds;
    // Delays up to the traffic policy's are already reported by resolution (CT-K8S-003), so only a
    // layer's own longer delay is reported here.
    const covered = Math.max(grace, app.traffic.deregistrationDelaySeconds ?? 0);
    return outcome(
      found
        .filter((s) => typeof s.value === 'number' && s.value > covered)
        .map((s) => ({
          field: s.field,
          value: s.value,
          message: `the deregistration delay of ${s.layer} (${s.value}s) is longer than the pods' termination grace period (${grace}s): the load balancer would keep sending in-flight requests to killed pods`,
          fix: `set \`availability.terminationGracePeriod\` to at least Duration.seconds(${s.value}) (or leave it out), or shorten the deregistration delay`,
        })),
    );
  },
};
