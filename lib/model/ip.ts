/**
 * IPv4/IPv6 address and CIDR parsing for LB IPAM, routing, source-range and policy checks, on
 * `ipaddr.js` (a well-kept parser: strict dotted quads, every IPv6 form, prefix lengths per family).
 * Addresses become bigints so ranges can be compared and checked for overlap.
 */
import * as ipaddr from 'ipaddr.js';
import { Problems } from './problems';

/** An address family. */
export type IpFamily = 'ipv4' | 'ipv6';

/** A parsed, inclusive address range. */
export interface IpRange {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

function toBigint(bytes: readonly number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/** Parses a dotted-quad IPv4 address (four decimal parts, no leading zeros); undefined when invalid. */
export function parseIpv4(text: string): bigint | undefined {
  if (typeof text !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(text) || /(^|\.)0\d/.test(text)) return undefined;
  return toBigint(ipaddr.IPv4.parse(text).toByteArray());
}

/** Parses an IPv6 address (with `::` compression and an optional trailing IPv4 part, no zone); undefined when invalid. */
export function parseIpv6(text: string): bigint | undefined {
  if (typeof text !== 'string' || text.includes('%') || !ipaddr.IPv6.isValid(text)) return undefined;
  return toBigint(ipaddr.IPv6.parse(text).toByteArray());
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
  if (typeof text !== 'string') return { ok: false, reason: 'is not a string' };
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'has no "/prefix"' };
  const ip = parseIp(text.slice(0, slash));
  if (!ip) return { ok: false, reason: 'does not start with a valid IPv4 or IPv6 address' };
  const bits = ip.family === 'ipv4' ? 32 : 128;
  const prefixText = text.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > bits)
    return { ok: false, reason: `has a prefix length outside 0..${bits}` };
  const prefix = Number(prefixText);
  const hostBits = BigInt(bits - prefix);
  const first = (ip.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  return { ok: true, range: { family: ip.family, first, last }, prefix, hostBitsSet: first !== ip.value };
}

/**
 * Checks a CIDR block as AWS, Kubernetes and Cilium read it: a valid address, a prefix length of its
 * family, and no host bits set (`10.0.0.1/8` is refused by some consumers and silently widened by others).
 */
export function checkCidr(problems: Problems, field: string, value: unknown, example = '203.0.113.0/24'): boolean {
  const parsed = parseCidr(value as string);
  if (!parsed.ok) {
    problems.add(field, value, `is not a CIDR block: ${parsed.reason}`, `use e.g. "${example}"`);
    return false;
  }
  if (parsed.hostBitsSet) {
    problems.add(
      field,
      value,
      'has host bits set (the address is not the first of its block)',
      `use the block's network address, "${formatCidr(parsed.range, parsed.prefix)}"`,
    );
    return false;
  }
  return true;
}

/** `address/prefix` of a range's first address. */
export function formatCidr(range: IpRange, prefix: number): string {
  const bytes: number[] = [];
  let v = range.first;
  for (let i = 0; i < (range.family === 'ipv4' ? 4 : 16); i++) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return `${ipaddr.fromByteArray(bytes).toString()}/${prefix}`;
}

/** True when two ranges share at least one address. */
export function overlaps(a: IpRange, b: IpRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/** Number of addresses in a range. */
export function rangeSize(r: IpRange): bigint {
  return r.last - r.first + 1n;
}
