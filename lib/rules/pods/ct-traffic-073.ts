import { NOT_APPLICABLE, outcome, Rule } from '../rule';

/**
 * CT-TRAFFIC-073: The termination grace period covers the preStop drain plus the server's own drain
 * (`server.shutdown`): otherwise the kubelet kills the server while it still finishes streams.
 */
export const CT_TRAFFIC_073: Rule = {
  id: 'CT-TRAFFIC-073',
  severity: 'error',
  description: "The termination grace period covers the preStop drain plus the server's declared drain.",
  check(app) {
    const s = app.server?.shutdown;
    if (s?.mode !== 'drain' || s.timeoutSeconds === undefined) return NOT_APPLICABLE;
    const a = app.availability;
    const needed = a.drainSeconds + s.timeoutSeconds;
    return outcome(
      a.gracePeriodSeconds < needed
        ? [
            {
              field: a.gracePeriodExplicit ? 'availability.terminationGracePeriod' : 'server.shutdown',
              value: a.gracePeriodSeconds,
              message: `the grace period (${a.gracePeriodSeconds}s) is shorter than the preStop drain (${a.drainSeconds}s) plus the server's drain (${s.timeoutSeconds}s): the pod is killed while it still finishes streams`,
              fix: `set \`availability.terminationGracePeriod\` to at least Duration.seconds(${needed}) (and \`availability.shutdown\` to the server's drain), or shorten the server's drain`,
            },
          ]
        : [],
    );
  },
};
