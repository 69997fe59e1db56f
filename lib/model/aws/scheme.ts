import { Problems } from '../problems';

/**
 * The AWS Load Balancer Controller's scheme and target type of an ALB Ingress or NLB Service.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#scheme
 */
export function resolveSchemeAndTargetType(
  problems: Problems,
  f: (n: string) => string,
  o: { readonly scheme?: string; readonly targetType?: string },
  lb: 'ALB' | 'NLB',
): { scheme: 'internal' | 'internet-facing'; targetType: 'ip' | 'instance' } {
  const scheme = (o.scheme ?? 'internal') as 'internal' | 'internet-facing';
  if (scheme !== 'internal' && scheme !== 'internet-facing')
    problems.add(
      f('scheme'),
      o.scheme,
      "must be 'internal' or 'internet-facing'",
      `use 'internet-facing' for a public ${lb}`,
    );
  const targetType = (o.targetType ?? 'ip') as 'ip' | 'instance';
  if (targetType !== 'ip' && targetType !== 'instance')
    problems.add(f('targetType'), o.targetType, "must be 'ip' or 'instance'", "use 'ip'");
  return { scheme, targetType };
}
