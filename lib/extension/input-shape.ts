import type { Shape } from '../model/input/shape';

/**
 * The runtime shape of a user kind's props, built from the library's own shape vocabulary (the one the
 * generated shapes of the built-in kinds use), for `ExposureKit.checkProps`: a JavaScript caller's value of
 * the wrong type becomes a problem with its field, the value and a fix, never a TypeError.
 *
 * @example
 * const TRAEFIK_PROPS = InputShape.object({
 *   hosts: InputShape.list(InputShape.string()),
 *   entryPoints: InputShape.optional(InputShape.list(InputShape.string())),
 * });
 */
export class InputShape {
  /**
   * A string.
   * @example InputShape.object({ host: InputShape.string() })
   */
  public static string(): InputShape {
    return new InputShape({ t: 'string' });
  }

  /**
   * A finite number.
   * @example InputShape.object({ priority: InputShape.number() })
   */
  public static number(): InputShape {
    return new InputShape({ t: 'number' });
  }

  /**
   * `true` or `false`.
   * @example InputShape.object({ tls: InputShape.boolean() })
   */
  public static boolean(): InputShape {
    return new InputShape({ t: 'boolean' });
  }

  /** One of the given values. @example InputShape.oneOf('web', 'websecure') */
  public static oneOf(...values: readonly (string | number | boolean)[]): InputShape {
    return new InputShape({ t: 'enum', values });
  }

  /**
   * A list whose every item has the shape `of` (a string where a list belongs is one problem).
   * @example InputShape.list(InputShape.string()) // hosts: ['a.example.com'], never 'a.example.com'
   */
  public static list(of: InputShape): InputShape {
    return new InputShape({ t: 'array', of: of.shape });
  }

  /**
   * An object of string keys whose every value has the shape `of`.
   * @example InputShape.record(InputShape.string()) // annotations: { 'example.com/owner': 'team-a' }
   */
  public static record(of: InputShape): InputShape {
    return new InputShape({ t: 'record', of: of.shape });
  }

  /**
   * A cdk8s `Duration`.
   * @example InputShape.object({ timeout: InputShape.optional(InputShape.duration()) })
   */
  public static duration(): InputShape {
    return new InputShape({ t: 'instance', name: 'Duration' });
  }

  /**
   * Any value (not checked).
   * @example InputShape.object({ extra: InputShape.optional(InputShape.any()) })
   */
  public static any(): InputShape {
    return new InputShape({ t: 'unknown' });
  }

  /**
   * One of several shapes.
   * @example InputShape.anyOf(InputShape.number(), InputShape.string()) // a port by number or by name
   */
  public static anyOf(...shapes: readonly InputShape[]): InputShape {
    return new InputShape({ t: 'union', of: shapes.map((s) => s.shape) });
  }

  /**
   * An object with these fields (an unknown field is a problem naming the nearest known one). A field is
   * required unless its shape is wrapped in `InputShape.optional`.
   *
   * @example
   * InputShape.object({
   *   hosts: InputShape.list(InputShape.string()),
   *   entryPoints: InputShape.optional(InputShape.list(InputShape.string())),
   * })
   */
  public static object(fields: Readonly<Record<string, InputShape>>): InputShape {
    return new InputShape({
      t: 'object',
      fields: Object.fromEntries(
        Object.entries(fields).map(([k, v]) => [k, { shape: v.shape, ...(v.isOptional ? { optional: true } : {}) }]),
      ),
    });
  }

  /**
   * A field that may be left out (for `InputShape.object`).
   * @example InputShape.object({ middlewares: InputShape.optional(InputShape.list(InputShape.string())) })
   */
  public static optional(s: InputShape): InputShape {
    return new InputShape(s.shape, true);
  }

  private constructor(
    /** The shape, as the library's checker reads it. @internal */
    public readonly shape: Shape,
    /** True when the field may be left out. */
    public readonly isOptional = false,
  ) {}
}
