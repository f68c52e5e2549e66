// One unit per metric name: metric_info holds a single unit for each metric, so records whose metric is already
// known in another unit are brought into it. Same dimension and base (ms where ns is known): the values, samples and
// reported ± spreads are converted, unless that would move binary figures (MiB) into a decimal unit (the seed's
// memory in MB) or the other way: those keep their prefixes under "metric (MiB)". Otherwise (ops/s where the seed's
// throughput is items/s): the metric is renamed "metric (unit)", so neither is mislabelled nor mixed with the other.
import type { MeasurementRecord } from '../sources/records.ts';
import { parseUnit } from './units.ts';

/** `known`: metric → unit already registered (updated in place with the metrics these records add). */
export function reconcileUnits(records: MeasurementRecord[], known: Map<string, string>): MeasurementRecord[] {
  return records.map((r) => {
    const unit = known.get(r.metric);
    if (unit === undefined) {
      known.set(r.metric, r.unit);
      return r;
    }
    if (unit === r.unit) return r;
    const from = parseUnit(r.unit);
    const to = parseUnit(unit);
    const sameKind = from.dimension !== 'custom' && from.dimension === to.dimension && from.base === to.base;
    if (sameKind && from.family && to.family && from.family !== to.family) {
      const metric = `${r.metric} (${from.family === 'iec' ? 'Mi' : 'M'}${from.dimension === 'byte rate' ? 'B/s' : 'B'})`;
      if (!known.has(metric)) known.set(metric, r.unit);
      const kept = known.get(metric)!;
      if (kept === r.unit) return { ...r, metric };
      const factor = from.factor / parseUnit(kept).factor;
      return { ...r, metric, unit: kept, ...scaled(r, factor) };
    }
    if (sameKind) {
      const factor = from.factor / to.factor;
      return { ...r, unit, ...scaled(r, factor) };
    }
    const metric = `${r.metric} (${r.unit || 'no unit'})`;
    if (!known.has(metric)) known.set(metric, r.unit);
    return { ...r, metric };
  });
}

/** A record's value, samples and ± spread in another unit of the same kind. */
function scaled(r: MeasurementRecord, factor: number): Pick<MeasurementRecord, 'value' | 'samples' | 'spread'> {
  return {
    value: r.value * factor,
    samples: r.samples?.map((v) => v * factor),
    spread: r.spread === null || r.spread === undefined ? r.spread : r.spread * factor,
  };
}
