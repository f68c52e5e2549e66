// Text labels on a chart's top or bottom edge, placed in rows so that none overlaps another.

export interface PlacedLabel {
  /** Horizontal position in pixels of the label's anchor. */
  x: number;
  /** Text width in pixels (estimated). */
  width: number;
  /** Which side of the anchor the text extends to. */
  side: 'right' | 'left';
}

/** Row (0 = nearest the edge) for each label, first-fit in x order; labels that would need more than `maxRows`
 *  rows share the last one. */
export function labelRows(labels: PlacedLabel[], maxRows = 3, gap = 4): number[] {
  const order = labels.map((_, i) => i).sort((a, b) => labels[a].x - labels[b].x);
  const rowEnds: number[] = [];
  const rows = new Array<number>(labels.length).fill(0);
  for (const i of order) {
    const { x, width, side } = labels[i];
    const start = side === 'right' ? x : x - width;
    const end = side === 'right' ? x + width : x;
    let row = rowEnds.findIndex((rowEnd) => rowEnd + gap <= start);
    if (row < 0) row = rowEnds.length < maxRows ? rowEnds.length : maxRows - 1;
    rowEnds[row] = Math.max(rowEnds[row] ?? -Infinity, end);
    rows[i] = row;
  }
  return rows;
}

/** Rough width of a label in an 11 px system font. */
export function textWidth(text: string, fontSize = 11): number {
  return Math.ceil(text.length * fontSize * 0.6);
}
