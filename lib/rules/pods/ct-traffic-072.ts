import { NOT_APPLICABLE, outcome, Rule } from '../rule';
import { streamingChain } from '../../model/traffic/streaming-chain';

/**
 * CT-TRAFFIC-072: The server's keep-alive outlasts the idle timeout of every layer in front: otherwise a load balancer
 * reuses a connection the server has just closed, and the request fails with a 502 (vLLM's default keep-alive is 5 s,
 * an ALB's idle timeout 60 s).
 */
export const CT_TRAFFIC_072: Rule = {
  id: 'CT-TRAFFIC-072',
  severity: 'error',
  description: "The server's keep-alive outlasts the idle timeout of every load balancer and proxy in front (no 502s).",
  check(app) {
    const keepAlive = app.server?.keepAliveSeconds;
    if (keepAlive === undefined || app.exposures.length === 0) return NOT_APPLICABLE;
    return outcome(
      streamingChain(app).hops.flatMap((h) =>
        h.timeout === 'idle' && h.seconds !== undefined && keepAlive <= h.seconds
          ? [
              {
                field: 'server.keepAlive',
                value: keepAlive,
                message: `the server closes idle connections after ${keepAlive}s, not later than the idle timeout of ${h.layer} (${h.seconds}s, ${h.source.kind === 'default' ? `default of ${h.source.of}` : 'declared'}): it would reuse connections the server has closed (502)`,
                fix: `raise the server's keep-alive above ${h.seconds}s (e.g. Duration.seconds(${h.seconds + 5})) in the server and in \`server.keepAlive\`, or lower that layer's idle timeout below ${keepAlive}s`,
              },
            ]
          : [],
      ),
    );
  },
};
