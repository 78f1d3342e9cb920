// The outbound allow-list: origins matched exactly, https unless the entry says http, private / loopback /
// link-local / metadata addresses only when the entry names them, names resolving inside refused (DNS answers from a
// stub resolver), redirects never followed, credentials never in a URL, and the checked address is the one dialled.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOutbound, isPrivateAddress, OutboundRefused, parseAllowList, safeFetch, type Resolver } from './outbound.ts';

const dns = (answers: Record<string, string[]>): Resolver => async (host) => {
  const a = answers[host];
  if (!a) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return a.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('isPrivateAddress', () => {
  it('classifies loopback, private, link-local, metadata, CGNAT and mapped IPv6 as private; public as public', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00:ec2::254', 'fc00::1', '::ffff:127.0.0.1', '::ffff:a9fe:a9fe', '224.0.0.1']) {
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    }
    for (const a of ['20.190.151.68', '8.8.8.8', '172.32.0.1', '2603:1037::1', '::ffff:8.8.8.8']) expect([a, isPrivateAddress(a)]).toEqual([a, false]);
    expect(isPrivateAddress('not-an-ip')).toBe(true);
  });
});

describe('checkOutbound', () => {
  const allow = ['https://graph.microsoft.com', 'https://login.microsoftonline.com:443', 'http://127.0.0.1:8080', 'https://example.okta.com', 'https://internal.example.com'];
  const resolve = dns({
    'graph.microsoft.com': ['20.190.151.68'],
    'login.microsoftonline.com': ['20.190.151.7', '2603:1037::1'],
    'example.okta.com': ['52.8.9.10'],
    'internal.example.com': ['52.1.1.1', '10.0.0.5'],
  });

  it('passes an allowed https origin and returns the resolved address', async () => {
    const t = await checkOutbound('https://graph.microsoft.com/v1.0/users/x/revokeSignInSessions', allow, { resolve });
    expect(t).toMatchObject({ address: '20.190.151.68', family: 4, rule: { scheme: 'https', host: 'graph.microsoft.com', port: 443 } });
    expect((await checkOutbound('https://LOGIN.microsoftonline.com/t/oauth2/v2.0/token', allow, { resolve })).address).toBe('20.190.151.7');
  });

  it('refuses what the list does not name: another host, another port, another scheme, plain http', async () => {
    await expect(checkOutbound('https://evil.example/', allow, { resolve })).rejects.toThrow('https://evil.example is not on the outbound allow-list');
    await expect(checkOutbound('https://graph.microsoft.com:8443/', allow, { resolve })).rejects.toThrow(/not on the outbound allow-list/);
    await expect(checkOutbound('http://graph.microsoft.com/v1.0', allow, { resolve })).rejects.toThrow('http://graph.microsoft.com/v1.0 is plain http; the allow-list allows only https for graph.microsoft.com:443');
    await expect(checkOutbound('ftp://graph.microsoft.com/', allow, { resolve })).rejects.toThrow(/not ftp/);
    await expect(checkOutbound('https://user:pw@graph.microsoft.com/', allow, { resolve })).rejects.toThrow(/carry no credentials/);
    await expect(checkOutbound('not a url', allow, { resolve })).rejects.toBeInstanceOf(OutboundRefused);
  });

  it('refuses private, loopback and metadata addresses unless the entry names that exact address', async () => {
    await expect(checkOutbound('http://169.254.169.254/latest/meta-data/', ['http://169.254.169.254'], {})).resolves.toMatchObject({ address: '169.254.169.254' });
    await expect(checkOutbound('http://169.254.169.254/latest/meta-data/', allow, { resolve })).rejects.toThrow(/not on the outbound allow-list/);
    // A name that resolves (also) to a private address is refused even though the name is allowed: DNS rebinding.
    await expect(checkOutbound('https://internal.example.com/hook', allow, { resolve })).rejects.toThrow(
      'internal.example.com resolves to 10.0.0.5, a loopback, private, link-local or reserved address; only an allow-list entry naming that address allows it',
    );
    const localName = dns({ 'fake.local': ['127.0.0.1'] });
    await expect(checkOutbound('https://fake.local/', ['https://fake.local'], { resolve: localName })).rejects.toThrow(/resolves to 127\.0\.0\.1/);
    await expect(checkOutbound('http://127.0.0.1:8080/x', allow, { resolve })).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(checkOutbound('http://127.0.0.1:8081/x', allow, { resolve })).rejects.toThrow(/not on the outbound allow-list/);
    await expect(checkOutbound('http://[::1]:8080/x', allow, { resolve })).rejects.toThrow(/not on the outbound allow-list/);
    await expect(checkOutbound('http://[::1]:8080/x', ['http://[::1]:8080'], {})).resolves.toMatchObject({ address: '::1', family: 6 });
    await expect(checkOutbound('https://nowhere.example/', ['https://nowhere.example'], { resolve })).rejects.toThrow('cannot resolve nowhere.example: ENOTFOUND');
  });

  it('SMTP and syslog targets: matched by scheme, host and port (default ports per scheme), same address checks', async () => {
    const mailDns = dns({ 'smtp.corp.example': ['52.10.0.1'], 'siem.corp.example': ['52.10.0.2'], 'relay.corp.example': ['192.168.5.5'] });
    const list = ['smtp://smtp.corp.example', 'smtps://smtp.corp.example', 'syslog+udp://siem.corp.example', 'syslog+tcp://siem.corp.example:6514', 'smtp://relay.corp.example:25'];
    await expect(checkOutbound('smtp://smtp.corp.example:587', list, { resolve: mailDns })).resolves.toMatchObject({ address: '52.10.0.1', rule: { scheme: 'smtp', port: 587 } });
    await expect(checkOutbound('smtps://smtp.corp.example:465', list, { resolve: mailDns })).resolves.toMatchObject({ rule: { scheme: 'smtps', port: 465 } });
    await expect(checkOutbound('smtp://smtp.corp.example:25', list, { resolve: mailDns })).rejects.toThrow('smtp://smtp.corp.example:25 is not on the outbound allow-list (outbound.allow)');
    await expect(checkOutbound('syslog+udp://siem.corp.example:514', list, { resolve: mailDns })).resolves.toMatchObject({ address: '52.10.0.2', rule: { scheme: 'syslog+udp', port: 514 } });
    await expect(checkOutbound('syslog+tcp://siem.corp.example:514', list, { resolve: mailDns })).rejects.toThrow(/not on the outbound allow-list/);
    await expect(checkOutbound('syslog+tcp://siem.corp.example:6514', list, { resolve: mailDns })).resolves.toMatchObject({ rule: { scheme: 'syslog+tcp', port: 6514 } });
    // A relay on the office network is a private address: only an entry naming that address allows it.
    await expect(checkOutbound('smtp://relay.corp.example:25', list, { resolve: mailDns })).rejects.toThrow('relay.corp.example resolves to 192.168.5.5');
    await expect(checkOutbound('smtp://192.168.5.5:25', ['smtp://192.168.5.5:25'], {})).resolves.toMatchObject({ address: '192.168.5.5' });
    await expect(checkOutbound('udp://siem.corp.example:514', list, { resolve: mailDns })).rejects.toThrow(/not udp/);
    // safeFetch speaks HTTP only, whatever the list allows.
    await expect(safeFetch('smtp://smtp.corp.example:587', {}, { allow: list, resolve: mailDns })).rejects.toThrow('safeFetch speaks http(s) only, not smtp');
  });

  it('parses entries strictly', () => {
    expect(parseAllowList(['https://a.example', 'http://127.0.0.1:9', 'https://[::1]:8443/'])).toEqual([
      { scheme: 'https', host: 'a.example', port: 443, literal: false, entry: 'https://a.example' },
      { scheme: 'http', host: '127.0.0.1', port: 9, literal: true, entry: 'http://127.0.0.1:9' },
      { scheme: 'https', host: '::1', port: 8443, literal: true, entry: 'https://[::1]:8443/' },
    ]);
    expect(parseAllowList(['SMTPS://Mail.Example', 'syslog+udp://[fd00::5]'])).toEqual([
      { scheme: 'smtps', host: 'mail.example', port: 465, literal: false, entry: 'SMTPS://Mail.Example' },
      { scheme: 'syslog+udp', host: 'fd00::5', port: 514, literal: true, entry: 'syslog+udp://[fd00::5]' },
    ]);
    expect(() => parseAllowList(['https://a.example/path'])).toThrow(/scheme:\/\/host\[:port\]/);
    expect(() => parseAllowList(['ftp://a.example'])).toThrow(/scheme:\/\/host\[:port\]/);
    expect(() => parseAllowList(['https://a.example:0'])).toThrow(/no valid port/);
  });
});

describe('safeFetch on loopback', () => {
  let server: Server;
  let port = 0;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
        res.end();
        return;
      }
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(5000));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-answer': 'yes' });
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('calls an allowed loopback origin and reads the answer', async () => {
    const res = await safeFetch(`http://127.0.0.1:${port}/ok`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }, { allow: [`http://127.0.0.1:${port}`] });
    expect(res).toMatchObject({ status: 200, text: '{"ok":true}', truncated: false });
    expect(res.headers.get('x-answer')).toBe('yes');
  });

  it('dials the checked address, whatever the name: a name allowed and resolved to the named loopback address', async () => {
    // An entry naming the host by name does not open loopback: the answer 127.0.0.1 is refused before any connection.
    const before = seen.length;
    await expect(safeFetch(`http://fake-graph.test:${port}/ok`, {}, { allow: [`http://fake-graph.test:${port}`], resolve: dns({ 'fake-graph.test': ['127.0.0.1'] }) })).rejects.toThrow(
      /resolves to 127\.0\.0\.1/,
    );
    expect(seen.length).toBe(before);
  });

  it('never follows a redirect (to the metadata endpoint here), and says where it pointed', async () => {
    const before = seen.length;
    await expect(safeFetch(`http://127.0.0.1:${port}/redirect`, {}, { allow: [`http://127.0.0.1:${port}`] })).rejects.toThrow(
      `http://127.0.0.1:${port}/redirect answered 302 redirecting to http://169.254.169.254/latest/meta-data/iam/security-credentials/; redirects are not followed`,
    );
    expect(seen.slice(before)).toEqual([`GET /redirect host=127.0.0.1:${port}`]);
  });

  it('refuses before connecting when the port or scheme is not allowed, and bounds the body', async () => {
    const before = seen.length;
    await expect(safeFetch(`http://127.0.0.1:${port}/ok`, {}, { allow: [`https://127.0.0.1:${port}`] })).rejects.toThrow(/plain http/);
    await expect(safeFetch(`http://127.0.0.1:${port}/ok`, {}, { allow: ['http://127.0.0.1:1'] })).rejects.toThrow(/not on the outbound allow-list/);
    expect(seen.length).toBe(before);
    const big = await safeFetch(`http://127.0.0.1:${port}/big`, {}, { allow: [`http://127.0.0.1:${port}`], maxBytes: 100 });
    expect(big).toMatchObject({ text: 'x'.repeat(100), truncated: true });
  });
});
