import { describe, expect, it } from 'vitest';
import { hyperfineImporter as importer, templateCommand } from '../../../src/lib/sources/artifacts/hyperfine.ts';
import { expectClose, expectDetection, fixture, pick } from './fixtures.ts';

const TEMPLATE = 'xz --threads={threads} -k -f -c corpus.tar';

describe('hyperfine', () => {
  it('detects its fixtures and no other', () => expectDetection(importer, 'hyperfine'));

  it('reads times in ns with every run as a sample, parameters as dimensions', () => {
    const run = importer.parse(fixture('hyperfine', 'xz-threads-2024-03-12T09-30-00.json'));
    expect(run.records).toHaveLength(8);
    const t1 = pick(run, 'time', ['threads', '1']);
    expect(t1.dims).toEqual([
      ['benchmark', TEMPLATE],
      ['threads', '1'],
    ]);
    expect(t1.value).toBeCloseTo(509_000_000, 3);
    expectClose(t1.samples, [512e6, 498e6, 505e6, 521e6, 509e6]);
    expect(pick(run, 'user_time', ['threads', '1']).value).toBeCloseTo(495e6, 3);
    expect(pick(run, 'system_time', ['threads', '1']).value).toBeCloseTo(12e6, 3);
    const mem = pick(run, 'peak_memory', ['threads', '1']);
    expect([mem.unit, mem.direction]).toEqual(['B', 'lower']);
    expect(mem.value).toBeCloseTo((4 * 101711872 + 101715968) / 5, 3);
    expect(mem.samples).toHaveLength(5);
    const t4 = pick(run, 'time', ['threads', '4']);
    expect(t4.dims[0]).toEqual(['benchmark', TEMPLATE]);
    expect(t4.value).toBeCloseTo(161e6, 3);
    // No date inside: the one in the file name (2024-03-12T09-30-00) is used.
    expect(t1.ts).toBe(Date.UTC(2024, 2, 12, 9, 30, 0));
    expect(run.notes.join(' ')).toMatch(/date and time in its name/);
    expect(run.notes.join(' ')).toMatch(/1 run\(s\) exited with a non-zero code/);
  });

  it('reads the metadata + measurements layout of newer builds', () => {
    const run = importer.parse(fixture('hyperfine', 'metadata-measurements.json'));
    expect(run.records.map((r) => r.metric)).toEqual(['time', 'user_time', 'system_time', 'peak_memory']);
    const [time, user, system, memory] = run.records;
    expect(time.dims).toEqual([['benchmark', 'rg -c TODO src']]);
    expect(time.value).toBeCloseTo(12e6, 3);
    expectClose(time.samples, [12.5e6, 11.5e6, 12e6]);
    expect(user.value).toBeCloseTo(9e6, 3);
    expect(system.value).toBeCloseTo(3e6, 3);
    expect(memory.value).toBeCloseTo(9441280, 3);
    expect(time.ts).toBe(Date.UTC(2025, 0, 20, 8, 0, 0));
    expect(time.environment).toBe('Linux x86_64');
    expect(run.notes).toEqual([]);
  });

  it('turns parameter values back into the command template only where they are whole tokens', () => {
    expect(templateCommand('sleep 0.1', [['delay', '0.1']])).toBe('sleep {delay}');
    expect(templateCommand('make -j4', [['jobs', '4']])).toBe('make -j4');
    expect(templateCommand('cp a.txt b', [['file', 'a']])).toBe('cp a.txt b');
  });
});
