/** The value of one sample line in Prometheus text format, e.g. `name{a="b"} 3`. */
export const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};
