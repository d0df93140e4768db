import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';

/** One sample line of the text format: `name{label="value",...} value`. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * A scrape of GET /metrics, parsed by a Prometheus text-format parser (parse-prometheus-text-format:
 * families, types, counters and gauges), with lookups by name and labels. That parser folds the
 * series of a labelled histogram into one, so a histogram's `_count` and `_sum` are read from
 * their sample lines here.
 */
export class Scrape {
  readonly families: Map<string, MetricFamily>;
  private readonly samples: Sample[];

  constructor(readonly text: string) {
    this.families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
    this.samples = text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => {
        const match = SAMPLE.exec(line);
        if (!match?.[1] || !match[3]) throw new Error(`not a sample line of the Prometheus text format: ${line}`);
        const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, key, value]) => [key as string, (value as string).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))]));
        return { name: match[1], labels, value: Number(match[3]) };
      });
  }

  static async of(url: string): Promise<Scrape> {
    const response = await fetch(url);
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    return new Scrape(await response.text());
  }

  family(name: string): MetricFamily {
    const family = this.families.get(name);
    if (!family) throw new Error(`no metric ${name} in the scrape`);
    return family;
  }

  private sample(name: string, labels: Record<string, string>) {
    return this.family(name).metrics.find((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value));
  }

  /** A counter's or gauge's value for the labels (undefined when no series has them). */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const sample = this.sample(name, labels);
    return sample?.value === undefined ? undefined : Number(sample.value);
  }

  /** A histogram's observation count and sum for the labels (undefined when no series has them). */
  histogram(name: string, labels: Record<string, string> = {}): { count: number; sum: number } | undefined {
    if (this.family(name).type !== 'HISTOGRAM') throw new Error(`${name} is not a histogram`);
    const of = (suffix: string) => this.samples.find((sample) => sample.name === `${name}_${suffix}` && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
    const count = of('count');
    const sum = of('sum');
    return count && sum ? { count: count.value, sum: sum.value } : undefined;
  }
}
