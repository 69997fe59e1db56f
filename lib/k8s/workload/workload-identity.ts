import type { WorkloadIdentitySpec } from '../../model/workload/service-account';

/** The ServiceAccount annotations each cloud's workload identity reads (the model resolved the values). */
export function identityAnnotations(identity: WorkloadIdentitySpec | undefined): Record<string, string> {
  switch (identity?.cloud) {
    case 'aws':
      return { 'eks.amazonaws.com/role-arn': identity.roleArn };
    case 'gcp':
      return { 'iam.gke.io/gcp-service-account': identity.serviceAccount };
    case 'azure':
      return {
        'azure.workload.identity/client-id': identity.clientId,
        ...(identity.tenantId ? { 'azure.workload.identity/tenant-id': identity.tenantId } : {}),
      };
    default:
      return {};
  }
}
