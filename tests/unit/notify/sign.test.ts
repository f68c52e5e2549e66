// HMAC signatures made with WebCrypto, checked against Node's own crypto.createHmac.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hmacSha256Hex,
  signatureHeaders,
  verifySignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from '../../../src/lib/notify/sign.ts';

describe('HMAC-SHA256 signing', () => {
  it('matches crypto.createHmac over the same bytes, including non-ASCII text', async () => {
    for (const [secret, message] of [
      ['s3cr3t', '{"a":1}'],
      ['ключ 🔑', 'latency → +12 % · ü'],
      ['x', ''],
    ]) {
      expect(await hmacSha256Hex(secret, message)).toBe(
        createHmac('sha256', secret).update(message, 'utf8').digest('hex'),
      );
    }
  });

  it('signs `${timestamp}.${body}` and sends timestamp and signature headers', async () => {
    const body = JSON.stringify({ schema: 'perftrack.regressions', version: 1, regressions: [] });
    const headers = await signatureHeaders('shared-secret', body, 1_748_856_600.9);
    expect(headers[TIMESTAMP_HEADER]).toBe('1748856600');
    const expected = createHmac('sha256', 'shared-secret').update(`1748856600.${body}`).digest('hex');
    expect(headers[SIGNATURE_HEADER]).toBe(`sha256=${expected}`);
  });

  it('verifies signatures, refusing a changed body, a wrong secret and an old timestamp', async () => {
    const body = '{"version":1}';
    const now = 1_748_856_600_000;
    const h = await signatureHeaders('k', body, now / 1000);
    expect(await verifySignature('k', body, h[TIMESTAMP_HEADER], h[SIGNATURE_HEADER], { now })).toBe(true);
    expect(await verifySignature('k', body + ' ', h[TIMESTAMP_HEADER], h[SIGNATURE_HEADER], { now })).toBe(false);
    expect(await verifySignature('other', body, h[TIMESTAMP_HEADER], h[SIGNATURE_HEADER], { now })).toBe(false);
    expect(await verifySignature('k', body, h[TIMESTAMP_HEADER], h[SIGNATURE_HEADER], { now: now + 10 * 60_000 })).toBe(
      false,
    );
  });
});
