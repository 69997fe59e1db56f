/**
 * The HTTPRoute fields Linkerd 2.20 reads (its HTTPRoute reference, linkerd.io 2-edge `reference/httproute.md`), all of
 * them Gateway API 1.2.1 fields. Linkerd 2.20 supports Gateway API 1.2.1-1.5.1 but ignores a whole route that holds
 * a field or value beyond 1.2.1, so a route for Linkerd holds nothing else. `true`: a leaf (any value); an object:
 * the allowed keys below it (lists are checked element by element).
 */
type FieldTree = { readonly [key: string]: true | FieldTree };

const HEADER_FILTER: FieldTree = { set: { name: true, value: true }, add: { name: true, value: true }, remove: true };
const PATH_MODIFIER: FieldTree = { type: true, replaceFullPath: true, replacePrefixMatch: true };

export const LINKERD_HTTPROUTE_FIELDS: FieldTree = {
  apiVersion: true,
  kind: true,
  metadata: true,
  spec: {
    parentRefs: { group: true, kind: true, namespace: true, name: true, port: true },
    hostnames: true,
    rules: {
      matches: {
        path: { type: true, value: true },
        headers: { type: true, name: true, value: true },
        queryParams: { type: true, name: true, value: true },
        method: true,
      },
      filters: {
        type: true,
        requestHeaderModifier: HEADER_FILTER,
        responseHeaderModifier: HEADER_FILTER,
        requestRedirect: { scheme: true, hostname: true, path: PATH_MODIFIER, port: true, statusCode: true },
      },
      backendRefs: { group: true, kind: true, name: true, namespace: true, port: true, weight: true },
      timeouts: { request: true, backendRequest: true },
    },
  },
};

/** Filter types Linkerd applies (others in Gateway API 1.2.1, such as URLRewrite or RequestMirror, it does not). */
export const LINKERD_FILTER_TYPES: readonly string[] = [
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestRedirect',
];

/** The paths in a rendered HTTPRoute that Linkerd does not read (and for which it would ignore the route). */
export function unsupportedLinkerdFields(route: unknown): string[] {
  const out: string[] = [];
  const walk = (o: unknown, tree: FieldTree, at: string): void => {
    if (Array.isArray(o)) {
      o.forEach((v, i) => walk(v, tree, `${at}[${i}]`));
      return;
    }
    if (o === null || typeof o !== 'object') return;
    for (const [k, v] of Object.entries(o)) {
      const sub = tree[k];
      const path = at ? `${at}.${k}` : k;
      if (sub === undefined) out.push(path);
      else if (sub !== true) walk(v, sub, path);
      else if (
        k === 'type' &&
        at.match(/filters\[\d+\]$/) &&
        typeof v === 'string' &&
        !LINKERD_FILTER_TYPES.includes(v)
      )
        out.push(`${path}=${v}`);
    }
  };
  walk(route, LINKERD_HTTPROUTE_FIELDS, '');
  return out;
}
