import { describe, expect, it } from 'vitest';
import { commitLink, normaliseCommitTemplate } from '../../src/lib/format/commit-link.ts';

describe('commit links', () => {
  const template = 'https://github.com/django/django/commit/{commit}';

  it('links a commit through the repository template', () => {
    expect(commitLink(template, '016bead6a1')).toBe('https://github.com/django/django/commit/016bead6a1');
  });

  it('keeps only http(s) templates that name the commit', () => {
    expect(normaliseCommitTemplate('javascript:alert(1)//{commit}')).toBe('');
    expect(normaliseCommitTemplate('https://example.org/no-placeholder')).toBe('');
    expect(normaliseCommitTemplate(' https://git.example.org/c/{commit} ')).toBe('https://git.example.org/c/{commit}');
    expect(normaliseCommitTemplate(42)).toBe('');
  });

  it('refuses commits that are not revision ids', () => {
    expect(commitLink(template, 'abc"><script>')).toBeNull();
    expect(commitLink(template, null)).toBeNull();
    expect(commitLink('', 'abcdef')).toBeNull();
  });
});
