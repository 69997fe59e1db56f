import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamOf } from '../helpers';

/**
 * CT-TRAFFIC-074: In the streaming profile, a server whose shutdown is declared drains in-flight streams for at least
 * the longest stream (vLLM's default shutdown drops them: start it with a drain timeout).
 */
export const CT_TRAFFIC_074: Rule = {
  id: 'CT-TRAFFIC-074',
  severity: 'error',
  description:
    'In the streaming profile, the server drains in-flight streams for at least the longest stream on SIGTERM.',
  check(app) {
    const max = streamOf(app);
    const s = app.server?.shutdown;
    if (max === undefined || s === undefined) return NOT_APPLICABLE;
    const drains = s.mode === 'drain' ? (s.timeoutSeconds ?? 0) : 0;
    return outcome(
      drains < max
        ? [
            {
              field: 'server.shutdown',
              value: s.mode === 'drain' ? `drain ${drains}s` : 'immediate',
              message:
                s.mode === 'drain'
                  ? `the server drains for ${drains}s on SIGTERM, shorter than the longest stream (${max}s): longer streams are cut at every rollout`
                  : 'the server drops in-flight streams on SIGTERM: every rollout and node drain cuts them',
              fix: `start the server with a drain of at least ${max}s (vLLM: --shutdown-timeout ${max}) and declare ServerShutdown.drain(Duration.seconds(${max}))`,
            },
          ]
        : [],
    );
  },
};
