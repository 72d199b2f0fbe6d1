import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactUrl, urlCredentials } from './url.js';

describe('redactUrl — the one redaction rule of every chain', () => {
  it('drops user info, query and fragment and masks key-like path segments', () => {
    expect(
      redactUrl(
        'https://alice:hunter2@mainnet.example.io/v3/0123456789abcdef0123456789abcdef?apikey=XYZ#f'
      )
    ).toBe('https://mainnet.example.io/v3/***');
    expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/AbCdEfGh12345678')).toBe(
      'https://eth-mainnet.g.alchemy.com/v2/***'
    );
    expect(redactUrl('http://user:pw@127.0.0.1:8332/')).toBe('http://127.0.0.1:8332');
    expect(redactUrl('http://node.local:8545/rpc')).toBe('http://node.local:8545/rpc');
    expect(redactUrl('postgres://kura:pw@db:5432/ledger?sslmode=require')).toBe(
      'postgres://db:5432/ledger'
    );
  });
  it('never echoes a string that is not a URL', () => {
    expect(redactUrl('not a url with secret hunter2')).toBe('<invalid URL>');
  });
  it('no password, key segment or query value survives (property)', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9]{24,40}$/);
    fc.assert(
      fc.property(secret, secret, secret, (pw, key, q) => {
        const out = redactUrl(`https://u:${pw}@rpc.example.com/v2/${key}?token=${q}`);
        return !out.includes(pw) && !out.includes(key) && !out.includes(q);
      })
    );
  });
});

describe('urlCredentials', () => {
  it('moves user:password@ into a Basic Authorization header (percent-decoded)', () => {
    const r = urlCredentials('http://alice:p%40ss@node.example:8545/rpc');
    expect(r.url).toBe('http://node.example:8545/rpc');
    expect(r.authorization).toBe(`Basic ${btoa('alice:p@ss')}`);
  });
  it('leaves a URL without user info as it is', () => {
    expect(urlCredentials('http://127.0.0.1:8545')).toEqual({ url: 'http://127.0.0.1:8545' });
  });
});
