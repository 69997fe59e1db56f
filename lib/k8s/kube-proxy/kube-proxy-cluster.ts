import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import type { AppSpec } from '../../model/app-spec';
import { TrafficApp } from '../../model/app';
import { KubeProxyClusterProps } from '../../model/kube-proxy/kube-proxy-props';
import { IPVS_DEPRECATED_MINOR, KubeProxySpec, resolveKubeProxy } from '../../model/kube-proxy/kube-proxy-spec';
import { Problems, shouldPrint, showValue } from '../../model/problems';
import { PROXY_RULE_IDS, PROXY_RULES } from '../../rules/proxy-rules';
import { SynthProblems, problemsOf, throwIfAny } from '../../synth/synth-problems';
import { addObject } from '../api-object';
import { appsInCharts } from '../chart-apps';
import { CiliumCluster } from '../cilium/cilium-cluster';
import { TrafficTargets } from '../../synth/traffic-targets';
import type { TargetsSpec } from '../../model/targets/targets-spec';
import { minorOf, parseVersion } from '../../model/targets/version';
import {
  EksKubeProxyAddonValues,
  KubeProxyConfigurationDocument,
  eksAddonValues,
  kubeProxyConfiguration,
} from './kube-proxy-configuration';

/** Props of `KubeProxyCluster`. */
export interface KubeProxyClusterConstructProps extends KubeProxyClusterProps {
  /**
   * Apps to check against this kube-proxy besides those of the TrafficCharts in the same cdk8s App (streams
   * against the conntrack and IPVS timeouts, the mode's handling of their Services).
   * @default - only the apps of the App's TrafficCharts
   */
  readonly apps?: readonly TrafficApp[];
  /**
   * File written into the `kubeadm/` or `eks/` subfolder of the output folder by `writeKubeProxyConfigs(app)` (the self-managed
   * ConfigMap is a manifest of the enclosing Chart).
   * @default 'kube-proxy-config.yaml' (kubeadm), 'kube-proxy-eks-addon.json' (EKS)
   */
  readonly fileName?: string;
}

const FILE_NAME = /^[a-z0-9][a-z0-9._-]*\.(ya?ml|json)$/;

/**
 * A cluster's kube-proxy configuration, beside `CiliumCluster` for clusters that keep kube-proxy. The mode is always
 * written. Rendered for the distribution: a kubeadm `KubeProxyConfiguration` document or the EKS add-on's
 * `configurationValues` (files, written by `writeKubeProxyConfigs(app)` after `app.synth()`), or the `kube-proxy`
 * ConfigMap (kube-system, key `config.conf`) in the enclosing Chart. At synth it checks the apps of the same App
 * against the mode (rules CT-PROXY-0xx) and rejects a Cilium kube-proxy replacement in the same App.
 */
export class KubeProxyCluster extends Construct {
  /** Every `KubeProxyCluster` under a scope (construct-tree order). */
  static findAll(scope: Construct): KubeProxyCluster[] {
    return scope.node.findAll().filter((c): c is KubeProxyCluster => c instanceof KubeProxyCluster);
  }

  /** The validated configuration. */
  readonly spec: KubeProxySpec;
  /** The file name inside the output folder (kubeadm and EKS), undefined for self-managed. */
  readonly fileName?: string;
  private readonly extraApps: readonly TrafficApp[] = [];
  /** The definition's problems and those found at synth, reported with every other construct's of the App. */
  readonly synthProblems: SynthProblems;
  /** Warning lines already printed (validations may run more than once). */
  private readonly printed = new Set<string>();

  /** The versions this cluster's configuration is written for (the App's declared targets, else the defaults). */
  readonly targets: TargetsSpec;

  constructor(scope: Construct, id: string, props: KubeProxyClusterConstructProps) {
    super(scope, id);
    const path = this.node.path;
    this.synthProblems = new SynthProblems(this, {
      atSynth: () => this.appProblems().items.map((p) => ({ ...p, path })),
    });
    props = props ?? ({} as KubeProxyClusterConstructProps);
    const problems = new Problems();
    this.targets = TrafficTargets.of(this, problems);
    this.spec = resolveKubeProxy(kubernetesOfTargets(problems, props, this.targets), problems);
    if (
      props.fileName !== undefined &&
      (this.spec.distribution === 'self-managed' ||
        typeof props.fileName !== 'string' ||
        !FILE_NAME.test(props.fileName) ||
        props.fileName.endsWith('.k8s.yaml'))
    ) {
      problems.add(
        'fileName',
        props.fileName,
        this.spec.distribution === 'self-managed'
          ? 'applies only to the kubeadm and EKS files (the self-managed ConfigMap is written with the Chart)'
          : 'must be a plain lower-case file name ending in .yaml, .yml or .json, and not in .k8s.yaml',
        this.spec.distribution === 'self-managed' ? 'remove fileName' : 'use e.g. "kube-proxy-config.yaml"',
      );
    }
    this.extraApps = checkAppList(problems, props.apps);
    for (const id of Object.keys(this.spec.acknowledge))
      if (/^CT-PROXY-\d{3}$/.test(id) && !KNOWN_IDS.includes(id))
        problems.add(
          `acknowledge.${id}`,
          id,
          'is not the id of a kube-proxy check, so it would acknowledge nothing',
          `use an id printed with a kube-proxy warning (${KNOWN_IDS.join(', ')})`,
        );
    if (!this.synthProblems.build(() => problems.throwIfAny(path))) return;
    if (this.spec.distribution !== 'self-managed') {
      this.fileName =
        props.fileName ?? (this.spec.distribution === 'eks' ? 'kube-proxy-eks-addon.json' : 'kube-proxy-config.yaml');
    } else {
      addObject(this, 'ConfigMap', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'kube-proxy',
          namespace: 'kube-system',
          labels: { 'app.kubernetes.io/managed-by': 'cdk-traffic', 'k8s-app': 'kube-proxy' },
        },
        data: { 'config.conf': Yaml.stringify(this.toKubeProxyConfiguration()) },
      });
    }
    for (const line of this.clusterNotices()) this.warn(line);
  }

  /**
   * The `KubeProxyConfiguration` document (kubeadm, and the ConfigMap's `config.conf`). On a cluster with mistakes
   * it throws the App's `DefinitionError`, as the synth would.
   */
  toKubeProxyConfiguration(): KubeProxyConfigurationDocument {
    this.throwIfFailed();
    return kubeProxyConfiguration(this.spec);
  }

  /**
   * The EKS add-on's `configurationValues` (distribution 'eks' checks that the configuration fits them). On a
   * cluster with mistakes it throws the App's `DefinitionError`, as the synth would.
   */
  toEksConfigurationValues(): EksKubeProxyAddonValues {
    this.throwIfFailed();
    return eksAddonValues(this.spec);
  }

  /** The text of the file `writeKubeProxyConfigs` writes, or undefined for self-managed. */
  fileText(): string | undefined {
    if (this.spec.distribution === 'eks') return `${JSON.stringify(this.toEksConfigurationValues(), null, 2)}\n`;
    if (this.spec.distribution === 'kubeadm') {
      return (
        '# kube-proxy configuration for kubeadm, generated by cdk-traffic: append it to the kubeadm config after a "---"\n' +
        '# (kubeadm init --config kubeadm.yaml), or for a running cluster put it under config.conf of ConfigMap kube-system/kube-proxy.\n' +
        Yaml.stringify(this.toKubeProxyConfiguration())
      );
    }
    return undefined;
  }

  /** A cluster with mistakes has no configuration to give: its mistakes (and the App's) say why. */
  private throwIfFailed(): void {
    throwIfAny(this.synthProblems.built(), () => problemsOf(this.node.root, { written: false }));
  }

  private warn(line: string): void {
    if (this.printed.has(line)) return;
    this.printed.add(line);
    if (shouldPrint(undefined)) console.warn(line);
  }

  /** Cluster-wide warnings (CT-PROXY-001: IPVS is deprecated), acknowledged ones as such. */
  clusterNotices(): string[] {
    const v = this.spec.kubernetesVersion;
    const notices: { id: string; field: string; value: unknown; message: string; fix: string }[] = [];
    if (this.spec.mode === 'ipvs') {
      notices.push({
        id: 'CT-PROXY-001',
        field: 'mode',
        value: 'ipvs',
        message: `IPVS mode is deprecated since Kubernetes 1.${IPVS_DEPRECATED_MINOR} (this cluster: ${v.major}.${v.minor}${v.minor >= IPVS_DEPRECATED_MINOR ? ', deprecated' : ''}); it is planned to go behind a feature gate in 1.37 and off by default in 1.40`,
        fix: "move to mode 'nftables' (GA since 1.33, with the same O(1) rule lookups), or acknowledge CT-PROXY-001 on the KubeProxyCluster with the migration plan",
      });
    }
    return notices.map((n) => {
      const ack = this.spec.acknowledge[n.id];
      return ack !== undefined
        ? `[${this.node.path}] [${n.id}] acknowledged: ${ack} (${n.field}: ${n.message})`
        : `[${this.node.path}] [${n.id}] warning: ${n.field}: ${n.message} (received ${showValue(n.value)}). Fix: ${n.fix}`;
    });
  }

  /** The apps checked against this kube-proxy: those of the App's TrafficCharts, then the given ones not among them. */
  apps(): AppSpec[] {
    const inCharts = appsInCharts(this);
    const seen = new Set(inCharts.map((a) => `${a.namespace}/${a.name}`));
    const extra = this.extraApps
      .map((a) => a.resolve(this.targets))
      .filter((r) => r.problems.length === 0)
      .map((r) => r.spec)
      .filter((a) => !seen.has(`${a.namespace}/${a.name}`));
    return [...inCharts, ...extra];
  }

  /** Given apps with problems of their own (not in a chart, which reports them): each is a problem here, never dropped. */
  private brokenApps(problems: Problems): void {
    this.extraApps.forEach((a, i) => {
      const r = a.resolve(this.targets);
      if (r.problems.length === 0) return;
      const first = r.problems[0];
      problems.add(
        `apps[${i}]`,
        a.name,
        `has ${r.problems.length} problem(s) of its own (first: ${first.field}: ${first.message}), so it cannot be checked against kube-proxy`,
        `fix the app (put it in a TrafficChart to see every problem with its path): ${first.fix}`,
      );
    });
  }

  /** Acknowledgements of ids that no check of this cluster raised (they would acknowledge nothing). */
  private unraisedAcknowledgements(problems: Problems, raised: ReadonlySet<string>): void {
    for (const id of Object.keys(this.spec.acknowledge))
      if (KNOWN_IDS.includes(id) && !raised.has(id))
        problems.add(
          `acknowledge.${id}`,
          id,
          'no check of this cluster raised it, so it would acknowledge nothing',
          `remove it${raised.size ? ` (raised: ${[...raised].join(', ')})` : ''}`,
        );
  }

  /** Errors at synth (returned) and warnings (printed): the Cilium conflict, a second KubeProxyCluster, the rules on the apps. */
  private appProblems(): Problems {
    const problems = new Problems();
    const root = this.node.root;
    const kpr = root.node
      .findAll()
      .filter((c): c is CiliumCluster => c instanceof CiliumCluster && c.spec.values.kubeProxyReplacement);
    if (kpr.length > 0) {
      problems.add(
        'mode',
        this.spec.mode,
        `configures kube-proxy, but the CiliumCluster ${kpr.map((c) => c.node.path).join(', ')} in the same App replaces kube-proxy (kubeProxyReplacement): a cluster runs one or the other`,
        'remove this KubeProxyCluster (Cilium does its job), or set kubeProxyReplacement: false on the CiliumCluster',
      );
    }
    const others = KubeProxyCluster.findAll(root);
    if (others.length > 1 && others[0] !== this) {
      problems.add(
        'mode',
        this.spec.mode,
        `is a second KubeProxyCluster in the same App (also ${others[0].node.path}): an App describes one cluster`,
        'keep one KubeProxyCluster per cdk8s App (one App per cluster)',
      );
    }
    this.brokenApps(problems);
    const raised = new Set<string>(this.spec.mode === 'ipvs' ? ['CT-PROXY-001'] : []);
    for (const app of this.apps()) {
      for (const rule of PROXY_RULES) {
        const r = rule.check(app, this.spec);
        if (r.status !== 'non-compliant') continue;
        raised.add(rule.id);
        const ack = app.traffic.acknowledge?.[rule.id] ?? this.spec.acknowledge[rule.id];
        for (const f of r.findings) {
          const where = `${app.namespace}/${app.name} ${f.field}`;
          if (ack !== undefined)
            this.warn(`[${this.node.path}] [${rule.id}] acknowledged: ${ack} (${where}: ${f.message})`);
          else if (rule.severity === 'warning')
            this.warn(
              `[${this.node.path}] [${rule.id}] warning: ${where}: ${f.message} (received ${showValue(f.value)}). Fix: ${f.fix}`,
            );
          else problems.add(`apps[${app.namespace}/${app.name}].${f.field}`, f.value, f.message, f.fix, rule.id);
        }
      }
    }
    this.unraisedAcknowledgements(problems, raised);
    return problems;
  }
}

/** The kube-proxy checks' ids: the cluster's own (CT-PROXY-001) and the rules'. */
const KNOWN_IDS: readonly string[] = ['CT-PROXY-001', ...PROXY_RULE_IDS];

/** `apps`: a list of TrafficApps; anything else is a problem per entry (never a TypeError later). */
function checkAppList(problems: Problems, apps: unknown): TrafficApp[] {
  if (apps === undefined) return [];
  if (!Array.isArray(apps)) {
    problems.add('apps', apps, 'must be a list of TrafficApps', 'pass apps: [TrafficApp.define({...}), ...]');
    return [];
  }
  return apps.filter((a, i) => {
    if (a instanceof TrafficApp) return true;
    problems.add(`apps[${i}]`, a, 'is not a TrafficApp', 'pass what TrafficApp.define({...}) returns');
    return false;
  });
}

/**
 * The props with `kubernetesVersion` following the Kubernetes target when not given; given, it must agree with a
 * declared target (one cluster, one version).
 */
function kubernetesOfTargets(
  problems: Problems,
  props: KubeProxyClusterConstructProps,
  targets: TargetsSpec,
): KubeProxyClusterConstructProps {
  const k8s = targets.versions.kubernetes;
  const given = props.kubernetesVersion;
  if (given === undefined) return k8s.version ? { ...props, kubernetesVersion: minorOf(k8s.version) } : props;
  const v = typeof given === 'string' ? parseVersion(given.replace(/^v/, '')) : undefined;
  if (k8s.declared && k8s.version && v && minorOf(v) !== minorOf(k8s.version))
    problems.add(
      'kubernetesVersion',
      given,
      `disagrees with the Kubernetes target ${k8s.text} declared for the App (TrafficTargets)`,
      'remove kubernetesVersion (it follows the targets), or declare the version the cluster runs in the targets',
    );
  return props;
}
