import { buildLibrary } from './sql.ts';

const files = import.meta.glob('../../sql/**/*.sql', { query: '?raw', import: 'default', eager: true });

export const sqlLibrary = buildLibrary(files as Record<string, string>);
