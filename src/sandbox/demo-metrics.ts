/**
 * Request counters and latency histograms in the exposition format of prometheus-fastapi-instrumentator
 * (`http_requests_total{handler,method,status="2xx"}`, `http_request_duration_seconds`), which is what
 * the watch's `metrics` source reads from a real FastAPI service.
 */
const BUCKETS = [0.1, 0.5, 1] as const;

interface Series {
  handler: string;
  method: string;
  status: string;
  count: number;
}
interface Durations {
  handler: string;
  method: string;
  buckets: number[];
  sum: number;
  count: number;
}

const num = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));

export function createDemoMetrics() {
  const requests = new Map<string, Series>();
  const durations = new Map<string, Durations>();
  return {
    observe(handler: string, method: string, status: number, seconds: number) {
      const cls = `${Math.floor(status / 100)}xx`;
      const k = `${handler} ${method} ${cls}`;
      const s = requests.get(k) ?? { handler, method, status: cls, count: 0 };
      s.count++;
      requests.set(k, s);
      const dk = `${handler} ${method}`;
      const d = durations.get(dk) ?? { handler, method, buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      BUCKETS.forEach((b, i) => {
        if (seconds <= b) d.buckets[i] = (d.buckets[i] ?? 0) + 1;
      });
      d.sum += seconds;
      d.count++;
      durations.set(dk, d);
    },
    render(): string {
      const lines = [
        '# HELP http_requests_total Total number of requests by method, status and handler.',
        '# TYPE http_requests_total counter',
        ...[...requests.values()].map(
          (s) =>
            `http_requests_total{handler="${s.handler}",method="${s.method}",status="${s.status}"} ${num(s.count)}`,
        ),
        '# HELP http_request_duration_seconds Latency with only few buckets by handler. Made to be only used if aggregation by handler is important.',
        '# TYPE http_request_duration_seconds histogram',
      ];
      for (const d of durations.values()) {
        const l = `handler="${d.handler}",method="${d.method}"`;
        BUCKETS.forEach((b, i) => {
          lines.push(`http_request_duration_seconds_bucket{${l},le="${b}"} ${num(d.buckets[i] ?? 0)}`);
        });
        lines.push(`http_request_duration_seconds_bucket{${l},le="+Inf"} ${num(d.count)}`);
        lines.push(`http_request_duration_seconds_count{${l}} ${num(d.count)}`);
        lines.push(`http_request_duration_seconds_sum{${l}} ${d.sum}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
export type DemoMetrics = ReturnType<typeof createDemoMetrics>;
