// Triage of regressions: the seed's statuses, a note and an issue link, kept per regression fingerprint.
import type { Regression } from './types.ts';

export const TRIAGE_STATUSES = ['detected', 'investigating', 'resolved', 'false_positive', 'expected'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

export interface TriageRecord {
  fingerprint: string;
  status: TriageStatus;
  note: string;
  issueLink: string;
  updatedAt: number;
  /** What the record is about, so an export still reads well without the data. */
  label: string;
  metric: string;
  firstBadCommit: string | null;
  changePct: number;
}

export type TriageBook = Record<string, TriageRecord>;

export function triageFor(book: TriageBook, regression: Regression): TriageRecord {
  return (
    book[regression.fingerprint] ?? {
      fingerprint: regression.fingerprint,
      status: 'detected',
      note: '',
      issueLink: '',
      updatedAt: 0,
      label: regression.label,
      metric: regression.metric,
      firstBadCommit: regression.firstBad.commit,
      changePct: regression.changePct,
    }
  );
}

/** Triage that takes a finding out of the headline: it was dealt with or is not a problem. */
export function isSettled(status: string | undefined): boolean {
  return status === 'resolved' || status === 'false_positive' || status === 'expected';
}

/** Only http(s) links are kept: a note field must never become a javascript: link. */
export function safeLink(text: string): string {
  const trimmed = text.trim();
  return /^https?:\/\/[^\s"'<>]+$/i.test(trimmed) ? trimmed : '';
}

export function updateTriage(
  book: TriageBook,
  regression: Regression,
  patch: Partial<Pick<TriageRecord, 'status' | 'note' | 'issueLink'>>,
  now = Date.now(),
): TriageBook {
  const current = triageFor(book, regression);
  const status =
    patch.status && (TRIAGE_STATUSES as readonly string[]).includes(patch.status) ? patch.status : current.status;
  const next: TriageRecord = {
    ...current,
    status,
    note: (patch.note ?? current.note).slice(0, 2000),
    issueLink: patch.issueLink !== undefined ? safeLink(patch.issueLink) : current.issueLink,
    updatedAt: now,
  };
  return { ...book, [regression.fingerprint]: next };
}

/** Triage validated on the way in (a stored or imported book may be stale or hand-edited). */
export function normaliseTriage(input: unknown): TriageBook {
  const book: TriageBook = {};
  if (typeof input !== 'object' || input === null) return book;
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (typeof value !== 'object' || value === null) continue;
    const v = value as Partial<TriageRecord>;
    if (
      typeof v.fingerprint !== 'string' ||
      v.fingerprint !== key ||
      !(TRIAGE_STATUSES as readonly string[]).includes(String(v.status))
    )
      continue;
    book[key] = {
      fingerprint: key,
      status: v.status as TriageStatus,
      note: String(v.note ?? '').slice(0, 2000),
      issueLink: safeLink(String(v.issueLink ?? '')),
      updatedAt: Number(v.updatedAt) || 0,
      label: String(v.label ?? ''),
      metric: String(v.metric ?? ''),
      firstBadCommit: typeof v.firstBadCommit === 'string' ? v.firstBadCommit : null,
      changePct: Number(v.changePct) || 0,
    };
  }
  return book;
}
