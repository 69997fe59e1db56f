import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/** CT-TRAFFIC-020: Every declared retry fits in the request timeout. */
export const CT_TRAFFIC_020: Rule = {
  id: 'CT-TRAFFIC-020',
  severity: 'warning',
  description: 'Every declared retry fits in the request timeout.',
  check(app) {
    const { retry, requestTimeoutSeconds } = app.traffic;
    if (!retry || retry.perTryTimeoutSeconds === undefined || requestTimeoutSeconds === undefined)
      return NOT_APPLICABLE;
    const fit = Math.floor(requestTimeoutSeconds / retry.perTryTimeoutSeconds) - 1;
    return outcome(
      fit >= retry.attempts
        ? []
        : [
            {
              field: 'traffic.retry.attempts',
              value: retry.attempts,
              message: `${retry.attempts + 1} tries of ${retry.perTryTimeoutSeconds}s do not fit in the request timeout (${requestTimeoutSeconds}s): at most ${Math.max(fit, 0)} retries can happen`,
              fix: `lower attempts to ${Math.max(fit, 1)}, shorten perTryTimeout, or lengthen requestTimeout to ${(retry.attempts + 1) * retry.perTryTimeoutSeconds}s`,
            },
          ],
    );
  },
};
