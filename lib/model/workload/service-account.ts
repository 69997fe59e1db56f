import { checkAnnotationKeys, checkDnsSubdomain, checkLabels } from '../kubernetes-syntax';
import { Problems } from '../problems';

/** A cloud workload identity bound to the ServiceAccount. */
export type WorkloadIdentitySpec =
  | { readonly cloud: 'aws'; readonly roleArn: string }
  | { readonly cloud: 'gcp'; readonly serviceAccount: string }
  | { readonly cloud: 'azure'; readonly clientId: string; readonly tenantId?: string };

/** Options of a ServiceAccount the library writes. */
export interface CreateServiceAccountOptions {
  /**
   * The ServiceAccount's name. `default` is refused: it would overwrite the namespace's own account.
   * @default `names.serviceAccount`, else the app's name
   */
  readonly name?: string;
  /**
   * Extra labels.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations (a workload identity's are written from `identity`).
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The cloud identity the pods assume: `WorkloadIdentity.awsIrsa(arn)`, `.gcp(email)` or `.azure(clientId)`.
   * @default none
   */
  readonly identity?: WorkloadIdentity;
}

/** A cloud workload identity, written as the annotations (and pod label) its webhook or metadata server reads. */
export class WorkloadIdentity {
  /**
   * AWS IAM Roles for Service Accounts (EKS): annotation `eks.amazonaws.com/role-arn`.
   * @example
   * ServiceAccount.create({ identity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/orders') });
   */
  static awsIrsa(roleArn: string): WorkloadIdentity {
    return new WorkloadIdentity({ cloud: 'aws', roleArn });
  }

  /**
   * GKE Workload Identity: annotation `iam.gke.io/gcp-service-account` (a Google service account e-mail).
   * @example
   * ServiceAccount.create({ identity: WorkloadIdentity.gcp('web-sa@my-project.iam.gserviceaccount.com') });
   */
  static gcp(serviceAccountEmail: string): WorkloadIdentity {
    return new WorkloadIdentity({ cloud: 'gcp', serviceAccount: serviceAccountEmail });
  }

  /**
   * Microsoft Entra Workload ID (AKS): annotation `azure.workload.identity/client-id` (and `tenant-id` when given),
   * and the pod label `azure.workload.identity/use: "true"` the webhook requires.
   * @example
   * ServiceAccount.create({ identity: WorkloadIdentity.azure('11111111-2222-3333-4444-555555555555') });
   */
  static azure(clientId: string, options: { readonly tenantId?: string } = {}): WorkloadIdentity {
    return new WorkloadIdentity({ cloud: 'azure', clientId, tenantId: options.tenantId });
  }

  private constructor(
    /** The identity, as given. */
    public readonly spec: WorkloadIdentitySpec,
  ) {}
}

/** The resolved ServiceAccount. */
export interface ServiceAccountSpec {
  readonly name: string;
  /** False for an existing account: nothing is written. */
  readonly create: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly identity?: WorkloadIdentitySpec;
}

/**
 * The ServiceAccount the pods run as: one the library writes (the default, token automount off), or an
 * existing one named by `ServiceAccount.existing(name)`, which is not written.
 */
export class ServiceAccount {
  /**
   * A ServiceAccount written with the app (the default).
   * @example
   * ServiceAccount.create({ identity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/orders') });
   */
  static create(options: CreateServiceAccountOptions = {}): ServiceAccount {
    return new ServiceAccount({ create: true, ...options });
  }

  /**
   * An existing ServiceAccount (e.g. `default`, or one a platform team manages): nothing is written.
   * @example
   * TrafficApp.define({ ...props, serviceAccount: ServiceAccount.existing('orders-runner') });
   */
  static existing(name: string): ServiceAccount {
    return new ServiceAccount({ create: false, name });
  }

  private constructor(
    /** The choice, as given. */
    public readonly input: CreateServiceAccountOptions & { readonly create: boolean },
  ) {}
}

const AWS_ROLE = /^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const GCP_SA = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9.:]{4,}\.iam\.gserviceaccount\.com$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Resolves `serviceAccount` (and the older `names.serviceAccount`). */
export function resolveServiceAccount(
  problems: Problems,
  sa: ServiceAccount | undefined,
  defaultName: string,
  namesField?: string,
): ServiceAccountSpec {
  if (sa !== undefined && !(sa instanceof ServiceAccount)) {
    problems.add(
      'serviceAccount',
      sa,
      'must be a ServiceAccount',
      'use ServiceAccount.create({...}) or ServiceAccount.existing("name")',
    );
    sa = undefined;
  }
  const i = sa?.input ?? { create: true };
  if (!i.create) {
    checkDnsSubdomain(problems, 'serviceAccount.name', i.name);
    if (namesField !== undefined)
      problems.add(
        'names.serviceAccount',
        namesField,
        'names the ServiceAccount to write, but `serviceAccount` is an existing one',
        'remove `names.serviceAccount`',
      );
    return { name: i.name ?? defaultName, create: false, labels: {}, annotations: {} };
  }
  const name = i.name ?? namesField ?? defaultName;
  const field =
    i.name !== undefined ? 'serviceAccount.name' : namesField !== undefined ? 'names.serviceAccount' : 'name';
  if (i.name !== undefined) checkDnsSubdomain(problems, field, i.name);
  if (name === 'default') {
    problems.add(
      field,
      name,
      "would overwrite the namespace's default ServiceAccount (and turn off token automount for every pod that uses it)",
      'run under it without writing it: `serviceAccount: ServiceAccount.existing("default")`, or give the new account another name',
    );
  }
  checkLabels(problems, 'serviceAccount.labels', i.labels);
  checkAnnotationKeys(problems, 'serviceAccount.annotations', i.annotations);
  const identity = resolveIdentity(problems, i.identity);
  // Only an identity writes annotations of its own (no key list otherwise).
  if (identity && i.annotations)
    for (const key of Object.keys(i.annotations))
      if (IDENTITY_ANNOTATIONS[identity.cloud].includes(key))
        problems.add(
          `serviceAccount.annotations.${key}`,
          key,
          'is written by `serviceAccount.identity`, whose value would replace this one',
          'remove the annotation and set the value in the WorkloadIdentity',
        );
  return { name, create: true, labels: i.labels ?? {}, annotations: i.annotations ?? {}, identity };
}

/** The ServiceAccount annotations each cloud's workload identity writes (lib/k8s/workload/workload-identity.ts). */
const IDENTITY_ANNOTATIONS: Readonly<Record<WorkloadIdentitySpec['cloud'], readonly string[]>> = {
  aws: ['eks.amazonaws.com/role-arn'],
  gcp: ['iam.gke.io/gcp-service-account'],
  azure: ['azure.workload.identity/client-id', 'azure.workload.identity/tenant-id'],
};

/** The workload identity: a role ARN, a Google service account or an Azure client (and tenant) id. */
function resolveIdentity(problems: Problems, given: unknown): WorkloadIdentitySpec | undefined {
  if (given === undefined) return undefined;
  if (!(given instanceof WorkloadIdentity)) {
    problems.add(
      'serviceAccount.identity',
      given,
      'must be a WorkloadIdentity',
      'use WorkloadIdentity.awsIrsa(arn), .gcp(email) or .azure(clientId)',
    );
    return undefined;
  }
  const identity = given.spec;
  const f = 'serviceAccount.identity';
  if (identity.cloud === 'aws' && !AWS_ROLE.test(String(identity.roleArn))) {
    problems.add(
      `${f}.roleArn`,
      identity.roleArn,
      'is not an IAM role ARN',
      'use the role\'s ARN, e.g. "arn:aws:iam::123456789012:role/orders"',
    );
  }
  if (identity.cloud === 'gcp' && !GCP_SA.test(String(identity.serviceAccount))) {
    problems.add(
      `${f}.serviceAccount`,
      identity.serviceAccount,
      'is not a Google service account e-mail',
      'use e.g. "orders@my-project.iam.gserviceaccount.com"',
    );
  }
  if (identity.cloud === 'azure') {
    if (!GUID.test(String(identity.clientId)))
      problems.add(
        `${f}.clientId`,
        identity.clientId,
        'is not a client id (a GUID)',
        'use the managed identity\'s client id, e.g. "00000000-0000-0000-0000-000000000000"',
      );
    if (identity.tenantId !== undefined && !GUID.test(String(identity.tenantId)))
      problems.add(
        `${f}.tenantId`,
        identity.tenantId,
        'is not a tenant id (a GUID)',
        'use the directory (tenant) id, or leave it out',
      );
  }
  return identity;
}
