import { describe, expect, it } from 'vitest';
import { caddyfileReader } from '../../../../src/scan/readers/caddyfile.js';

describe('caddyfileReader', () => {
  it('reads the global options block, site blocks, nested blocks, quotes and placeholders with lines', () => {
    const file = caddyfileReader.parse(
      '{\n\temail ops@example.com\n}\n\napi.example.com, www.example.com {\n\tencode zstd gzip # compress\n\treverse_proxy {$UPSTREAM} {\n\t\theader_up X-Note "a { b"\n\t}\n}\n',
      'Caddyfile',
    );
    const site = file.sites[1];
    expect(file.sites.map((s) => [s.name, s.line])).toEqual([
      ['', 1],
      ['api.example.com,', 5],
    ]);
    expect(site?.children?.map((d) => [d.name, d.args, d.line])).toEqual([
      ['encode', ['zstd', 'gzip'], 6],
      ['reverse_proxy', ['{$UPSTREAM}'], 7],
    ]);
    expect(site?.children?.[1]?.children?.[0]).toMatchObject({
      name: 'header_up',
      args: ['X-Note', 'a { b'],
      line: 8,
    });
  });

  it('a single-site Caddyfile without braces: the first line is the address', () => {
    const file = caddyfileReader.parse('example.com\n\nreverse_proxy app:8000\nencode gzip\n', 'Caddyfile');
    expect(file.sites).toHaveLength(1);
    expect(file.sites[0]?.name).toBe('example.com');
    expect(file.sites[0]?.children?.map((d) => d.name)).toEqual(['reverse_proxy', 'encode']);
  });
});
