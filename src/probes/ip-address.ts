import ipaddr from 'ipaddr.js';

/**
 * What an address is, decided by parsing it (ipaddr.js) into numbers. String prefixes miss the many
 * spellings of the same address (`2852039166`, `0xA9FEA9FE`, `::ffff:a9fe:a9fe`, `2002:a9fe:a9fe::`, …).
 */
export type AddressKind = 'unspecified' | 'link-local' | 'metadata' | 'other';

const { IPv4, IPv6 } = ipaddr;
type V4 = InstanceType<typeof IPv4>;
type V6 = InstanceType<typeof IPv6>;

const METADATA_V4 = ['169.254.169.254/32', '100.100.100.200/32'].map((c) => IPv4.parseCIDR(c));
const METADATA_V6 = IPv6.parseCIDR('fd00:ec2::254/128');
const NAT64_WELL_KNOWN = IPv6.parseCIDR('64:ff9b::/96');
// ::a.b.c.d (RFC 4291's deprecated IPv4-compatible form), which ipaddr.js leaves unnamed; ::/127 (:: and
// ::1) stand for themselves.
const V4_COMPATIBLE = IPv6.parseCIDR('::/96');
const V6_SELF = IPv6.parseCIDR('::/127');

function kindOfV4(a: V4): AddressKind {
  // 0.0.0.0/8 "this network": Linux connects it to the local host.
  if (a.range() === 'unspecified') return 'unspecified';
  if (METADATA_V4.some((m) => a.match(m))) return 'metadata';
  if (a.range() === 'linkLocal') return 'link-local';
  return 'other';
}

const v4At = (bytes: readonly number[]) => new IPv4(bytes.slice());

/**
 * IPv4 addresses a NAT64 address may carry (RFC 6052 §2.2): the last 32 bits under a /96 prefix, or for a
 * shorter prefix cut from the local-use 64:ff9b:1::/48 (/64, /56, /48) spread around bits 64–71.
 */
function nat64Candidates(b: readonly number[]): V4[] {
  return [
    v4At(b.slice(12, 16)),
    v4At(b.slice(9, 13)),
    v4At([...b.slice(7, 8), ...b.slice(9, 12)]),
    v4At([...b.slice(6, 8), ...b.slice(9, 11)]),
  ];
}

/** The IPv4 address(es) an IPv6 address stands for, reaches or tunnels to, first the one it is read as. */
function embeddedV4(a: V6): V4[] {
  const b = a.toByteArray();
  const last32 = v4At(b.slice(12, 16));
  switch (a.range()) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d, SIIT
      return [last32];
    case 'rfc6052': // 64:ff9b::/96 and the local-use 64:ff9b:1::/48
      return a.match(NAT64_WELL_KNOWN) ? [last32] : nat64Candidates(b);
    case '6to4': // 2002:AABB:CCDD::/48 routes to the IPv4 host AA.BB.CC.DD
      return [v4At(b.slice(2, 6))];
    case 'teredo': // 2001:0:server:flags:port:client, the client's IPv4 stored inverted (RFC 4380 §4)
      return [v4At(b.slice(12, 16).map((x) => x ^ 0xff))];
    default:
      return a.match(V4_COMPATIBLE) && !a.match(V6_SELF) ? [last32] : [];
  }
}

function kindOfV6(a: V6): AddressKind {
  if (a.range() === 'unspecified') return 'unspecified';
  if (a.range() === 'linkLocal') return 'link-local';
  if (a.match(METADATA_V6)) return 'metadata';
  const kinds = embeddedV4(a).map(kindOfV4);
  // A NAT64 local-use address has several readings, and the zero padding of one reads as 0.0.0.0/8 at
  // another: any reading that reaches metadata or link-local counts, 0.0.0.0/8 only as the /96 reading.
  return kinds.find((k) => k === 'metadata') ?? kinds.find((k) => k === 'link-local') ?? kinds[0] ?? 'other';
}

/**
 * The kind of an IP literal (IPv4 in any form inet_aton and the WHATWG URL parser accept, IPv6 with or
 * without brackets and zone), or undefined when `host` is a name, which only its resolved addresses can tell.
 */
export function classifyAddress(host: string): AddressKind | undefined {
  const h = host
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/%.*$/, '') // a zone names an interface, not an address
    .replace(/\.$/, '') // one trailing dot, as URL hosts and resolvers allow
    .replace(/(^|\.)0x(?=\.|$)/gi, '$10'); // a bare 0x is 0 to inet_aton and URLs, not to ipaddr.js
  if (IPv4.isValid(h)) return kindOfV4(IPv4.parse(h));
  if (IPv6.isValid(h)) return kindOfV6(IPv6.parse(h));
  return undefined;
}
