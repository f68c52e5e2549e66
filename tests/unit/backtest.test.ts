// perftrack backtest and the sensitivity lines of perftrack changes, on tokio's real github-action-benchmark history:
// the counts must be those of three analyses at alpha, alpha × 10 and alpha / 10, matched by fingerprint.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/analysis/settings.ts';
import { REAL } from '../real-files.ts';
import { newEngine } from './helpers/engine.ts';
import { runCli } from './helpers/cli.ts';

const TOKIO = path.join(REAL, 'github_action_benchmark/tokio-rs_tokio/dev/bench/data.js');

interface AlertJson {
  fingerprint: string;
  series_label: string;
  commit: string | null;
  change_pct: number;
}

describe('perftrack backtest', () => {
  it('tokio: the alerts at alpha, and what alpha × 10 adds and alpha / 10 drops, as three analyses give them', async () => {
    const json = await runCli('backtest', '--db', TOKIO, '--format', 'json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.out);
    expect(parsed.alpha).toBe(0.001);
    expect(parsed.more_sensitive.alpha).toBe(0.01);
    expect(parsed.less_sensitive.alpha).toBe(0.0001);

    // The same three analyses, run here on the page's engine, matched by fingerprint.
    const engine = await newEngine();
    await engine.openFiles([{ name: 'data.js', bytes: new Uint8Array(fs.readFileSync(TOKIO)), lastModified: 0 }]);
    const at = async (alpha: number) =>
      (
        await engine.analyse({
          settings: { method: 'changepoint', changepoint: { ...DEFAULT_SETTINGS.changepoint, alpha } },
        })
      ).regressions.map((r) => r.fingerprint);
    const [chosen, more, less] = [await at(0.001), await at(0.01), await at(0.0001)];
    const ids = (list: AlertJson[]) => list.map((a) => a.fingerprint).sort();
    expect(ids(parsed.alerts)).toEqual([...chosen].sort());
    expect(ids(parsed.more_sensitive.more)).toEqual(more.filter((f) => !chosen.includes(f)).sort());
    // One step less sensitive, send_large's +55 % step is found at another run: moved, not dropped.
    const dropped = chosen.filter((f) => !less.includes(f));
    expect(dropped).toHaveLength(1);
    expect(ids(parsed.less_sensitive.new)).toHaveLength(1);
    expect((parsed.less_sensitive.new as AlertJson[])[0].series_label).toMatch(/^send_large/);
    expect(ids(parsed.less_sensitive.fewer)).toEqual([]);

    // send_medium's +82 % at 8efa6201 (Dec 2020) is a real step any of the three alphas finds.
    const medium = (parsed.alerts as AlertJson[]).find((a) => a.series_label.startsWith('send_medium'));
    expect(medium?.commit?.startsWith('8efa6201')).toBe(true);
    expect(medium?.change_pct).toBeGreaterThan(50);

    const text = await runCli('backtest', '--db', TOKIO);
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      `At this sensitivity (α 0.001) your whole history would have alerted ${chosen.length} times; ` +
        `one step more sensitive (α 0.01): ${parsed.more_sensitive.more.length} more; ` +
        `one step less (α 0.0001): 0 fewer (and 1 placed at another run).`,
    );
    expect(text.out).toMatch(/Alerts at α 0\.001 \(the whole history\):\nfirst bad run +commit +series · metric/);
    expect(text.out).toMatch(/2020-12-16 \d\d:\d\d +8efa6201 +send_medium · sync_mpsc · time +\+8\d\.\d% +recovered/);
  }, 180_000);

  it('--alpha moves the chosen sensitivity; a bad --alpha is a usage error', async () => {
    const json = await runCli('backtest', '--db', TOKIO, '--format', 'json', '--alpha', '0.01');
    expect(JSON.parse(json.out)).toMatchObject({
      alpha: 0.01,
      more_sensitive: { alpha: 0.1 },
      less_sensitive: { alpha: 0.001 },
    });
    const bad = await runCli('backtest', '--db', TOKIO, '--alpha', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--alpha must be above 0 and at most 0.5');
  }, 180_000);
});

describe('perftrack changes: the smallest shift flagged per series', () => {
  it('tokio: a line per series in text, a sensitivity array in JSON', async () => {
    const json = await runCli('changes', '--db', TOKIO, '--format', 'json');
    const parsed = JSON.parse(json.out);
    expect(parsed.sensitivity).toHaveLength(parsed.series);
    const ping = parsed.sensitivity.find((s: { series_label: string }) => s.series_label.startsWith('ping_pong'));
    expect(ping.smallest_shift.map((s: { after_runs: number }) => s.after_runs)).toEqual([3, 10, 30]);
    // The figure is at least twice the noise (the default minimum noise multiple) after 10 runs.
    expect(ping.smallest_shift[1].pct).toBeGreaterThanOrEqual(2 * ping.noise_pct - 1e-9);
    expect(ping.smallest_shift[1].shift).toBeCloseTo((ping.smallest_shift[1].pct / 100) * ping.level, 6);

    const text = await runCli('changes', '--db', TOKIO);
    const lines = text.out.split('\n');
    const header = lines.indexOf(
      "Smallest shift flagged, from each series' own noise (after 3 / 10 / 30 new runs on the new level):",
    );
    expect(header).toBeGreaterThan(0);
    expect(lines.length - header - 1).toBe(parsed.series);
    expect(text.out).toMatch(
      /\n {2}ping_pong · rt_multi_threaded · time: ±\d+\.\d% \/ ±\d+\.\d% \/ ±\d+\.\d%, noise \d+\.\d% \(set by the [a-z ]+\)\n/,
    );
  }, 180_000);
});
