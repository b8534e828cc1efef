import type { AuditEntry } from "@/lib/audit/entry";

const COLUMNS = ["at", "user", "roles", "action", "tenant", "result", "code", "message", "input", "sourceIp"] as const;

/** RFC 4180 CSV: every field quoted, quotes doubled; a leading = + - @ is defused so a spreadsheet never runs it. */
export function auditCsv(entries: AuditEntry[]): string {
  const cell = (v: unknown) => {
    let s = Array.isArray(v) ? v.join(" ") : v === undefined || v === null ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  return [COLUMNS.join(","), ...entries.map((e) => COLUMNS.map((c) => cell(e[c])).join(","))].join("\r\n") + "\r\n";
}

/** The recorded input as readable "key: value" lines (nested keys joined with dots); the raw text when it is not JSON. */
export function readableInput(input: string | undefined): string[] {
  if (!input) return [];
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    return [input];
  }
  const out: string[] = [];
  const walk = (v: unknown, path: string) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const entries = Object.entries(v);
      if (!entries.length && path) out.push(`${path}: {}`);
      for (const [k, x] of entries) walk(x, path ? `${path}.${k}` : k);
    } else if (Array.isArray(v) && v.some((x) => x && typeof x === "object")) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else {
      out.push(`${path || "value"}: ${Array.isArray(v) ? v.join(", ") : String(v)}`);
    }
  };
  walk(value, "");
  return out;
}
