import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-045: The idle timeout is not shorter than the request timeout. */
export const CT_TRAFFIC_045: Rule = {
  id: 'CT-TRAFFIC-045',
  severity: 'warning',
  description: 'The idle timeout is not shorter than the request timeout.',
  check(app) {
    const { requestTimeoutSeconds: req, idleTimeoutSeconds: idle } = app.traffic;
    if (req === undefined || app.traffic.profile === 'streaming') return NOT_APPLICABLE;
    return outcome(
      idle >= req
        ? []
        : [
            {
              field: 'traffic.idleTimeout',
              value: idle,
              message: `(${idle}s) is shorter than the request timeout (${req}s): a response that sends nothing for ${idle}s is cut before its timeout`,
              fix: `set idleTimeout to at least Duration.seconds(${req}), or shorten requestTimeout`,
            },
          ],
    );
  },
};
