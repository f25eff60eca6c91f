import { describe, expect, it } from 'vitest';
import { nginxReader, walkNginx } from '../../../../src/scan/readers/nginx.js';

describe('nginxReader', () => {
  it('gives every directive its line, through comments, quotes holding braces and semicolons, and nesting', () => {
    const source = [
      '# upstream app',
      'limit_req_zone $binary_remote_addr zone=api:10m rate=10r/s;',
      'server {',
      '    listen 443 ssl;   # TLS',
      '    add_header X-Note "a;b{c}";',
      '    location /api/ {',
      '        proxy_pass http://app:8000;',
      '        proxy_set_header X-Real-IP',
      '            $remote_addr;',
      '    }',
      '    gzip on; gzip_types application/json;',
      '}',
    ].join('\n');
    const config = nginxReader.parse(source, 'nginx.conf');
    const lines = [...walkNginx(config.directives)].map(({ directive, parents }) => [
      parents.map((p) => p.name).join('/'),
      directive.name,
      directive.line,
    ]);
    expect(lines).toEqual([
      ['', 'limit_req_zone', 2],
      ['', 'server', 3],
      ['server', 'listen', 4],
      ['server', 'add_header', 5],
      ['server', 'location', 6],
      ['server/location', 'proxy_pass', 7],
      ['server/location', 'proxy_set_header', 8],
      ['server', 'gzip', 11],
      ['server', 'gzip_types', 11],
    ]);
    expect(config.directives[1]?.children?.[2]?.args).toBe('/api/');
  });

  it('keeps lines right past a JSON log_format (braces inside quotes over two lines) and a map with an empty key', () => {
    const source = [
      'http {',
      `    log_format json '{ "time": "$time_local", '`,
      `                   '"remote_ip": "$remote_addr" }';`,
      '    map $http_upgrade $connection_upgrade {',
      '        default upgrade;',
      "        ''      close;",
      '    }',
      '    server {',
      '        location @proxy_to_app {',
      '            proxy_pass http://app_server;',
      '        }',
      '    }',
      '}',
    ].join('\n');
    const lines = [...walkNginx(nginxReader.parse(source, 'nginx.conf').directives)].map(
      ({ directive }) => `${directive.line} ${directive.name}`,
    );
    expect(lines).toEqual([
      '1 http',
      '2 log_format',
      '4 map',
      '5 default',
      "6 ''",
      '8 server',
      '9 location',
      '10 proxy_pass',
    ]);
  });

  it('refuses a file that is not nginx configuration', () => {
    expect(() => nginxReader.parse('server { listen 80', 'x.conf')).toThrow(
      /not a valid nginx configuration/,
    );
  });
});
