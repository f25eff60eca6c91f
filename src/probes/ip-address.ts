/**
 * What an address is, decided by parsing it into numbers. String prefixes miss the many spellings of the
 * same address (`2852039166`, `0xA9FEA9FE`, `::ffff:a9fe:a9fe`, `64:ff9b::169.254.169.254`, …).
 */
export type AddressKind = 'unspecified' | 'link-local' | 'metadata' | 'other';

const V4_PART = /^(?:0x[0-9a-f]*|0[0-7]*|[1-9]\d*)$/i;

/**
 * IPv4 in every form inet_aton and the WHATWG URL parser accept: 1–4 dot-separated parts, each decimal,
 * octal (leading 0) or hex (0x), the last part filling the remaining bytes; one trailing dot allowed.
 * Returns the address as an unsigned 32-bit number, or undefined when `s` is not an IPv4 address.
 */
export function parseIPv4(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  if (parts.length < 1 || parts.length > 4 || !parts.every((p) => V4_PART.test(p))) return undefined;
  const nums = parts.map((p) =>
    /^0x/i.test(p)
      ? p.length === 2
        ? 0
        : Number.parseInt(p.slice(2), 16)
      : Number.parseInt(p, /^0./.test(p) ? 8 : 10),
  );
  const last = nums.pop() as number;
  if (nums.some((n) => n > 255) || last >= 256 ** (4 - nums.length)) return undefined;
  return nums.reduce((acc, n, i) => acc + n * 256 ** (3 - i), 0) + last;
}

const strictV4 = (s: string): number | undefined =>
  /^\d{1,3}(?:\.\d{1,3}){3}$/.test(s) ? parseIPv4(s.replace(/\b0+(\d)/g, '$1')) : undefined;

/** IPv6 (brackets and a %zone are ignored) as eight 16-bit groups, or undefined when it is not IPv6. */
export function parseIPv6(input: string): number[] | undefined {
  let s = input.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!s.includes(':')) return undefined;
  const last = s.lastIndexOf(':');
  if (s.slice(last + 1).includes('.')) {
    const v4 = strictV4(s.slice(last + 1));
    if (v4 === undefined) return undefined;
    s = `${s.slice(0, last + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined) => (h ? h.split(':') : []);
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const fill = 8 - head.length - rest.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const hex = (g: string) => Number.parseInt(g, 16);
  return [...head.map(hex), ...Array<number>(halves.length === 2 ? fill : 0).fill(0), ...rest.map(hex)];
}

function kindOfV4(n: number): AddressKind {
  const [a, b] = [n >>> 24, (n >>> 16) & 0xff];
  if (a === 0) return 'unspecified'; // 0.0.0.0/8 "this network": Linux connects it to the local host
  if (n === 0xa9fea9fe || n === 0x646464c8) return 'metadata'; // 169.254.169.254, 100.100.100.200
  if (a === 169 && b === 254) return 'link-local';
  return 'other';
}

function kindOfV6(g: number[]): AddressKind {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (((g[0] as number) & 0xffc0) === 0xfe80) return 'link-local';
  if (g[0] === 0xfd00 && g[1] === 0xec2 && zeros(2, 7) && g[7] === 0x254) return 'metadata';
  const v4 = ((g[6] as number) * 0x10000 + (g[7] as number)) >>> 0;
  const embedsV4 =
    (zeros(0, 5) && g[5] === 0xffff) || // ::ffff:a.b.c.d, IPv4-mapped
    (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) || // ::ffff:0:a.b.c.d, SIIT
    (zeros(0, 6) && v4 > 1) || // ::a.b.c.d, IPv4-compatible (not :: or ::1)
    (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)); // 64:ff9b::/96, NAT64
  return embedsV4 ? kindOfV4(v4) : 'other';
}

/**
 * The kind of an IP literal (IPv4 in any form, IPv6 with or without brackets), or undefined when `host`
 * is a name, which only its resolved addresses can tell.
 */
export function classifyAddress(host: string): AddressKind | undefined {
  const h = host.trim().toLowerCase();
  const v6 = parseIPv6(h);
  if (v6) return kindOfV6(v6);
  const v4 = parseIPv4(h);
  return v4 === undefined ? undefined : kindOfV4(v4);
}
