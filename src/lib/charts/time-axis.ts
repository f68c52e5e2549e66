// Tick labels for a time axis in UTC and 24-hour form ("00:02", not Plot's default "12:02"), with the date or year
// on a second line where it changes, as Observable Plot's own time ticks do (and as short: a second line wider than
// the chart's right margin would be cut off at the last tick). The page states times in UTC
// (formatTime), so the axis does too.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

type Grain = 'second' | 'minute' | 'day' | 'month' | 'year';

/** The finest calendar field any tick needs: seconds, time of day, day, month or year. */
function grainOf(ticks: readonly Date[]): Grain {
  if (ticks.some((d) => d.getUTCSeconds() !== 0 || d.getUTCMilliseconds() !== 0)) return 'second';
  if (ticks.some((d) => d.getUTCHours() !== 0 || d.getUTCMinutes() !== 0)) return 'minute';
  if (ticks.some((d) => d.getUTCDate() !== 1)) return 'day';
  if (ticks.some((d) => d.getUTCMonth() !== 0)) return 'month';
  return 'year';
}

/** [the tick's own label, its context line (shown only where it differs from the tick before)]. */
function parts(d: Date, grain: Grain): [string, string] {
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const date = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
  const year = String(d.getUTCFullYear());
  switch (grain) {
    case 'second':
      return [`${hm}:${pad(d.getUTCSeconds())}`, date];
    case 'minute':
      return [hm, date];
    case 'day':
      return [String(d.getUTCDate()), MONTHS[d.getUTCMonth()]];
    case 'month':
      return [MONTHS[d.getUTCMonth()], year];
    case 'year':
      return [year, ''];
  }
}

/** An Observable Plot tickFormat for a UTC x axis: called with each tick, its index and all ticks. */
export function utcTickFormat(value: Date | number, index = 0, ticks: readonly (Date | number)[] = [value]): string {
  const all = ticks.map((t) => new Date(t));
  const grain = grainOf(all);
  const [label, context] = parts(new Date(value), grain);
  const previous = index > 0 ? parts(all[index - 1], grain)[1] : null;
  return context && context !== previous ? `${label}\n${context}` : label;
}
