import type { WorkloadSpec } from '../model/app-spec';
import type { PolicyPortSpec } from '../model/dataplane/dataplane-spec';
import { podPortsOfServicePorts } from '../model/dataplane/exposure-sources';
import { resolveServicePort, weightedBackends, WeightedBackendSpec } from '../model/exposure/service-backend';
import { INSTANCES } from '../model/input/instances';
import { conform, INVALID, ShapeContext } from '../model/input/shape';
import { SHAPES } from '../model/input/shapes.generated';
import { VALUE_CHECKS_BY_TYPE } from '../model/input/check-input';
import { Problems, showValue } from '../model/problems';
import { WeightLimits, writtenWeights } from '../model/traffic/weights';
import type { ServicePortSpec } from '../model/workload/ports';
import type { PortRef } from '../model/workload/probe';
import { InputShape } from './input-shape';

/**
 * What every exposure kind needs, for a kind of your own (an `IExposure` and its renderer): the same helpers
 * the library's kinds use, behind a stable facade (the implementations behind it may change; these signatures
 * do not). Each checks its arguments: a wrong one is an error naming the helper and the value, never a TypeError.
 *
 * ```ts
 * const port = ExposureKit.servicePort(problems, `${field}.port`, workload, this.props.port);
 * const backends = port ? ExposureKit.versionBackends(workload, port) : [];
 * const weights = ExposureKit.writtenWeights(backends.map((b) => b.share), { maxTotal: 1000, maxWeight: 1000 });
 * ```
 */
export class ExposureKit {
  /**
   * The integer weights a layer writes for declared shares (percent, stable first, as `versionBackends` gives
   * them), within its limits: the exact conversion every built-in kind uses (a 0.5% canary within a total of 1000
   * is `[995, 5]`). A split the limits cannot write exactly (rule CT-TRAFFIC-013 refuses it) sends everything
   * to the first backend.
   *
   * @param shares declared percentages, e.g. `[99.5, 0.5]`
   * @param limits the layer's largest total and largest single weight, e.g. `{ maxTotal: 1000, maxWeight: 1000 }`
   * @example ExposureKit.writtenWeights([99.5, 0.5], { maxTotal: 1000, maxWeight: 1000 }) // [995, 5]
   */
  public static writtenWeights(shares: readonly number[], limits: WeightLimits): number[] {
    if (!Array.isArray(shares) || !shares.every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0))
      throw kitError('writtenWeights', 'shares', shares, 'a list of non-negative numbers (percent)');
    const positive = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
    if (typeof limits !== 'object' || limits === null || !positive(limits.maxTotal) || !positive(limits.maxWeight))
      throw kitError('writtenWeights', 'limits', limits, '{ maxTotal, maxWeight } with positive whole numbers');
    return writtenWeights(shares, limits);
  }

  /**
   * The app's Service port named or numbered `ref` (the first port when undefined), with the container port
   * behind it; a problem under `field` (and undefined) when the app has no Service or no such port.
   *
   * @example ExposureKit.servicePort(problems, 'expose[0].port', workload, 'http')
   */
  public static servicePort(
    problems: Problems,
    field: string,
    workload: WorkloadSpec,
    ref?: PortRef,
  ): ServicePortSpec | undefined {
    checkProblems('servicePort', problems);
    checkWorkload('servicePort', workload);
    return resolveServicePort(problems, field, workload, ref);
  }

  /**
   * The backends of one Service port, stable first, one per version (its own Service, the same port, its declared
   * share, `stable`, the `subsetLabels` a mesh subset selects its pods by, `external` for a version deployed
   * elsewhere, the `workloadName` whose pods it reaches), or the app's Service with the whole share (100) when it has
   * one version: what a layer that splits by weight sends to. The same list every built-in kind carries in its spec
   * (`versionBackends` of the model); put it in your kind's spec and let the renderer read it there.
   *
   * @example ExposureKit.versionBackends(workload, port) // [{ serviceName: 'web-v1', port: 80, share: 99.5, ... }, ...]
   */
  public static versionBackends(workload: WorkloadSpec, port: ServicePortSpec): WeightedBackendSpec[] {
    checkWorkload('versionBackends', workload);
    if (typeof port !== 'object' || port === null || typeof port.port !== 'number' || typeof port.target !== 'object')
      throw kitError('versionBackends', 'port', port, 'a Service port from ExposureKit.servicePort');
    return weightedBackends(workload, port);
  }

  /**
   * The pod ports behind the given Service ports (numbers), for a `fronts` trait: what a default-deny network
   * policy must open for the source in front of the pods. Ports the Service does not have are left out.
   *
   * @example ExposureKit.podPorts(workload, [80]) // [{ port: 8080, protocol: 'TCP' }]
   */
  public static podPorts(workload: WorkloadSpec, servicePorts: readonly number[]): PolicyPortSpec[] {
    checkWorkload('podPorts', workload);
    if (!Array.isArray(servicePorts) || !servicePorts.every((p) => typeof p === 'number'))
      throw kitError('podPorts', 'servicePorts', servicePorts, 'a list of Service port numbers');
    return podPortsOfServicePorts(workload, servicePorts);
  }

  /**
   * Checks a kind's props against its declared shape with the library's input checker (the one every built-in
   * kind's props go through): each mismatch is a problem under `field` with the value and a fix; the props
   * returned have the mismatching parts dropped, or are undefined when the props themselves are unusable.
   *
   * @example const p = ExposureKit.checkProps<TraefikProps>(problems, field, this.props, TRAEFIK_PROPS)
   */
  public static checkProps<P>(problems: Problems, field: string, props: unknown, shape: InputShape): P | undefined {
    checkProblems('checkProps', problems);
    if (!(shape instanceof InputShape)) throw kitError('checkProps', 'shape', shape, 'an InputShape');
    const ctx: ShapeContext = { problems, shapes: SHAPES, instances: INSTANCES, values: VALUE_CHECKS_BY_TYPE };
    const out = conform(ctx, field, props, shape.shape);
    return out === INVALID ? undefined : (out as P);
  }

  private constructor() {}
}

function kitError(helper: string, arg: string, value: unknown, expected: string): Error {
  return new Error(
    `ExposureKit.${helper}: \`${arg}\` must be ${expected} (received ${showValue(value)}). Fix: pass ${expected}, as the JSDoc of ExposureKit.${helper} shows`,
  );
}

function checkProblems(helper: string, problems: unknown): void {
  if (!(problems instanceof Problems))
    throw kitError(helper, 'problems', problems, 'the Problems list resolve() received');
}

function checkWorkload(helper: string, workload: unknown): void {
  const w = workload as WorkloadSpec | null;
  if (typeof w !== 'object' || w === null || typeof w.name !== 'string' || !Array.isArray(w.versions))
    throw kitError(helper, 'workload', workload, 'the WorkloadSpec resolve() received');
}
