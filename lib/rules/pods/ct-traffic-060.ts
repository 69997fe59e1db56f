import type { AppSpec } from '../../model/app-spec';
import { parseCidr, parseIpv4, parseIpv6 } from '../../model/ip';
import { outcome, Rule, RuleFinding } from '../rule';

/** Addresses that are no Pod IP: any, loopback, link-local (the instance metadata service). */
function isSpecial(text: string): boolean {
  return (
    text === '0.0.0.0' ||
    text === '::' ||
    text === '::1' ||
    /^127\./.test(text) ||
    /^169\.254\./.test(text) ||
    /^fe80:/i.test(text)
  );
}

/** The literal IP addresses in a string (IPv4 dotted quads, IPv6 with `::` or seven colons). */
export function literalIps(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])/g))
    if (parseIpv4(m[0]) !== undefined && !isSpecial(m[0])) out.push(m[0]);
  for (const m of text.matchAll(/(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])/g)) {
    if ((m[0].includes('::') || m[0].split(':').length === 8) && parseIpv6(m[0]) !== undefined && !isSpecial(m[0]))
      out.push(m[0]);
  }
  return out;
}

/** Private (RFC 1918, shared 100.64/10, IPv6 ULA) host addresses: where Pod IPs come from. */
function isPrivateHost(cidr: string): boolean {
  const p = parseCidr(cidr);
  if (!p.ok) return false;
  if (p.range.family === 'ipv4') {
    if (p.prefix !== 32) return false;
    const a = Number(p.range.first >> 24n);
    const b = Number((p.range.first >> 16n) & 0xffn);
    return (
      a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)
    );
  }
  return p.prefix === 128 && p.range.first >> 121n === 0x7en; // fc00::/7
}

const FIX =
  "address the other app by its Service's DNS name (`<service>.<namespace>.svc.cluster.local`, or `<service>` in the same namespace): a Pod IP changes with every restart and reschedule, and a Service IP with every re-creation";

/**
 * CT-TRAFFIC-060: the source article's second common mistake, a literal (Pod) IP in the configuration
 * instead of a Service's DNS name: in env values, command, args, and single private addresses in egress.
 */
export const CT_TRAFFIC_060: Rule = {
  id: 'CT-TRAFFIC-060',
  severity: 'warning',
  description: "Configuration addresses other workloads by a Service's DNS name, never by a literal (Pod) IP.",
  check(app: AppSpec) {
    const findings: RuleFinding[] = [];
    for (const e of app.container.env) {
      if (e.value.kind !== 'value') continue;
      for (const ip of literalIps(e.value.value))
        findings.push({
          field: `env.${e.name}`,
          value: e.value.value,
          message: `holds the literal IP address ${ip}`,
          fix: FIX,
        });
    }
    for (const key of ['command', 'args'] as const) {
      (app.container[key] ?? []).forEach((a, i) => {
        for (const ip of literalIps(a))
          findings.push({ field: `${key}[${i}]`, value: a, message: `holds the literal IP address ${ip}`, fix: FIX });
      });
    }
    for (const rule of app.dataplane?.policy?.egress ?? []) {
      if (rule.to.kind !== 'cidrs') continue;
      for (const c of rule.to.cidrs) {
        if (isPrivateHost(c))
          findings.push({
            field: 'dataplane.policy.egress',
            value: c,
            message: `allows egress to the single private address ${c}, most likely a Pod or Service IP`,
            fix: `${FIX}; in a policy, select the pods with \`toPods\``,
          });
      }
    }
    return outcome(findings);
  },
};
