// What the page tells the user above the views: errors and notes, each text said once until dismissed.

export interface Message {
  id: number;
  kind: 'error' | 'info';
  text: string;
  hint: string;
  /** Expandable detail lines (e.g. the paths behind a count of skipped files). */
  details?: { label: string; lines: string[] }[];
}

export class MessagesStore {
  list = $state<Message[]>([]);
  private lastId = 0;

  push(kind: Message['kind'], text: string, hint: string, details?: Message['details']): void {
    if (this.list.some((m) => m.kind === kind && m.text === text)) return;
    this.list = [...this.list, { id: ++this.lastId, kind, text, hint, details }];
  }

  /** An error from the worker (its message and hint), or the fallback when it has no message. */
  report(error: unknown, fallback = 'Something went wrong.'): void {
    const e = error as { message?: string; hint?: string };
    this.push('error', e?.message || fallback, e?.hint ?? '');
  }

  dismiss(id: number): void {
    this.list = this.list.filter((m) => m.id !== id);
  }

  dismissAll(kind: Message['kind']): void {
    this.list = this.list.filter((m) => m.kind !== kind);
  }
}
