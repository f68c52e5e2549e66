// Secrets (webhook URLs, HMAC secrets, tokens) are shown, logged and exported only masked.

const DOTS = '•••';

/** A token or secret: its first 4 characters (a type prefix such as `ghp_`, never enough to use) and dots. */
export function maskSecret(secret: string | null | undefined): string {
  if (!secret) return '';
  return secret.length > 8 ? secret.slice(0, 4) + DOTS : DOTS;
}

/** A URL whose path or query may be the secret: `https://hooks.slack.com/…/T0AB•••`. */
export function maskUrl(url: string | null | undefined): string {
  if (!url) return '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return maskSecret(url);
  }
  const segments = parsed.pathname.split('/').filter(Boolean);
  const last = segments.length ? segments[segments.length - 1] : '';
  const path = last ? `/…/${last.slice(0, 4)}${DOTS}` : '';
  const query = parsed.search ? '?…' : '';
  return `${parsed.protocol}//${parsed.host}${path}${query}`;
}

/** Replace every occurrence of the given secrets (and of URL-shaped secrets) in a text with their masked form. */
export function redact(text: string | null | undefined, secrets: (string | null | undefined)[]): string | null {
  if (text === null || text === undefined) return null;
  let out = text;
  const known = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4).sort((a, b) => b.length - a.length);
  for (const secret of known) {
    const masked = /^https?:\/\//i.test(secret) ? maskUrl(secret) : maskSecret(secret);
    out = out.split(secret).join(masked);
    // Secrets may also appear URL-encoded (e.g. inside an error that quotes a request).
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(masked);
  }
  // Patterns that are secrets wherever they come from.
  out = out
    .replace(/https:\/\/hooks\.slack\.com\/[^\s"'<>)]+/g, (m) => maskUrl(m))
    .replace(/https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/[^\s"'<>)]+/g, (m) => maskUrl(m))
    .replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, (m) => maskSecret(m));
  return out;
}
