// MessagesStore: errors and notes above the views, each said once, dismissed one by one or by kind.
import { describe, expect, it } from 'vitest';
import { MessagesStore } from '../../../src/lib/state/messages.svelte.ts';

describe('messages', () => {
  it('says a text once while it is on screen, and again after it was dismissed', () => {
    const messages = new MessagesStore();
    messages.push('error', 'a.csv could not be read.', 'Check the file.');
    messages.push('error', 'a.csv could not be read.', 'Another hint.');
    messages.push('info', 'a.csv could not be read.', '');
    expect(messages.list).toMatchObject([
      { id: 1, kind: 'error', text: 'a.csv could not be read.', hint: 'Check the file.' },
      { id: 2, kind: 'info', text: 'a.csv could not be read.' },
    ]);
    messages.dismiss(1);
    messages.push('error', 'a.csv could not be read.', 'Check the file.');
    expect(messages.list.map((m) => m.id)).toEqual([2, 3]);
  });

  it('keeps the details of a message (the paths behind a count)', () => {
    const messages = new MessagesStore();
    const details = [{ label: '2 not benchmark files', lines: ['a.txt', 'b.txt'] }];
    messages.push('info', '2 files skipped.', '', details);
    expect(messages.list[0].details).toEqual(details);
  });

  it('reports an error with its message and hint, and the fallback when it has no message', () => {
    const messages = new MessagesStore();
    messages.report(Object.assign(new Error('No such table.'), { hint: 'Open a file first.' }));
    messages.report(new Error(''), 'DuckDB could not start in this browser.');
    messages.report(undefined);
    expect(messages.list.map((m) => [m.kind, m.text, m.hint])).toEqual([
      ['error', 'No such table.', 'Open a file first.'],
      ['error', 'DuckDB could not start in this browser.', ''],
      ['error', 'Something went wrong.', ''],
    ]);
  });

  it('dismisses every message of one kind and keeps the others', () => {
    const messages = new MessagesStore();
    messages.push('error', 'one', '');
    messages.push('info', 'two', '');
    messages.push('error', 'three', '');
    messages.dismissAll('error');
    expect(messages.list.map((m) => m.text)).toEqual(['two']);
  });
});
