// HMAC-SHA256 signatures of generic-webhook deliveries, with WebCrypto (browsers and Node 20 alike).
// Signed message: `${timestamp}.${body}` — the exact body bytes, prefixed by the Unix-seconds timestamp
// sent in X-Perftrack-Timestamp, so a receiver can refuse replays of old deliveries.

export const SIGNATURE_HEADER = 'X-Perftrack-Signature';
export const TIMESTAMP_HEADER = 'X-Perftrack-Timestamp';

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function hmacSha256Hex(secret: string, message: string | Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  // crypto.subtle exists only in secure contexts (https, localhost).
  if (!subtle)
    throw new Error('HMAC signing needs WebCrypto, which browsers offer only on https:// (or localhost) pages.');
  const encoder = new TextEncoder();
  const key = await subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const data = typeof message === 'string' ? encoder.encode(message) : new Uint8Array(message);
  return toHex(await subtle.sign('HMAC', key, data));
}

/** The two headers of a signed delivery. */
export async function signatureHeaders(
  secret: string,
  body: string,
  timestampSeconds: number,
): Promise<Record<string, string>> {
  const ts = String(Math.floor(timestampSeconds));
  return { [TIMESTAMP_HEADER]: ts, [SIGNATURE_HEADER]: `sha256=${await hmacSha256Hex(secret, `${ts}.${body}`)}` };
}

/** Receiver side (what docs/notifications.md describes), used by the tests: constant-time compare. */
export async function verifySignature(
  secret: string,
  body: string,
  timestamp: string,
  signature: string,
  options: { now?: number; toleranceSeconds?: number } = {},
): Promise<boolean> {
  const ts = Number(timestamp);
  if (!Number.isFinite(ts)) return false;
  const now = (options.now ?? Date.now()) / 1000;
  if (Math.abs(now - ts) > (options.toleranceSeconds ?? 300)) return false;
  const expected = `sha256=${await hmacSha256Hex(secret, `${timestamp}.${body}`)}`;
  if (expected.length !== signature.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return diff === 0;
}
