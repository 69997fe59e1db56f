import type { KubeObject } from './objects';

// Typed views of the kinds cdk-traffic writes, for tests: the fields tests assert on, as the written JSON names
// them (a test reads `spec.replicas` without a cast). Fields not listed are still there, typed `unknown`.

/** `metadata.labels` selector of a Deployment, StatefulSet, PodDisruptionBudget. */
export interface LabelSelectorJson {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values?: readonly string[];
  }[];
}

/** A probe as written (`readinessProbe`, `livenessProbe`, `startupProbe`). */
export interface ProbeJson {
  readonly httpGet?: { readonly path?: string; readonly port: number | string; readonly scheme?: string };
  readonly grpc?: { readonly port: number; readonly service?: string };
  readonly tcpSocket?: { readonly port: number | string };
  readonly exec?: { readonly command: readonly string[] };
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly successThreshold?: number;
  readonly failureThreshold?: number;
  readonly [key: string]: unknown;
}

/** A container as written. */
export interface ContainerJson {
  readonly name: string;
  readonly image: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number; readonly protocol?: string }[];
  readonly readinessProbe?: ProbeJson;
  readonly livenessProbe?: ProbeJson;
  readonly startupProbe?: ProbeJson;
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
  readonly securityContext?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** A pod template as written (Deployment, StatefulSet). */
export interface PodTemplateJson {
  readonly metadata: {
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly spec: {
    readonly containers: readonly ContainerJson[];
    readonly initContainers?: readonly ContainerJson[];
    readonly serviceAccountName?: string;
    readonly terminationGracePeriodSeconds?: number;
    readonly securityContext?: Readonly<Record<string, unknown>>;
    readonly [key: string]: unknown;
  };
}

/** `apps/v1` Deployment. */
export interface DeploymentJson extends KubeObject {
  readonly kind: 'Deployment';
  readonly spec: {
    readonly replicas?: number;
    readonly selector: LabelSelectorJson;
    readonly template: PodTemplateJson;
    readonly strategy?: Readonly<Record<string, unknown>>;
    readonly [key: string]: unknown;
  };
}

/** `apps/v1` StatefulSet. */
export interface StatefulSetJson extends KubeObject {
  readonly kind: 'StatefulSet';
  readonly spec: {
    readonly replicas?: number;
    readonly serviceName?: string;
    readonly selector: LabelSelectorJson;
    readonly template: PodTemplateJson;
    readonly [key: string]: unknown;
  };
}

/** `v1` Service. */
export interface ServiceJson extends KubeObject {
  readonly kind: 'Service';
  readonly spec: {
    readonly type?: string;
    readonly selector?: Readonly<Record<string, string>>;
    readonly ports: readonly {
      readonly name?: string;
      readonly port: number;
      readonly targetPort?: number | string;
      readonly protocol?: string;
      readonly nodePort?: number;
      readonly appProtocol?: string;
    }[];
    readonly [key: string]: unknown;
  };
}

/** `networking.k8s.io/v1` Ingress. */
export interface IngressJson extends KubeObject {
  readonly kind: 'Ingress';
  readonly spec: {
    readonly ingressClassName?: string;
    readonly rules?: readonly {
      readonly host?: string;
      readonly http?: {
        readonly paths: readonly {
          readonly path?: string;
          readonly pathType: string;
          readonly backend: Readonly<Record<string, unknown>>;
        }[];
      };
    }[];
    readonly tls?: readonly { readonly hosts?: readonly string[]; readonly secretName?: string }[];
    readonly [key: string]: unknown;
  };
}

/** `policy/v1` PodDisruptionBudget. */
export interface PodDisruptionBudgetJson extends KubeObject {
  readonly kind: 'PodDisruptionBudget';
  readonly spec: {
    readonly selector: LabelSelectorJson;
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
    readonly [key: string]: unknown;
  };
}

/** The typed view of each kind `appObject` / `appObjects` know; other kinds are `KubeObject`. */
export interface KindObjects {
  readonly Deployment: DeploymentJson;
  readonly StatefulSet: StatefulSetJson;
  readonly Service: ServiceJson;
  readonly Ingress: IngressJson;
  readonly PodDisruptionBudget: PodDisruptionBudgetJson;
}
