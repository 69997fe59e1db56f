import type { EnvValueSpec } from '../app-spec';

/** The value of an environment variable taken from a Secret or a ConfigMap. */
export class EnvFrom {
  /**
   * A key of a Secret in the app's namespace.
   * @example
   * TrafficApp.define({
   *   ...props,
   *   env: { DB_PASSWORD: EnvFrom.secret('orders-db', 'password') },
   * });
   */
  static secret(name: string, key: string): EnvFrom {
    return new EnvFrom({ kind: 'secret', name, key });
  }

  /**
   * A key of a ConfigMap in the app's namespace.
   * @example
   * TrafficApp.define({
   *   ...props,
   *   env: { LOG_LEVEL: EnvFrom.configMap('orders-config', 'log-level') },
   * });
   */
  static configMap(name: string, key: string): EnvFrom {
    return new EnvFrom({ kind: 'configMap', name, key });
  }

  private constructor(
    /** Where the value comes from. */
    public readonly spec: EnvValueSpec,
  ) {}
}

/** An environment variable's value: a literal string or `EnvFrom.secret(...)` / `EnvFrom.configMap(...)`. */
export type EnvValue = string | EnvFrom;
