import { describe, expect, it } from 'vitest';
import { sharedPrefix, sharedSuffix, withoutShared } from '../../src/lib/format/names.ts';

describe('shared name prefixes', () => {
  it('cuts asv names at the last shared separator', () => {
    const labels = [
      'query_benchmarks.query_delete_related.benchmark.QueryDeleteRel.time_query_del_rel',
      'query_benchmarks.query_delete.benchmark.QueryDelete.time_query_delete',
    ];
    expect(sharedPrefix(labels)).toBe('query_benchmarks.');
    expect(withoutShared(labels[1], sharedPrefix(labels))).toBe(
      '…query_delete.benchmark.QueryDelete.time_query_delete',
    );
  });

  it('keeps short or whole-name prefixes', () => {
    expect(sharedPrefix(['fib/10', 'fib/20'])).toBe('');
    expect(sharedPrefix(['bert-base-uncased', 'bert-base-uncased · cpu'])).toBe('');
    expect(sharedPrefix(['only one name is here'])).toBe('');
    expect(sharedPrefix(['bert-base-uncased · cuda · A100', 'bert-base-uncased · cpu'])).toBe('bert-base-uncased · ');
  });

  it('says a shared environment suffix once', () => {
    const labels = [
      'form_benchmarks.FormCreate.time_form_create · conda-py3.8 · ubuntu-latest',
      'url_benchmarks.UrlResolve.time_resolve · conda-py3.8 · ubuntu-latest',
    ];
    const suffix = sharedSuffix(labels);
    expect(suffix).toBe(' · conda-py3.8 · ubuntu-latest');
    expect(withoutShared(labels[1], sharedPrefix(labels), suffix)).toBe('url_benchmarks.UrlResolve.time_resolve…');
  });

  it('leaves labels alone without a prefix', () => {
    expect(withoutShared('abc', '')).toBe('abc');
  });
});
