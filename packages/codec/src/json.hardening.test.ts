/**
 * Hardening (issue 9): strict-JSON error messages name the JSON path, but never echo a
 * credential — when a broken file turns a string value into a member name (a database URL with
 * its password once `"url":` was deleted), the name is shown without URL userinfo and clipped.
 */
import { describe, expect, it } from 'vitest';
import { JsonParseError, parseJsonStrict } from './json.js';

const messageOf = (text: string): string => {
  try {
    parseJsonStrict(text);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonParseError);
    return `${(e as Error).message} ${(e as JsonParseError).path}`;
  }
  throw new Error('parsed');
};

describe('member names in error messages', () => {
  it('a URL value turned into a member name: no password, no long tail', () => {
    const m = messageOf(
      '{"postgres": {"postgres://kura:S3cret-Pa55@127.0.0.1:5432/ledger", "q": 1}}'
    );
    expect(m).not.toContain('S3cret-Pa55');
    expect(m).toContain('$.postgres');
    const k = messageOf(
      '{"rpc": {"https://mainnet.example-rpc.io/v3/0123456789abcdef0123456789", 1}}'
    );
    expect(k).not.toContain('0123456789abcdef');
  });
  it('short member names are shown as they are', () => {
    expect(messageOf('{"networks": {"eip155:1": 1, "eip155:1": 2}}')).toContain(
      '$.networks["eip155:1"]'
    );
  });
});
