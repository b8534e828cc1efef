export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * Prometheus text format 0.0.4, strictly: every line blank, a HELP/TYPE comment, or `name{labels} value`
 * (a value as Go's ParseFloat reads it). Throws on anything else; returns the samples and the declared types.
 */
export function parsePrometheusText(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (!line) continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (comment) {
      if (comment[1] === "TYPE") {
        if (!/^(counter|gauge|histogram|summary|untyped)$/.test(comment[3]!)) throw new Error(`unknown metric type: ${line}`);
        types.set(comment[2]!, comment[3]!);
      }
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|[+-]?[Ii]nf)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    const body = m[3] ?? "";
    const re = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/g;
    let consumed = 0;
    for (const l of body.matchAll(re)) {
      labels[l[1]!] = l[2]!;
      consumed += l[0].length;
    }
    if (consumed !== body.length) throw new Error(`malformed labels: ${line}`);
    samples.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return { samples, types };
}

/** The first sample of `name` whose labels include `labels`. */
export const sampleOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
