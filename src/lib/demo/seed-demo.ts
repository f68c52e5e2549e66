// The built-in demo history, in the seed guide's time-series schema, following its sample-data recipe
// (18 configurations, ±1 % shared noise, slow throughput drift) with known events injected inside the
// last week so every analysis has something real to find. Deterministic: same seed, same data.

import { mulberry32 } from '../analysis/stats.ts';

export interface DemoModel {
  model_id: number;
  model_name: string;
  model_type: string;
  model_family: string;
  model_size: string;
}
export interface DemoHardware {
  hardware_id: number;
  hardware_type: string;
  device_name: string;
  compute_units: number;
  memory_capacity: number;
}
export interface DemoResult {
  model_id: number;
  hardware_id: number;
  batch_size: number;
  sequence_length: number | null;
  precision: string;
  throughput_items_per_second: number;
  latency_ms: number;
  memory_mb: number;
  power_watts: number;
  timestamp: number;
  version_tag: string;
  git_commit_hash: string;
  environment_hash: string;
  run_group_id: string;
}

/** What was injected, so tests and the evaluation can check what the analyses find. */
export interface DemoEvent {
  kind: 'step' | 'spike' | 'drift' | 'improvement';
  model: string;
  hardware: string;
  batch_size: number;
  precision: string;
  metric: 'throughput' | 'latency' | 'memory' | 'power';
  fromSample: number;
  factor: number;
}

export interface DemoOptions {
  samples?: number;
  intervalHours?: number;
  /** Time of the newest sample, epoch ms. */
  end?: number;
  seed?: number;
  /** Events to inject (default: demoEvents(samples)); [] gives pure noise and drift. */
  events?: DemoEvent[];
  /** Multiplies the noise of every configuration (default 1: ±1 %, WebGPU ±3 %). */
  noiseScale?: number;
}

export const DEMO_END = Date.UTC(2026, 10, 20, 18, 0, 0);

export const DEMO_MODELS: DemoModel[] = [
  {
    model_id: 1,
    model_name: 'bert-base-uncased',
    model_type: 'text_embedding',
    model_family: 'bert',
    model_size: 'base',
  },
  { model_id: 2, model_name: 't5-small', model_type: 'text_generation', model_family: 't5', model_size: 'small' },
  { model_id: 3, model_name: 'vit-base', model_type: 'vision', model_family: 'vit', model_size: 'base' },
];

export const DEMO_HARDWARE: DemoHardware[] = [
  { hardware_id: 1, hardware_type: 'cuda', device_name: 'NVIDIA A100', compute_units: 108, memory_capacity: 40 },
  { hardware_id: 2, hardware_type: 'rocm', device_name: 'AMD MI250', compute_units: 208, memory_capacity: 64 },
  { hardware_id: 3, hardware_type: 'webgpu', device_name: 'Chrome WebGPU', compute_units: 32, memory_capacity: 8 },
];

interface Base {
  throughput: number;
  latency: number;
  memory: number;
  power: number;
}

const BASES: Record<string, Base> = {
  'bert-base-uncased/cuda': { throughput: 100, latency: 10, memory: 2048, power: 150 },
  'bert-base-uncased/rocm': { throughput: 80, latency: 12.5, memory: 2100, power: 170 },
  'bert-base-uncased/webgpu': { throughput: 30, latency: 35, memory: 1800, power: 20 },
  't5-small/cuda': { throughput: 60, latency: 16, memory: 1200, power: 120 },
  't5-small/rocm': { throughput: 50, latency: 20, memory: 1250, power: 140 },
  't5-small/webgpu': { throughput: 15, latency: 65, memory: 1100, power: 18 },
  'vit-base/cuda': { throughput: 200, latency: 5, memory: 1500, power: 120 },
  'vit-base/rocm': { throughput: 160, latency: 6.2, memory: 1550, power: 135 },
  'vit-base/webgpu': { throughput: 45, latency: 22, memory: 1400, power: 19 },
};

export function demoEvents(samples: number): DemoEvent[] {
  const at = (fromEnd: number) => Math.max(0, samples - fromEnd);
  return [
    {
      kind: 'step',
      model: 'bert-base-uncased',
      hardware: 'cuda',
      batch_size: 1,
      precision: 'fp32',
      metric: 'throughput',
      fromSample: at(20),
      factor: 0.9,
    },
    {
      kind: 'step',
      model: 'bert-base-uncased',
      hardware: 'cuda',
      batch_size: 1,
      precision: 'fp32',
      metric: 'latency',
      fromSample: at(20),
      factor: 1.1,
    },
    {
      kind: 'step',
      model: 't5-small',
      hardware: 'rocm',
      batch_size: 1,
      precision: 'fp32',
      metric: 'throughput',
      fromSample: at(12),
      factor: 0.9,
    },
    {
      kind: 'step',
      model: 't5-small',
      hardware: 'rocm',
      batch_size: 1,
      precision: 'fp32',
      metric: 'latency',
      fromSample: at(12),
      factor: 1.1,
    },
    {
      kind: 'step',
      model: 'vit-base',
      hardware: 'webgpu',
      batch_size: 1,
      precision: 'fp32',
      metric: 'throughput',
      fromSample: at(8),
      factor: 0.8,
    },
    {
      kind: 'step',
      model: 'vit-base',
      hardware: 'webgpu',
      batch_size: 1,
      precision: 'fp32',
      metric: 'latency',
      fromSample: at(8),
      factor: 1.25,
    },
    {
      kind: 'spike',
      model: 'bert-base-uncased',
      hardware: 'rocm',
      batch_size: 4,
      precision: 'fp32',
      metric: 'latency',
      fromSample: at(5),
      factor: 1.4,
    },
    {
      kind: 'drift',
      model: 'vit-base',
      hardware: 'cuda',
      batch_size: 1,
      precision: 'fp32',
      metric: 'memory',
      fromSample: at(60),
      factor: 1.0025,
    },
    {
      kind: 'improvement',
      model: 't5-small',
      hardware: 'cuda',
      batch_size: 1,
      precision: 'fp32',
      metric: 'throughput',
      fromSample: at(16),
      factor: 1.15,
    },
  ];
}

/** The demo's deterministic random numbers (same seed, same history). */
export const random = mulberry32;

function hex(rand: () => number, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(rand() * 16).toString(16);
  return out;
}

export function generateDemo(options: DemoOptions = {}): {
  models: DemoModel[];
  hardware: DemoHardware[];
  results: DemoResult[];
  events: DemoEvent[];
} {
  const samples = options.samples ?? 120;
  const interval = (options.intervalHours ?? 6) * 3600_000;
  const end = options.end ?? DEMO_END;
  const rand = random(options.seed ?? 42);
  const events = options.events ?? demoEvents(samples);
  const noiseScale = options.noiseScale ?? 1;

  const configs: { model: DemoModel; hw: DemoHardware; batch: number; precision: string }[] = [];
  for (const hw of DEMO_HARDWARE) {
    for (const batch of [1, 4])
      for (const precision of ['fp32', 'fp16']) configs.push({ model: DEMO_MODELS[0], hw, batch, precision });
    configs.push({ model: DEMO_MODELS[1], hw, batch: 1, precision: 'fp32' });
    configs.push({ model: DEMO_MODELS[2], hw, batch: 1, precision: 'fp32' });
  }

  const commits = Array.from({ length: samples }, () => hex(rand, 40));
  const versions = ['v1.4.0', 'v1.5.0', 'v1.6.0', 'v1.7.0'];
  const results: DemoResult[] = [];
  for (let i = 0; i < samples; i++) {
    const ts = end - (samples - 1 - i) * interval;
    const version = versions[Math.min(versions.length - 1, Math.floor((i / samples) * versions.length))];
    const day = new Date(ts).toISOString().slice(0, 13).replace('T', '-');
    for (const c of configs) {
      const base = BASES[`${c.model.model_name}/${c.hw.hardware_type}`];
      const batchScale = c.batch === 4 ? { t: 3.2, l: 1.25, m: 1.3, p: 1.1 } : { t: 1, l: 1, m: 1, p: 1 };
      const precisionScale = c.precision === 'fp16' ? { t: 1.6, l: 0.65, m: 0.6, p: 0.9 } : { t: 1, l: 1, m: 1, p: 1 };
      // The recipe's single shared noise factor; WebGPU runs in a browser and is noisier.
      const spread = (c.hw.hardware_type === 'webgpu' ? 0.03 : 0.01) * noiseScale;
      const noise = 1 + (rand() * 2 - 1) * spread;
      const drift = 1 + 0.0002 * i;
      const value = {
        throughput: base.throughput * batchScale.t * precisionScale.t * noise * drift,
        latency: (base.latency * batchScale.l * precisionScale.l * noise) / drift,
        memory: base.memory * batchScale.m * precisionScale.m * (1 + (rand() * 2 - 1) * 0.002),
        power: base.power * batchScale.p * precisionScale.p * (1 + (rand() * 2 - 1) * 0.01),
      };
      for (const e of events) {
        if (
          e.model !== c.model.model_name ||
          e.hardware !== c.hw.hardware_type ||
          e.batch_size !== c.batch ||
          e.precision !== c.precision
        )
          continue;
        if (e.kind === 'spike' && i === e.fromSample) value[e.metric] *= e.factor;
        else if ((e.kind === 'step' || e.kind === 'improvement') && i >= e.fromSample) value[e.metric] *= e.factor;
        else if (e.kind === 'drift' && i >= e.fromSample) value[e.metric] *= Math.pow(e.factor, i - e.fromSample);
      }
      results.push({
        model_id: c.model.model_id,
        hardware_id: c.hw.hardware_id,
        batch_size: c.batch,
        sequence_length: c.model.model_name === 'vit-base' ? null : 128,
        precision: c.precision,
        throughput_items_per_second: round(value.throughput),
        latency_ms: round(value.latency),
        memory_mb: round(value.memory),
        power_watts: round(value.power),
        timestamp: ts,
        version_tag: version,
        git_commit_hash: commits[i],
        environment_hash: `env-${c.hw.hardware_type}-${hex(random(c.hw.hardware_id), 8)}`,
        run_group_id: `nightly-${day}`,
      });
    }
  }
  return { models: DEMO_MODELS, hardware: DEMO_HARDWARE, results, events };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
