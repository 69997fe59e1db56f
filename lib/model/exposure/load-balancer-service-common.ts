import type { WorkloadSpec } from '../app-spec';
import { checkCidr } from '../ip';
import { checkAnnotationKeys, checkDnsLabel, checkLabels } from '../kubernetes-syntax';
import type { Problems } from '../problems';
import type { ServicePortSpec } from '../workload/ports';
import type { PortRef } from '../workload/probe';
import { resolveServicePort } from './service-backend';

/** What every Service-of-type-LoadBalancer exposure takes (the NLB, Cilium LB IPAM, a cloud's). */
export interface LoadBalancerServiceCommonProps {
  readonly name?: string;
  readonly ports?: readonly PortRef[];
  readonly sourceRanges?: readonly string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The resolved common part. */
export interface LoadBalancerServiceCommon {
  readonly name: string;
  readonly ports: ServicePortSpec[];
  readonly sourceRanges: string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/**
 * Resolves what the LoadBalancer Service kinds share, with one verdict for one input on all of them: the
 * Service's name (`<service>-<suffix>` by default, never the app's own Service's), its labels and
 * annotation keys, the exposed ports (every port of the app's Service by default), the source ranges
 * (CIDRs, not an empty list) and the external traffic policy.
 */
export function resolveLoadBalancerServiceCommon(
  problems: Problems,
  field: string,
  workload: WorkloadSpec,
  o: LoadBalancerServiceCommonProps,
  suffix: string,
): LoadBalancerServiceCommon {
  const f = (n: string) => `${field}.${n}`;
  const name =
    o.name ?? `${(workload.service?.name ?? workload.name).slice(0, 62 - suffix.length).replace(/-+$/, '')}-${suffix}`;
  checkDnsLabel(problems, f('name'), name);
  if (workload.service && name === workload.service.name)
    problems.add(
      f('name'),
      name,
      "is the name of the app's own Service",
      `pick another name, e.g. the default \`<service>-${suffix}\``,
    );
  checkLabels(problems, f('labels'), o.labels);
  checkAnnotationKeys(problems, f('annotations'), o.annotations);

  const ports: ServicePortSpec[] = [];
  if (o.ports === undefined) {
    if (!workload.service) resolveServicePort(problems, f('ports'), workload, undefined);
    else ports.push(...workload.service.ports);
  } else if (!Array.isArray(o.ports) || o.ports.length === 0) {
    problems.add(
      f('ports'),
      o.ports,
      'a LoadBalancer Service needs at least one port',
      'leave `ports` out to expose every Service port',
    );
  } else {
    o.ports.forEach((r, i) => {
      const sp = resolveServicePort(problems, `${f('ports')}[${i}]`, workload, r);
      if (sp) ports.push(sp);
    });
  }

  const sourceRanges = Array.isArray(o.sourceRanges) ? [...o.sourceRanges] : [];
  if (o.sourceRanges !== undefined && !Array.isArray(o.sourceRanges))
    problems.add(f('sourceRanges'), o.sourceRanges, 'must be a list of CIDRs', 'use e.g. ["203.0.113.0/24"]');
  if (Array.isArray(o.sourceRanges) && sourceRanges.length === 0)
    problems.add(
      f('sourceRanges'),
      o.sourceRanges,
      'an empty list means anywhere',
      'list the allowed CIDRs or leave it out',
    );
  sourceRanges.forEach((c, i) => checkCidr(problems, `${f('sourceRanges')}[${i}]`, c));

  const etp = o.externalTrafficPolicy;
  if (etp !== undefined && etp !== 'Cluster' && etp !== 'Local')
    problems.add(
      f('externalTrafficPolicy'),
      etp,
      "must be 'Cluster' or 'Local'",
      "use 'Local' to keep client addresses",
    );
  return {
    name,
    ports,
    sourceRanges,
    ...(etp !== undefined ? { externalTrafficPolicy: etp } : {}),
    labels: { ...(o.labels ?? {}) },
    annotations: { ...(o.annotations ?? {}) },
  };
}
