import type { Duration } from 'cdk8s';
import { wholeSeconds } from '../durations';
import type { Problems } from '../problems';

/**
 * What the app's server does on SIGTERM: `drain` stops accepting new requests and lets in-flight ones (streams)
 * finish for at most `timeout`; `immediate` exits and drops them (vLLM's default without `--shutdown-timeout`).
 *
 * @see https://docs.vllm.ai/en/latest/cli/serve.html
 */
export class ServerShutdown {
  /**
   * The server drains in-flight requests for at most `timeout` after SIGTERM.
   * @example
   * ServerShutdown.drain(Duration.minutes(10)); // vLLM: --shutdown-timeout 600
   */
  static drain(timeout: Duration): ServerShutdown {
    return new ServerShutdown('drain', timeout);
  }

  /**
   * The server exits at SIGTERM and drops in-flight requests.
   * @example
   * ServerShutdown.immediate();
   */
  static immediate(): ServerShutdown {
    return new ServerShutdown('immediate');
  }

  private constructor(
    /** `drain` or `immediate`. */
    public readonly mode: 'drain' | 'immediate',
    /** How long a drain may take. */
    public readonly timeout?: Duration,
  ) {}
}

/** What the app's own HTTP server does with connections: its keep-alive and its shutdown. */
export interface ServerOptions {
  /**
   * The server's HTTP keep-alive timeout: an idle connection is closed by the server after it. It must outlast the
   * idle timeout of every load balancer and proxy in front (else they reuse a connection the server just closed: 502).
   * Range: 1 s to 24 h (86400 s), whole seconds.
   * @default not declared (the chain shows it unknown)
   * @example Duration.seconds(120) // llm-d's vLLM setting; vLLM's own default is 5 s
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout (the application's keep-alive must be longer than the load balancer's idle timeout)
   */
  readonly keepAlive?: Duration;
  /**
   * What the server does on SIGTERM.
   * @default not declared
   */
  readonly shutdown?: ServerShutdown;
}

/** The resolved server options. */
export interface ServerSpec {
  readonly keepAliveSeconds?: number;
  readonly shutdown?: { readonly mode: 'drain' | 'immediate'; readonly timeoutSeconds?: number };
}

/** Resolves `server`: a keep-alive of at least 1 s, a drain with a timeout of at least 1 s. */
export function resolveServer(problems: Problems, o: ServerOptions | undefined): ServerSpec {
  if (o === undefined) return {};
  const keepAliveSeconds =
    o.keepAlive === undefined
      ? undefined
      : wholeSeconds(problems, 'server.keepAlive', o.keepAlive, 0, {
          min: 1,
          max: 86_400,
          fix: 'set the keep-alive the server really uses, at least 1 s (e.g. Duration.seconds(120)), longer than every idle timeout in front',
        });
  let shutdown: ServerSpec['shutdown'];
  const s = o.shutdown;
  if (s !== undefined) {
    if (!(s instanceof ServerShutdown) || (s.mode !== 'drain' && s.mode !== 'immediate'))
      problems.add(
        'server.shutdown',
        s,
        'is not a ServerShutdown',
        'use ServerShutdown.drain(Duration.minutes(10)) or ServerShutdown.immediate()',
      );
    else if (s.mode === 'drain') {
      const t = wholeSeconds(problems, 'server.shutdown.timeout', s.timeout, 0, {
        min: 1,
        max: 3600,
        fix: 'give ServerShutdown.drain a timeout from 1 s to 1 h',
      });
      if (s.timeout === undefined)
        problems.add(
          'server.shutdown.timeout',
          undefined,
          'a drain needs its timeout',
          'give ServerShutdown.drain(Duration.minutes(10))',
        );
      shutdown = { mode: 'drain', timeoutSeconds: t };
    } else shutdown = { mode: 'immediate' };
  }
  return {
    ...(keepAliveSeconds !== undefined && keepAliveSeconds > 0 ? { keepAliveSeconds } : {}),
    ...(shutdown ? { shutdown } : {}),
  };
}
