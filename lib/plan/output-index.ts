import type { Manifest, SynthOutput } from './read-output';
import { at, isRecord } from './values';

/** The labels that name an object's app, in order (the library writes the first; an app may choose `app`). */
const APP_LABELS = ['app.kubernetes.io/name', 'app'];
const VERSION_LABEL = 'version';
/** The annotation the library writes on a TargetGroupBinding: the Terraform load balancer it joins. */
const LOAD_BALANCER_ANNOTATION = 'cdk-traffic/load-balancer';

/** Where an AWS target group's pods are: the app and version of the TargetGroupBinding that names it. */
export interface TargetGroupOwner {
  readonly app: string;
  readonly version?: string;
  readonly loadBalancer?: string;
}

/** Lookups across one output: which app an object belongs to, which version a backend reaches. */
export class OutputIndex {
  private readonly serviceVersions = new Map<string, string>();
  private readonly targetGroups = new Map<string, TargetGroupOwner>();
  private readonly appsByNamespace = new Map<string, Set<string>>();

  constructor(output: SynthOutput) {
    for (const m of output.manifests) this.index(m);
  }

  /** `<namespace>/<name>` of the object's app label, or undefined for objects of no app. */
  appOf(m: Manifest): string | undefined {
    const name = APP_LABELS.map((l) => m.labels[l]).find((v) => v);
    if (!name) return undefined;
    return m.namespace ? `${m.namespace}/${name}` : name;
  }

  /** The `version` a Service (by namespace and name) selects, when it selects one. */
  serviceVersion(namespace: string | undefined, name: string): string | undefined {
    return this.serviceVersions.get(`${namespace ?? ''}/${name}`);
  }

  targetGroupOwner(name: string): TargetGroupOwner | undefined {
    return this.targetGroups.get(name);
  }

  /** The apps with objects in a namespace, sorted. */
  appsIn(namespace: string): string[] {
    return [...(this.appsByNamespace.get(namespace) ?? [])].sort();
  }

  private index(m: Manifest): void {
    const app = this.appOf(m);
    if (app && m.namespace) {
      const set = this.appsByNamespace.get(m.namespace) ?? new Set<string>();
      set.add(app);
      this.appsByNamespace.set(m.namespace, set);
    }
    if (m.kind === 'Service') {
      const selector = at(m.body, 'spec.selector');
      if (isRecord(selector) && typeof selector[VERSION_LABEL] === 'string') {
        this.serviceVersions.set(`${m.namespace ?? ''}/${m.name}`, selector[VERSION_LABEL]);
      }
    }
    const tgName = at(m.body, 'spec.targetGroupName');
    if (m.kind === 'TargetGroupBinding' && typeof tgName === 'string' && app) {
      this.targetGroups.set(tgName, {
        app,
        version: m.labels[VERSION_LABEL],
        loadBalancer: m.annotations[LOAD_BALANCER_ANNOTATION],
      });
    }
  }
}

/**
 * The layer (the product that applies the setting) of a Kubernetes object, from its kind and API group only: never
 * from a setting that can change (a Service's type, an Ingress's class), so that such a change is a change of the
 * setting and not an object removed from one layer and added to another.
 */
export function layerOf(m: Manifest): string {
  const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
  if (m.kind === 'Ingress' || m.kind === 'NetworkPolicy') return m.kind;
  const byGroup: [RegExp, string][] = [
    [/^gateway\.networking\.k8s\.io$/, 'Gateway API'],
    [/istio\.io$/, 'Istio'],
    [/linkerd\.io$/, 'Linkerd'],
    [/^cilium\.io$/, 'Cilium'],
    [/^elbv2\.k8s\.aws$|^gateway\.k8s\.aws$/, 'AWS Load Balancer Controller'],
    [/^cloud\.google\.com$|gke\.io$/, 'GKE'],
    [/^alb\.networking\.azure\.io$/, 'Azure AGC'],
    [/^inference\.networking\.k8s\.io$/, 'Gateway API Inference Extension'],
  ];
  return byGroup.find(([re]) => re.test(group))?.[1] ?? 'Kubernetes';
}

/** `Kind namespace/name` as the report names an object. */
export function subjectOf(m: Manifest): string {
  return `${m.kind} ${m.namespace ? `${m.namespace}/` : ''}${m.name}`;
}
