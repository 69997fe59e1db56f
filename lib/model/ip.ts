/**
 * IPv4/IPv6 address and CIDR parsing for LB IPAM and routing checks. Addresses become bigints so
 * ranges can be compared and checked for overlap without a dependency.
 */

/** An address family. */
export type IpFamily = 'ipv4' | 'ipv6';

/** A parsed, inclusive address range. */
export interface IpRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

const V4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad IPv4 address; undefined when invalid. */
export function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => V4_OCTET.test(p))) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

/** Parses an IPv6 address (with `::` compression and an optional trailing IPv4 part); undefined when invalid. */
export function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || text.split('::').length > 2) return undefined;
  let groups: string[];
  const expand = (s: string): string[] | undefined => {
    if (s === '') return [];
    const out: string[] = [];
    const items = s.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (v4 === undefined) return undefined;
        out.push(((v4 >> 16n) & 0xffffn).toString(16), (v4 & 0xffffn).toString(16));
      } else if (/^[0-9A-Fa-f]{1,4}$/.test(item)) out.push(item);
      else return undefined;
    }
    return out;
  };
  if (text.includes('::')) {
    const [head, tail] = text.split('::');
    const h = expand(head);
    const t = expand(tail);
    if (!h || !t || h.length + t.length > 7) return undefined;
    groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  } else {
    const all = expand(text);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/** Parses an address of either family. */
export function parseIp(text: string): { family: IpFamily; value: bigint } | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 'ipv4', value: v4 };
  const v6 = parseIpv6(text);
  if (v6 !== undefined) return { family: 'ipv6', value: v6 };
  return undefined;
}

/** Why a CIDR is invalid, or its range. `hostBitsSet` is true when the address is not the network address. */
export type CidrParse =
  | { readonly ok: true; readonly range: IpRange; readonly prefix: number; readonly hostBitsSet: boolean }
  | { readonly ok: false; readonly reason: string };

/** Parses `address/prefix` for either family. */
export function parseCidr(text: string): CidrParse {
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'has no "/prefix"' };
  const ip = parseIp(text.slice(0, slash));
  if (!ip) return { ok: false, reason: 'does not start with a valid IPv4 or IPv6 address' };
  const bits = ip.family === 'ipv4' ? 32 : 128;
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return { ok: false, reason: `has a prefix length outside 0..${bits}` };
  const prefix = Number(prefixText);
  const hostBits = BigInt(bits - prefix);
  const first = (ip.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { ok: true, range: { family: ip.family, first, last }, prefix, hostBitsSet: first !== ip.value };
}

/** True when two ranges share at least one address. */
export function overlaps(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** Number of addresses in a range. */
export function rangeSize(r: IpRange): bigint {
  return r.last - r.first + 1n;
}
