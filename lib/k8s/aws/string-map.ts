/** Encodes a stringMap annotation value of the AWS Load Balancer Controller: `k1=v1,k2=v2`, keys in the given order. */
export function stringMapAnnotation(m: Readonly<Record<string, string>>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
