import type { AppSpec } from '../../model/app-spec';
import type { GatewayRouteSpec } from '../../model/exposure/gateway-route';
import type { IngressExposureSpec } from '../../model/exposure/ingress';
import type { ChartProblem } from '../chart-checks';

/**
 * ALB settings the controller treats as "Exclusive" within an IngressGroup: every Ingress of the group
 * must leave them out or give the same value, or the controller fails the whole group.
 */
const EXCLUSIVE = ['scheme', 'ip-address-type', 'load-balancer-name', 'load-balancer-attributes', 'wafv2-acl-arn', 'ssl-policy', 'ssl-redirect', 'security-groups', 'subnets', 'shield-advanced-protection']
  .map((k) => `alb.ingress.kubernetes.io/${k}`);

const KIND_OF: Record<string, string> = { 'ingress': 'Ingress', 'gateway-http-route': 'HTTPRoute', 'gateway-grpc-route': 'GRPCRoute', 'service-lb': 'Service' };

/**
 * Conflicts between exposures, within an app and across the apps of a chart: two objects of the same kind
 * and name in a namespace (Gateways created with routes included); an NLB Service named like another Service;
 * one GatewayClass name created for two controllers; Ingresses sharing an ALB group with different exclusive
 * settings. The same GatewayClass created twice for the same controller is no conflict: it is written once.
 */
export function checkExposureConflicts(apps: readonly AppSpec[]): ChartProblem[] {
  const out: ChartProblem[] = [];
  const owners = new Map<string, { app: number; field: string }>();
  apps.forEach((a, i) => {
    const services = [a.service?.name, ...a.versions.map((v) => v.serviceName)].filter((n): n is string => n !== undefined);
    for (const n of services) owners.set(`${a.namespace}/Service/${n}`, { app: i, field: 'service' });
  });
  apps.forEach((a, i) => {
    a.exposures.forEach((e, j) => {
      const kind = KIND_OF[e.kind];
      const name = (e as { name?: string }).name;
      if (!kind || !name) return;
      const key = `${a.namespace}/${kind}/${name}`;
      const prev = owners.get(key);
      if (prev) {
        out.push({ app: i, problem: {
          field: `expose[${j}].name`, value: name,
          message: `the ${kind} "${name}" in namespace ${a.namespace} is also written by ${prev.app === i ? 'this app' : `app "${apps[prev.app].name}"`} (${prev.field})`,
          fix: 'give the exposure its own `name`',
        } });
      } else owners.set(key, { app: i, field: `expose[${j}]` });
    });
  });

  // Gateways created with routes (namespaced), and their GatewayClasses (cluster-scoped: one per name).
  const classes = new Map<string, { app: number; field: string; controllerName: string }>();
  apps.forEach((a, i) => {
    a.exposures.forEach((e, j) => {
      if (e.kind !== 'gateway-http-route' && e.kind !== 'gateway-grpc-route') return;
      const g = (e as GatewayRouteSpec).gateway;
      if (!g) return;
      const field = `expose[${j}].gateway`;
      const key = `${g.namespace}/Gateway/${g.name}`;
      const prev = owners.get(key);
      if (prev) {
        out.push({ app: i, problem: {
          field: `${field}.name`, value: g.name,
          message: `the Gateway "${g.name}" in namespace ${g.namespace} is also created by ${prev.app === i ? 'this app' : `app "${apps[prev.app].name}"`} (${prev.field})`,
          fix: `give this Gateway its own \`name\`, or attach the route to the other one with \`parents: [{ name: "${g.name}" }]\` instead of \`gateway\``,
        } });
      } else owners.set(key, { app: i, field });
      if (g.controllerName === undefined) return;
      const cls = classes.get(g.className);
      if (!cls) classes.set(g.className, { app: i, field, controllerName: g.controllerName });
      else if (cls.controllerName !== g.controllerName) {
        out.push({ app: i, problem: {
          field: `${field}.controllerName`, value: g.controllerName,
          message: `the GatewayClass "${g.className}" (cluster-wide) is also created by ${cls.app === i ? 'this app' : `app "${apps[cls.app].name}"`} (${cls.field}) for controller "${cls.controllerName}": one class has one controller`,
          fix: `use controllerName "${cls.controllerName}", another \`className\`, or leave \`controllerName\` out to use the class as it is`,
        } });
      }
    });
  });

  const groups = new Map<string, { app: number; index: number; spec: IngressExposureSpec }[]>();
  apps.forEach((a, i) => a.exposures.forEach((e, j) => {
    if (e.kind !== 'ingress') return;
    const s = e as IngressExposureSpec;
    const g = s.annotations['alb.ingress.kubernetes.io/group.name'];
    if (g) groups.set(g, [...(groups.get(g) ?? []), { app: i, index: j, spec: s }]);
  }));
  for (const [group, members] of groups) {
    const first = members[0];
    for (const m of members.slice(1)) {
      for (const k of EXCLUSIVE) {
        const v1 = first.spec.annotations[k];
        const v2 = m.spec.annotations[k];
        if (v1 !== undefined && v2 !== undefined && v1 !== v2) {
          out.push({ app: m.app, problem: {
            field: `expose[${m.index}]`, value: `${k}=${v2}`,
            message: `shares the ALB group "${group}" with ${apps[first.app].name}/${first.spec.name}, which sets ${k}=${v1}: the controller fails the whole group on different values of this exclusive setting`,
            fix: 'give every Ingress of the group the same value (or set it on one Ingress only)',
          } });
        }
      }
      if (first.spec.className !== m.spec.className) {
        out.push({ app: m.app, problem: {
          field: `expose[${m.index}].className`, value: m.spec.className,
          message: `shares the ALB group "${group}" with ${apps[first.app].name}/${first.spec.name} of class "${first.spec.className}"`,
          fix: 'use the same IngressClass for every Ingress of a group',
        } });
      }
    }
  }
  return out;
}
