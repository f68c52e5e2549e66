import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../src/engine/statement-kind.ts';

describe('SQL console statements', () => {
  it('runs queries, also behind comments and parentheses', () => {
    expect(classifyStatement('SELECT 1')).toEqual({ kind: 'query' });
    expect(classifyStatement('-- count\n/* all */ from measurements')).toEqual({ kind: 'query' });
    expect(classifyStatement('(SELECT 1) UNION (SELECT 2)')).toEqual({ kind: 'query' });
  });

  it('refuses commands as read-only', () => {
    expect(classifyStatement('DROP TABLE x')).toEqual({ kind: 'command', keyword: 'DROP' });
    expect(classifyStatement("attach 'x.duckdb'")).toEqual({ kind: 'command', keyword: 'ATTACH' });
  });

  it('tells a typo from a command, with the keyword meant', () => {
    expect(classifyStatement('SELEC * FRM measurements')).toEqual({
      kind: 'unknown',
      keyword: 'SELEC',
      suggestion: 'SELECT',
    });
    expect(classifyStatement('hello world')).toEqual({ kind: 'unknown', keyword: 'HELLO', suggestion: null });
    expect(classifyStatement('   ')).toMatchObject({ kind: 'unknown' });
  });
});
