import { BACKEND_HEADER } from "@/test/round-robin-proxy";

/** One event of the stream, as EventSource dispatches it. */
export interface StreamEvent {
  /** Date.now() when it arrived. */
  at: number;
  /** "message" unless the stream named another type (tRPC: "connected", "ping", "serialized-error", "return"). */
  type: string;
  data: string;
  /** Index into `connections` of the connection it came on. */
  connection: number;
}

export interface StreamConnection {
  /** Date.now() when the request was sent, and when the connection ended (undefined while open). */
  openedAt: number;
  endedAt?: number;
  status?: number;
  /** The replica that served it, as the proxy names it (BACKEND_HEADER). */
  backend?: string;
}

/** What a browser waits before reconnecting when the stream named no reconnection time (Chromium's default). */
export const DEFAULT_RETRY_MS = 3_000;

/**
 * A client of a server-sent event stream that behaves as the browser's EventSource does where it matters to a
 * live view: it parses the stream (event, data, id and retry fields), and when the connection breaks or ends it
 * opens a new one after the stream's reconnection time (the `retry` field; DEFAULT_RETRY_MS until one came),
 * sending Last-Event-ID if an event had an id. An answer other than 200 text/event-stream ends it for good.
 * Made on fetch, so a test can send the session cookie and see which replica served each connection.
 */
export class EventStreamClient {
  readonly events: StreamEvent[] = [];
  readonly connections: StreamConnection[] = [];
  retryMs = DEFAULT_RETRY_MS;
  /** Why the client stopped for good, if it did (close() or a refused reconnection). */
  failed?: string;
  private lastEventId = "";
  private readonly abort = new AbortController();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly url: string, private readonly headers: () => Record<string, string>) {}

  start(): this {
    void this.run();
    return this;
  }

  close() {
    this.failed ??= "closed";
    this.abort.abort();
  }

  /** Resolves with the first event (from index `from` on) that `pred` accepts; rejects after `timeoutMs`. */
  waitFor(pred: (e: StreamEvent) => boolean, timeoutMs: number, from = 0): Promise<StreamEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.events.slice(from).find(pred);
        if (hit) return done(() => resolve(hit));
        if (this.failed && this.failed !== "closed") return done(() => reject(new Error(`the stream stopped: ${this.failed}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`no such event within ${timeoutMs} ms; connections: ${JSON.stringify(this.connections)}`))), timeoutMs);
      const done = (f: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        f();
      };
      this.listeners.add(check);
      check();
    });
  }

  private notify() {
    for (const l of [...this.listeners]) l();
  }

  private async run() {
    while (!this.abort.signal.aborted) {
      const index = this.connections.push({ openedAt: Date.now() }) - 1;
      const conn = this.connections[index]!;
      try {
        const res = await fetch(this.url, {
          headers: { accept: "text/event-stream", ...(this.lastEventId ? { "last-event-id": this.lastEventId } : {}), ...this.headers() },
          signal: this.abort.signal,
        });
        conn.status = res.status;
        conn.backend = res.headers.get(BACKEND_HEADER) ?? undefined;
        if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
          this.failed = `answered ${res.status} ${res.headers.get("content-type")}: ${(await res.text()).slice(0, 200)}`;
          break;
        }
        await this.read(res.body!, index);
      } catch {
        /* a refused connection or one that broke: reconnect, as EventSource does */
      } finally {
        conn.endedAt = Date.now();
        this.notify();
      }
      if (this.abort.signal.aborted) break;
      await new Promise((r) => setTimeout(r, this.retryMs));
    }
    this.notify();
  }

  private async read(body: ReadableStream<Uint8Array>, connection: number) {
    let buffer = "";
    let type = "";
    let data: string[] = [];
    const decoder = new TextDecoder();
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop()!;
      for (const line of lines) {
        if (line === "") {
          // A blank line dispatches what was gathered; no data, no event (a lone retry or id field).
          if (data.length) this.events.push({ at: Date.now(), type: type || "message", data: data.join("\n"), connection });
          type = "";
          data = [];
          this.notify();
          continue;
        }
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") type = value;
        else if (field === "data") data.push(value);
        else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
        else if (field === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
      }
    }
  }
}
