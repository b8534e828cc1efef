import "server-only";
import { Watch } from "@kubernetes/client-node";
import { backoffDelay } from "@/lib/kube/backoff";
import type { KubeGateway } from "@/server/kube/gateway";
import { KubeError, toKubeError } from "@/server/kube/errors";
import { collectionPath, type ResourceModel } from "@/server/kube/models";

export type CacheEvent<T> =
  | { type: "ADDED" | "MODIFIED" | "DELETED"; object: T }
  | { type: "STATE"; state: WatchCacheState };

export interface WatchCacheState {
  /** A complete list has been loaded at least once; reads are meaningful. */
  synced: boolean;
  /** A watch is open right now; false while reconnecting. */
  connected: boolean;
  resourceVersion?: string;
  lastError?: string;
  /** Consecutive failures since the last healthy watch. */
  failures: number;
  relists: number;
  /** Watches that ended with an error or stalled and were started again. */
  restarts: number;
  /** When the cache last heard from the server (an event, a bookmark or a list), ms since the epoch. */
  lastHeardAt?: number;
}

export interface WatchCacheOptions {
  namespace?: string;
  labelSelector?: string;
  /** e.g. `metadata.name=x`: RBAC authorizes a list or watch by resourceNames only with such a selector. */
  fieldSelector?: string;
  /** Restart a watch that delivered no event or bookmark for this long (default 90 s; bookmarks come about every minute). */
  stallMs?: number;
  /** Ask the server to close each watch after this long, so it is renewed regularly (default 300 s). */
  watchTimeoutSeconds?: number;
  backoff?: { baseMs?: number; capMs?: number };
  /**
   * Turns each object the server sends into what the cache keeps, before it is stored or handed to a listener:
   * e.g. a Secret's parsed public parts without its key material. It must keep metadata.name, namespace and
   * resourceVersion. Runs once per object per event; an object it throws on is left out (and the error kept
   * in the state as lastError).
   */
  transform?: (raw: KubeObjectLike) => KubeObjectLike;
  /** Objects per page when listing (default LIST_PAGE). */
  pageSize?: number;
}

/** Any object with Kubernetes metadata (looser than client-node's types, whose timestamps are Dates). */
export interface KubeObjectLike {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** Objects per page of a list (client-go's pager uses 500). */
export const LIST_PAGE = 500;

const keyOf = (o: KubeObjectLike) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata?.name}` : `${o.metadata?.name}`);

/**
 * A list+watch cache of one resource (an informer) that never stops silently: any error restarts the
 * watch with jittered backoff, 410 Gone triggers a relist, and a watchdog restarts a stalled watch.
 */
export class WatchCache<T extends KubeObjectLike> {
  private readonly store = new Map<string, T>();
  private readonly listeners = new Set<(ev: CacheEvent<T>) => void>();
  private abort?: AbortController;
  private stopped = true;
  private wake?: () => void;
  private loop?: Promise<void>;
  private _generation = 0;
  private _state: WatchCacheState = { synced: false, connected: false, failures: 0, relists: 0, restarts: 0 };

  constructor(
    private readonly gateway: KubeGateway,
    readonly model: ResourceModel,
    private readonly opts: WatchCacheOptions = {},
  ) {}

  get state(): WatchCacheState {
    return this._state;
  }

  list(): T[] {
    return [...this.store.values()];
  }

  get(name: string, namespace?: string): T | undefined {
    return this.store.get(namespace ? `${namespace}/${name}` : name);
  }

  subscribe(listener: (ev: CacheEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    this.loop = this.run();
    return this;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
  }

  /** Resolves once the first list has loaded; rejects after `timeoutMs`. */
  waitForSync(timeoutMs = 30_000): Promise<void> {
    if (this._state.synced) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`${this.model.kind} cache not synced after ${timeoutMs} ms: ${this._state.lastError ?? "no answer"}`));
      }, timeoutMs);
      const off = this.subscribe((ev) => {
        if (ev.type === "STATE" && ev.state.synced) {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    });
  }

  /** Counts the changes to the objects held: a value computed from list() is current while this stays the same. */
  get generation(): number {
    return this._generation;
  }

  private emit(ev: CacheEvent<T>) {
    if (ev.type !== "STATE") this._generation++;
    deliver(this.listeners, ev, `watch-cache ${this.model.kind}`);
  }

  private setState(patch: Partial<WatchCacheState>) {
    this._state = { ...this._state, ...patch };
    this.emit({ type: "STATE", state: this._state });
  }

  private async run() {
    while (!this.stopped) {
      try {
        if (!this._state.resourceVersion) await this.relist();
        await this.watchOnce();
      } catch (err) {
        if (this.stopped) break;
        const e = toKubeError(err);
        if (e.status === 410) {
          // The resourceVersion is too old: list again, then resume watching from the new one.
          this.setState({ resourceVersion: undefined, connected: false, lastError: e.message });
          continue;
        }
        const failures = this._state.failures + 1;
        this.setState({ connected: false, failures, restarts: this._state.restarts + 1, lastError: e.message });
        await this.sleep(backoffDelay(failures - 1, this.opts.backoff));
      }
    }
    this.setState({ connected: false });
  }

  /**
   * Lists every object again, in pages of LIST_PAGE objects (as client-go's reflector does): a page at a time is read,
   * parsed and shaped, so a large resource (40,000 VMs) never sits in memory as one response and its parse at once.
   * The pages are one consistent snapshot; the watch resumes from its resourceVersion. An expired continue token
   * (410) lists again from the start, through run().
   */
  private async relist() {
    const seen = new Set<string>();
    let resourceVersion: string | undefined;
    let token: string | undefined;
    do {
      const page = await this.gateway.list<T>(this.model, { namespace: this.opts.namespace, labelSelector: this.opts.labelSelector, fieldSelector: this.opts.fieldSelector, limit: this.opts.pageSize ?? LIST_PAGE, continue: token });
      for (const raw of page.items) {
        const obj = this.shape(raw);
        if (!obj) continue;
        const key = keyOf(obj);
        seen.add(key);
        const old = this.store.get(key);
        // An unchanged object keeps its identity, so values memoized per object (list rows) stay valid.
        if (old && old.metadata?.resourceVersion === obj.metadata?.resourceVersion) continue;
        this.store.set(key, obj);
        this.emit({ type: old ? "MODIFIED" : "ADDED", object: obj });
      }
      resourceVersion = page.metadata?.resourceVersion;
      token = page.metadata?.continue || undefined;
    } while (token && !this.stopped);
    if (this.stopped) return;
    for (const [key, obj] of this.store) {
      if (!seen.has(key)) {
        this.store.delete(key);
        this.emit({ type: "DELETED", object: obj });
      }
    }
    this.setState({ synced: true, resourceVersion, relists: this._state.relists + 1, lastHeardAt: Date.now() });
  }

  /** One watch request; resolves when the server ends it normally, rejects on any error. */
  private watchOnce(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const stallMs = this.opts.stallMs ?? 90_000;
      let watchdog: NodeJS.Timeout | undefined;
      let settled = false;
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(watchdog);
        this.abort?.abort();
        if (err) reject(err);
        else resolve();
      };
      const kick = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => finish(new KubeError(0, "Stalled", `watch stalled: nothing received for ${stallMs} ms`)), stallMs);
      };
      kick();
      const path = collectionPath(this.model, this.opts.namespace);
      const query = {
        resourceVersion: this._state.resourceVersion,
        allowWatchBookmarks: true,
        labelSelector: this.opts.labelSelector,
        fieldSelector: this.opts.fieldSelector,
        timeoutSeconds: this.opts.watchTimeoutSeconds ?? 300,
      };
      const onEvent = (type: string, raw: T) => {
        kick();
        this._state.lastHeardAt = Date.now();
        if (!this._state.connected || this._state.failures) this.setState({ connected: true, failures: 0, lastError: undefined });
        if (type === "ERROR") {
          finish(toKubeError(raw));
          return;
        }
        const rv = raw.metadata?.resourceVersion;
        if (type === "BOOKMARK") {
          if (rv) this._state = { ...this._state, resourceVersion: rv };
          return;
        }
        // A delete needs only the key and what was stored; an object the transform refuses is dropped.
        const obj = type === "DELETED" ? (this.store.get(keyOf(raw)) ?? this.shape(raw)) : this.shape(raw);
        if (!obj) {
          if (rv) this._state = { ...this._state, resourceVersion: rv };
          if (type === "MODIFIED") this.store.delete(keyOf(raw));
          return;
        }
        const key = keyOf(obj);
        if (type === "DELETED") this.store.delete(key);
        else this.store.set(key, obj);
        if (rv) this._state = { ...this._state, resourceVersion: rv };
        if (type === "ADDED" || type === "MODIFIED" || type === "DELETED") this.emit({ type, object: obj });
      };
      new Watch(this.gateway.kc)
        .watch(path, query, onEvent, (err: unknown) => {
          const status = (err as { statusCode?: number } | null)?.statusCode;
          finish(err ? (status ? new KubeError(status, "WatchFailed", `watch failed with HTTP ${status}`) : err) : undefined);
        })
        .then((controller) => {
          this.abort = controller;
          if (settled) controller.abort();
          else if (!this._state.connected) this.setState({ connected: true, failures: 0, lastError: undefined });
        }, finish);
    });
  }

  /**
   * The object as the cache keeps it: without its managedFields (server-side apply's bookkeeping, often a third
   * of an object, and read by nothing here), then transformed when a transform is set, or undefined when the
   * transform throws.
   */
  private shape(raw: T): T | undefined {
    const meta = (raw as { metadata?: { managedFields?: unknown } }).metadata;
    if (meta?.managedFields) delete meta.managedFields;
    if (!this.opts.transform) return raw;
    try {
      return this.opts.transform(raw) as T;
    } catch (err) {
      this._state = { ...this._state, lastError: `transform of ${keyOf(raw)} failed: ${(err as Error).message}` };
      return undefined;
    }
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }
}

/** Hands an event to every listener: one that throws is logged, and the others still get the event. */
export function deliver<T>(listeners: Iterable<(ev: CacheEvent<T>) => void>, ev: CacheEvent<T>, what: string): void {
  for (const l of listeners) {
    try {
      l(ev);
    } catch (err) {
      console.error(`${what}: listener failed`, err);
    }
  }
}

/** What readers of a cache use: a WatchCache, or a cache made of several (namespaces-cache.ts). */
export interface ReadableCache<T extends KubeObjectLike> {
  readonly model: ResourceModel;
  readonly state: WatchCacheState;
  readonly generation: number;
  list(): T[];
  get(name: string, namespace?: string): T | undefined;
  subscribe(listener: (ev: CacheEvent<T>) => void): () => void;
  start(): ReadableCache<T>;
  stop(): Promise<void>;
  waitForSync(timeoutMs?: number): Promise<void>;
}
