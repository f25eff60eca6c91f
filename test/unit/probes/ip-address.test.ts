import { describe, expect, it } from 'vitest';
import { type AddressKind, classifyAddress } from '../../../src/probes/ip-address.js';

/** Every spelling of a refused address the URL parser or a resolver can hand us, and their neighbours. */
const TABLE: [form: string, host: string, kind: AddressKind | undefined][] = [
  ['dotted IPv4 metadata', '169.254.169.254', 'metadata'],
  ['decimal integer', '2852039166', 'metadata'],
  ['hex integer, upper case', '0xA9FEA9FE', 'metadata'],
  ['octal parts', '0251.0376.0251.0376', 'metadata'],
  ['short form a.b.c', '169.254.43518', 'metadata'],
  ['short form a.b', '169.16689662', 'metadata'],
  ['trailing dot', '169.254.169.254.', 'metadata'],
  ['Alibaba metadata', '100.100.100.200', 'metadata'],
  ['other 169.254/16', '169.254.1.2', 'link-local'],
  ['IPv4 unspecified', '0.0.0.0', 'unspecified'],
  ['IPv4 "this network" 0/8', '0.1.2.3', 'unspecified'],
  ['IPv4 zero as one number', '0', 'unspecified'],
  ['IPv4-mapped, hex', '::ffff:a9fe:a9fe', 'metadata'],
  ['IPv4-mapped, dotted, bracketed', '[::ffff:169.254.169.254]', 'metadata'],
  ['IPv4-mapped, upper-case hex', '::FFFF:A9FE:A9FE', 'metadata'],
  ['IPv4-compatible', '::a9fe:a9fe', 'metadata'],
  ['SIIT ::ffff:0:0/96', '::ffff:0:a9fe:a9fe', 'metadata'],
  ['NAT64 64:ff9b::/96, hex', '64:ff9b::a9fe:a9fe', 'metadata'],
  ['NAT64, dotted, other link-local', '64:ff9b::169.254.1.1', 'link-local'],
  ['IPv6 link-local fe80::/10', 'fe80::1', 'link-local'],
  ['IPv6 link-local, upper case, zone', 'FE80::1%eth0', 'link-local'],
  ['IPv6 link-local, top of /10', 'febf:ffff::1', 'link-local'],
  ['AWS IPv6 metadata', 'fd00:ec2::254', 'metadata'],
  ['AWS IPv6 metadata, zero-padded', 'fd00:0ec2:0000::0254', 'metadata'],
  ['IPv6 unspecified', '::', 'unspecified'],
  ['IPv6 unspecified, bracketed long', '[0:0:0:0:0:0:0:0]', 'unspecified'],
  ['IPv6 loopback (not compatible)', '::1', 'other'],
  ['loopback', '127.0.0.1', 'other'],
  ['IPv4-mapped loopback', '::ffff:127.0.0.1', 'other'],
  ['site-local fec0::/10 (past fe80::/10)', 'fec0::1', 'other'],
  ['a public IPv4 next to link-local', '169.253.255.255', 'other'],
  ['NAT64 of a normal address', '64:ff9b::808:808', 'other'],
  ['bare 0x, as inet_aton reads it', '0x', 'unspecified'],
  ['bare 0x parts', '0x.0x.0x.0x', 'unspecified'],
  ['IPv4-compatible ::2 (past :: and ::1)', '::2', 'unspecified'],
  ['NAT64 local-use 64:ff9b:1::/48, /96 form', '64:ff9b:1::a9fe:a9fe', 'metadata'],
  ['NAT64 local-use, dotted, other link-local', '64:ff9b:1::169.254.1.1', 'link-local'],
  ['NAT64 local-use, /64 form (bits 72-103)', '64:ff9b:1:0:a9:fea9:fe00:0', 'metadata'],
  ['NAT64 local-use, /56 form', '64:ff9b:1:a9:fe:a9fe::', 'metadata'],
  ['NAT64 local-use, /48 form', '64:ff9b:1:a9fe:a9:fe00::', 'metadata'],
  ['NAT64 local-use of a normal address (zero padding is not 0/8)', '64:ff9b:1::808:808', 'other'],
  ['NAT64 local-use of 0.0.0.0', '64:ff9b:1::', 'unspecified'],
  ['6to4 2002::/16 of metadata', '2002:a9fe:a9fe::', 'metadata'],
  ['6to4, upper case, host part', '2002:A9FE:A9FE:1::1', 'metadata'],
  ['6to4 of other link-local', '2002:a9fe:101::1', 'link-local'],
  ['6to4 of 0.0.0.0/8', '2002:1:203::', 'unspecified'],
  ['6to4 of a normal address', '2002:808:808::1', 'other'],
  ['Teredo 2001::/32, client metadata (inverted)', '2001:0:4136:e378:8000:63bf:5601:5601', 'metadata'],
  ['Teredo, upper case, client link-local', '2001:0:4136:E378:8000:63BF:5601:FEFE', 'link-local'],
  ['Teredo, client 0.0.0.0', '2001::ffff:ffff', 'unspecified'],
  ['Teredo, client 8.8.8.8', '2001:0:4136:e378:8000:63bf:f7f7:f7f7', 'other'],
  ['Teredo, metadata not inverted is not the client', '2001:0:4136:e378:8000:63bf:a9fe:a9fe', 'other'],
  ['past Teredo (2001:1::/32)', '2001:1::5601:5601', 'other'],
  ['a name with a trailing dot', 'example.com.', undefined],
  ['a name', 'api.example.com', undefined],
  ['a name ending in a number-like label', 'metadata.1a', undefined],
  ['too many IPv4 parts', '1.2.3.4.5', undefined],
  ['IPv4 part out of range', '256.1.1.1', undefined],
  ['two "::"', '1::2::3', undefined],
  ['nine IPv6 groups', '1:2:3:4:5:6:7:8:9', undefined],
];

describe('address classification by parsing', () => {
  it.each(TABLE)('%s: %s is %s', (_form, host, kind) => {
    expect(classifyAddress(host)).toBe(kind);
  });

  // The guard sees hostnames after the WHATWG URL parser; every spelling must still land on the same kind.
  it.each([
    ['http://2852039166/', 'metadata'],
    ['http://0xA9FEA9FE/', 'metadata'],
    ['http://0251.0376.0251.0376/', 'metadata'],
    ['http://169.254.43518/', 'metadata'],
    ['http://169.254.169.254./', 'metadata'],
    ['http://[::ffff:169.254.169.254]/', 'metadata'],
    ['http://[::a9fe:a9fe]/', 'metadata'],
    ['http://[64:ff9b::169.254.169.254]/', 'metadata'],
    ['http://[FE80::1]/', 'link-local'],
    ['http://[64:ff9b:1::169.254.169.254]/', 'metadata'],
    ['http://[2002:A9FE:A9FE::]/', 'metadata'],
    ['http://[2001:0:4136:e378:8000:63bf:5601:5601]/', 'metadata'],
    ['http://0x/', 'unspecified'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
  ])('after URL parsing, %s is %s', (url, kind) => {
    expect(classifyAddress(new URL(url).hostname)).toBe(kind);
  });
});
