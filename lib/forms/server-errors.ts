/**
 * Where a tRPC error's problems belong. The server sends `error.data.fields` (paths relative to the
 * procedure's input, such as "network.cidr" or "workerPools.0.replicas"); older servers send the flattened
 * zod error, the platform-policy problems and the API server's causes instead, which are read the same way.
 * Pure: the UI helper in components/resource/use-mutation-errors.ts decides inline or toast from this.
 */
export type FieldErrors = Record<string, string[]>;

interface ErrorData {
  code?: string;
  fields?: FieldErrors | null;
  zodError?: { fieldErrors?: Record<string, string[] | undefined>; formErrors?: string[] } | null;
  policy?: { field: string; message: string }[] | null;
  kube?: { causes?: { field?: string; message?: string }[] } | null;
}

const dataOf = (error: unknown): ErrorData | undefined => {
  const data = (error as { data?: unknown } | null | undefined)?.data;
  return data && typeof data === "object" ? (data as ErrorData) : undefined;
};

/** Object fields are spelled "spec.x" by the API server and the policy; the procedures take "x". */
const relative = (field: string) => field.replace(/^spec\./, "").replace(/\[(\d+)\]/g, ".$1");

const add = (out: FieldErrors, key: string, message: string | undefined) => {
  if (!key || !message) return;
  const list = (out[key] ??= []);
  if (!list.includes(message)) list.push(message);
};

/** Every field problem of a tRPC error, keyed by input path; empty when the error names no field. */
export function serverFieldErrors(error: unknown): FieldErrors {
  const data = dataOf(error);
  const out: FieldErrors = {};
  if (!data) return out;
  if (data.fields && typeof data.fields === "object") {
    for (const [k, v] of Object.entries(data.fields)) for (const m of Array.isArray(v) ? v : []) add(out, k, m);
    return out;
  }
  for (const [k, v] of Object.entries(data.zodError?.fieldErrors ?? {})) for (const m of v ?? []) add(out, k, m);
  for (const p of data.policy ?? []) add(out, relative(p.field), p.message);
  for (const c of data.kube?.causes ?? []) if (c.field) add(out, relative(c.field), c.message);
  return out;
}

/** The error's code (e.g. "CONFLICT"), if the server sent one. */
export const errorCode = (error: unknown): string | undefined => dataOf(error)?.code;

/**
 * Splits field problems into those a form shows (by its field paths, or a parent of them such as "quota" for
 * "quota.vcpu") and the rest. `shown` tells whether a path is one of the form's fields.
 */
export function splitFieldErrors(fields: FieldErrors, shown: (path: string) => boolean) {
  const inline: Record<string, string> = {};
  const other: string[] = [];
  for (const [k, messages] of Object.entries(fields)) {
    if (shown(k)) inline[k] = messages.join("; ");
    else other.push(...messages.map((m) => (k ? `${k}: ${m}` : m)));
  }
  return { inline, other };
}
