import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamOf } from '../helpers';

/** CT-TRAFFIC-021: In the streaming profile, a per-try timeout does not cut streams. */
export const CT_TRAFFIC_021: Rule = {
  id: 'CT-TRAFFIC-021',
  severity: 'error',
  description: 'In the streaming profile, a per-try timeout does not cut streams.',
  check(app) {
    const { retry } = app.traffic;
    const max = streamOf(app);
    if (max === undefined || retry?.perTryTimeoutSeconds === undefined) return NOT_APPLICABLE;
    return outcome(
      retry.perTryTimeoutSeconds >= max
        ? []
        : [
            {
              field: 'traffic.retry.perTryTimeout',
              value: retry.perTryTimeoutSeconds,
              message: `is shorter than the longest stream (${max}s): every stream longer than ${retry.perTryTimeoutSeconds}s would be cut and retried from the start`,
              fix: `remove perTryTimeout (the streaming profile has no request timeout) or set it to at least Duration.seconds(${max})`,
            },
          ],
    );
  },
};
