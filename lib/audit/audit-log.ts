import type { AuditEntry } from "@/lib/audit/entry";

export interface AuditQuery {
  tenant?: string;
  user?: string;
  action?: string;
  result?: AuditEntry["result"];
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  /** Opaque: the `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface AuditPage {
  items: (AuditEntry & { id: string })[];
  nextCursor?: string;
}

interface Row {
  id: string;
  entry: AuditEntry;
}

/** Newest first; equal times by name, descending, so every replica pages the same way. */
const before = (a: Row, b: { at: string; id: string }) => a.entry.at > b.at || (a.entry.at === b.at && a.id > b.id);

/**
 * The audit records kept sorted as they arrive (insert and delete by binary search), so a page is a
 * bounded scan from the cursor instead of sorting every record on each read.
 */
export class AuditLog {
  private rows: Row[] = [];

  get size(): number {
    return this.rows.length;
  }

  /** First index whose row is not before `key` (rows are sorted newest first). */
  private seek(key: { at: string; id: string }): number {
    let lo = 0, hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.rows[mid]!, key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  upsert(id: string, entry: AuditEntry): void {
    this.remove(id, entry.at);
    this.rows.splice(this.seek({ at: entry.at, id }), 0, { id, entry });
  }

  remove(id: string, at: string): void {
    const i = this.seek({ at, id });
    if (this.rows[i]?.id === id) this.rows.splice(i, 1);
  }

  /**
   * One page of the records that match `q` and `visible` (the caller's scope). Scans at most `maxScan` rows,
   * so a filter that matches little never walks the whole log in one request; the cursor then resumes.
   */
  query(q: AuditQuery, visible: (e: AuditEntry) => boolean, maxScan = 5_000): AuditPage {
    let start = 0;
    if (q.cursor) {
      const after = decodeCursor(q.cursor);
      start = this.seek(after);
      if (this.rows[start]?.id === after.id) start++; // resume just past the last row returned
    }
    const items: AuditPage["items"] = [];
    let i = start;
    for (; i < this.rows.length && items.length < q.limit && i - start < maxScan; i++) {
      const { id, entry: e } = this.rows[i]!;
      if (q.to && e.at > q.to) continue;
      if (q.from && e.at < q.from) {
        i = this.rows.length; // sorted: nothing older can match
        break;
      }
      if (q.tenant && e.tenant !== q.tenant) continue;
      if (q.user && e.user !== q.user) continue;
      if (q.action && e.action !== q.action) continue;
      if (q.result && e.result !== q.result) continue;
      if (!visible(e)) continue;
      items.push({ ...e, id });
    }
    const last = i < this.rows.length ? this.rows[i - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor({ at: last.entry.at, id: last.id }) : undefined };
  }
}

// The cursor names the last row returned; the next page starts right after where it is (or was).
function encodeCursor(k: { at: string; id: string }): string {
  return `${k.at}|${k.id}`;
}
function decodeCursor(c: string): { at: string; id: string } {
  const bar = c.indexOf("|");
  return { at: c.slice(0, bar), id: c.slice(bar + 1) };
}
