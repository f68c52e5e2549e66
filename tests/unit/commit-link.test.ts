import { describe, expect, it } from 'vitest';
import { commitLink, commitTemplateOfPages, normaliseCommitTemplate } from '../../src/lib/format/commit-link.ts';

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

  it("finds the template most of the data's commit pages follow", () => {
    const repo = 'https://github.com/o/r';
    expect(
      commitTemplateOfPages([
        { commit: 'aaaa1111', url: `${repo}/commit/aaaa1111` },
        { commit: 'bbbb2222', url: `${repo}/pull/7/commits/bbbb2222` },
        { commit: 'cccc3333', url: `${repo}/commit/cccc3333` },
        { commit: 'dddd4444', url: null },
        { commit: 'eeee5555', url: 'javascript:alert(1)//eeee5555' },
      ]),
    ).toBe(`${repo}/commit/{commit}`);
    expect(commitTemplateOfPages([{ commit: 'aaaa1111', url: `${repo}/commit/other` }])).toBe('');
    expect(commitTemplateOfPages([])).toBe('');
  });
});
