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

/** The parts of a secret URL a receiver may echo on their own: "Cannot POST /hooks/SECRET" quotes the bare path. */
export function urlParts(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  // Short parts are words, not secrets ("/reject" must not turn "rejected" into "•••ed").
  const parts = [parsed.pathname + parsed.search, parsed.pathname, parsed.search, parsed.search.slice(1)].filter(
    (p) => p.length >= 8,
  );
  const segments = parsed.pathname.split('/').filter(Boolean);
  const pieces = [...(segments.length ? [segments[segments.length - 1]] : []), ...parsed.searchParams.values()];
  return [...parts, ...pieces.filter((p) => p.length >= 10)];
}

/** Replace every occurrence of the given secrets (and of URL-shaped secrets) in a text with their masked form. */
export function redact(text: string | null | undefined, secrets: (string | null | undefined)[]): string | null {
  if (text === null || text === undefined) return null;
  let out = text;
  const given = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
  const known = [...new Set([...given, ...given.filter((s) => /^https?:\/\//i.test(s)).flatMap(urlParts)])].sort(
    (a, b) => b.length - a.length,
  );
  for (const secret of known) {
    const masked = /^https?:\/\//i.test(secret) ? maskUrl(secret) : maskSecret(secret);
    // As written, URL-encoded (an error quoting a request) and JSON-escaped ("\/" in an echoed body).
    for (const form of new Set([secret, encodeURIComponent(secret), secret.replace(/\//g, '\\/')]))
      out = out.split(form).join(masked);
  }
  // Patterns that are secrets wherever they come from.
  out = out
    .replace(/https:\/\/hooks\.slack\.com\/[^\s"'<>)]+/g, (m) => maskUrl(m))
    .replace(/https:\/\/(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/[^\s"'<>)]+/g, (m) => maskUrl(m))
    .replace(/\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g, (m) => maskSecret(m));
  return out;
}
