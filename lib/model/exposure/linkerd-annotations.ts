/**
 * Linkerd's retry and timeout annotations, read on an HTTPRoute or on its parent Service.
 * @see https://linkerd.io/2-edge/reference/retries/
 * @see https://linkerd.io/2-edge/reference/timeouts/
 */
export const LINKERD_ANNOTATIONS = {
  retryHttp: 'retry.linkerd.io/http',
  retryLimit: 'retry.linkerd.io/limit',
  retryTimeout: 'retry.linkerd.io/timeout',
  requestTimeout: 'timeout.linkerd.io/request',
  idleTimeout: 'timeout.linkerd.io/idle',
} as const;

/** What Linkerd's annotations carry: the mesh's retry, request and idle timeouts. */
export interface LinkerdAnnotated {
  readonly retry?: {
    readonly statusCodes: readonly number[];
    readonly limit: number;
    readonly timeoutSeconds?: number;
  };
  readonly requestTimeoutSeconds?: number;
  readonly idleTimeoutSeconds: number;
}

/** The annotations for the app's traffic policy (route annotations override any on the Service). */
export function linkerdAnnotations(mesh: LinkerdAnnotated): Record<string, string> {
  const a: Record<string, string> = {};
  if (mesh.retry && mesh.retry.statusCodes.length > 0) {
    a[LINKERD_ANNOTATIONS.retryHttp] = mesh.retry.statusCodes.join(',');
    a[LINKERD_ANNOTATIONS.retryLimit] = String(mesh.retry.limit);
    if (mesh.retry.timeoutSeconds !== undefined) a[LINKERD_ANNOTATIONS.retryTimeout] = `${mesh.retry.timeoutSeconds}s`;
  }
  if (mesh.requestTimeoutSeconds !== undefined)
    a[LINKERD_ANNOTATIONS.requestTimeout] = `${mesh.requestTimeoutSeconds}s`;
  a[LINKERD_ANNOTATIONS.idleTimeout] = `${mesh.idleTimeoutSeconds}s`;
  return a;
}
