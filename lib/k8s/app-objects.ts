import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import type { AppSpec } from '../model/app-spec';
import type { ExposureSpec } from '../model/exposure/exposure';
import { AppWorkload } from './workload/app-workload';

/**
 * The construct id of an exposure's renderer: `<kind>-<name>` (the name of the object it writes), so it does
 * not change when `expose` is reordered or another exposure is added.
 */
export function exposureId(e: ExposureSpec): string {
  return `${e.kind}-${e.name}`;
}

const apiObjectsUnder = (c: IConstruct): ApiObject[] =>
  c.node.findAll().filter((x): x is ApiObject => x instanceof ApiObject);

/**
 * The generated objects of one app, by role: the escape hatch that lasts. Each is the cdk8s `ApiObject`
 * written to the manifest, so `addJsonPatch(JsonPatch.add(...))` changes what is written, and the checks of
 * the written objects (`checkWrittenObjects`) then run on the patched result at synth.
 *
 * ```ts
 * const o = chart.objectsOf(web);
 * o.workload().addJsonPatch(JsonPatch.add('/spec/template/spec/hostAliases', [{ ip: '10.0.0.1', hostnames: ['db'] }]));
 * o.exposure('web-public').forEach((x) => x.metadata.addAnnotation('example.com/team', 'web'));
 * ```
 */
export class AppObjects {
  private readonly workloadConstruct: AppWorkload;

  constructor(
    /** The construct holding the app's objects (`<chart>/<app id>`). */
    public readonly scope: Construct,
    /** The resolved app. */
    public readonly spec: AppSpec,
    /**
     * The construct id of each exposure's renderer (`<kind>-<name>`, `-2` and on where two would be the same);
     * left out: `exposureId` of each of the app's exposures (no map kept for an app without exposures).
     */
    private readonly exposureIds?: ReadonlyMap<ExposureSpec, string>,
  ) {
    const w = scope.node.tryFindChild('workload');
    if (!(w instanceof AppWorkload)) throw new Error(`${scope.node.path} holds no AppWorkload`);
    this.workloadConstruct = w;
  }

  /**
   * The Deployment (or StatefulSet) of a version: the stable one when `version` is left out or names the
   * stable version, else the canary of that version label. A version deployed elsewhere has none (an error says so).
   */
  workload(version?: string): ApiObject {
    const stable = this.spec.versions[0];
    const key = version === undefined || version === stable.version ? undefined : version;
    const o = this.workloadConstruct.workloads.get(key);
    if (!o && this.spec.versions.some((v) => v.external && v.version === version))
      throw new Error(
        `version "${version}" of app "${this.spec.name}" is deployed elsewhere (\`external\`): no workload is written for it (its Service is \`versionService("${version}")\`)`,
      );
    if (!o)
      throw new Error(
        `app "${this.spec.name}" has no version "${version}" (versions: ${this.spec.versions.map((v) => v.version ?? '(stable)').join(', ')})`,
      );
    return o;
  }

  /** Same as `workload(version)`: the Deployment (or StatefulSet) of a version. */
  deployment(version?: string): ApiObject {
    return this.workload(version);
  }

  /** The app's Service, unless `service: false`. */
  get service(): ApiObject | undefined {
    return this.workloadConstruct.service;
  }

  /** The Service of one version (apps with several versions only). */
  versionService(version: string): ApiObject | undefined {
    return this.workloadConstruct.versionServices.get(version);
  }

  /** The PersistentVolumeClaim written for a `Volume.claim` volume, by the volume's key in `volumes`. */
  claim(volume: string): ApiObject | undefined {
    return this.workloadConstruct.claims.get(volume);
  }

  /** The StatefulSet's governing headless Service, when the library writes it. */
  get governingService(): ApiObject | undefined {
    return this.workloadConstruct.governingService;
  }

  /** The ServiceAccount, unless the app runs under an existing one. */
  get serviceAccount(): ApiObject | undefined {
    return this.workloadConstruct.serviceAccount;
  }

  /** The PodDisruptionBudget, when written. */
  get pdb(): ApiObject | undefined {
    return this.workloadConstruct.disruptionBudget;
  }

  /** The HorizontalPodAutoscaler, when the app autoscales. */
  get hpa(): ApiObject | undefined {
    return this.workloadConstruct.autoscaler;
  }

  /** The CiliumNetworkPolicy or NetworkPolicy, when the app's dataplane writes one. */
  get networkPolicy(): ApiObject | undefined {
    const c = this.scope.node.tryFindChild('cilium-network-policy') ?? this.scope.node.tryFindChild('network-policy');
    return c ? apiObjectsUnder(c)[0] : undefined;
  }

  /** The names `exposure(name)` accepts, in the order of `expose`. */
  get exposureNames(): string[] {
    return [...new Set(this.spec.exposures.map((e) => e.name))];
  }

  /**
   * The objects the exposures of a name write (an Ingress; a route and the Gateway it creates; a Service; an
   * Istio VirtualService and DestinationRule), by the exposure's name (the name of its main object): every
   * exposure of that name (default names are the app's, so an Ingress and a route may share one), in the order
   * of `expose`. Terraform load balancers write their TargetGroupBindings under `targetGroupBindings`.
   */
  exposure(name: string): ApiObject[] {
    const found = this.spec.exposures.filter((x) => x.name === name);
    if (found.length === 0)
      throw new Error(
        `app "${this.spec.name}" has no exposure named "${name}" (exposures: ${this.exposureNames.join(', ') || 'none'})`,
      );
    return found.flatMap((e) => this.objectsOfExposure(e));
  }

  private objectsOfExposure(e: ExposureSpec): ApiObject[] {
    const id = this.exposureIds ? this.exposureIds.get(e) : this.spec.exposures.includes(e) ? exposureId(e) : undefined;
    const c = id === undefined ? undefined : this.scope.node.tryFindChild(id);
    return c ? apiObjectsUnder(c) : [];
  }

  /** The TargetGroupBindings of the Terraform-managed load balancers, by target group name. */
  get targetGroupBindings(): ApiObject[] {
    return this.spec.exposures
      .flatMap((e) => (e.traits.loadBalancerTargetsPods ? this.objectsOfExposure(e) : []))
      .filter((o) => o.kind === 'TargetGroupBinding');
  }

  /** Every object of the app (including any a user added under its scope). */
  all(): ApiObject[] {
    return apiObjectsUnder(this.scope);
  }
}
