import "server-only";
import type { KubeGateway } from "@/server/kube/gateway";
import type { ResourceModel } from "@/server/kube/models";
import { deliver, WatchCache, type CacheEvent, type KubeObjectLike, type ReadableCache, type WatchCacheOptions, type WatchCacheState } from "@/server/kube/watch-cache";

/** One watch of the set: a namespace, or one object of it by name (a `metadata.name` field selector). */
export interface WatchTarget {
  namespace: string;
  name?: string;
}
const targetKey = (t: WatchTarget) => `${t.namespace}/${t.name ?? ""}`;

/**
 * One resource watched in a changing set of namespaces or named objects (one WatchCache each), read as one cache.
 * For objects the console may only read by name (a tenant's PKI Secrets: RBAC resourceNames authorize a list or
 * watch only with a `metadata.name` field selector): the targets follow another cache, e.g. the tenants. A target
 * that leaves the set takes its objects with it (as DELETED events).
 */
export class NamespacesCache<T extends KubeObjectLike> implements ReadableCache<T> {
  private readonly caches = new Map<string, { cache: WatchCache<T>; off: () => void }>();
  private readonly listeners = new Set<(ev: CacheEvent<T>) => void>();
  private offSource?: () => void;
  private started = false;
  private _generation = 0;

  constructor(
    private readonly gateway: KubeGateway,
    readonly model: ResourceModel,
    private readonly opts: Omit<WatchCacheOptions, "namespace">,
    /** The cache whose objects decide the namespaces, and how. */
    private readonly source: ReadableCache<KubeObjectLike>,
    private readonly targetsOf: (objs: KubeObjectLike[]) => WatchTarget[],
  ) {}

  get generation() {
    return this._generation;
  }

  get state(): WatchCacheState {
    const states = [...this.caches.values()].map((c) => c.cache.state);
    const src = this.source.state;
    return {
      synced: src.synced && states.every((s) => s.synced),
      connected: src.connected && states.every((s) => s.connected),
      failures: states.reduce((n, s) => n + s.failures, 0),
      relists: states.reduce((n, s) => n + s.relists, 0),
      restarts: states.reduce((n, s) => n + s.restarts, 0),
      lastError: states.find((s) => s.lastError)?.lastError,
      lastHeardAt: Math.max(0, ...states.map((s) => s.lastHeardAt ?? 0)) || undefined,
    };
  }

  list(): T[] {
    return [...this.caches.values()].flatMap((c) => c.cache.list());
  }

  get(name: string, namespace?: string): T | undefined {
    if (!namespace) return undefined;
    return (this.caches.get(targetKey({ namespace, name })) ?? this.caches.get(targetKey({ namespace })))?.cache.get(name, namespace);
  }

  subscribe(listener: (ev: CacheEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): this {
    if (this.started) return this;
    this.started = true;
    this.source.start();
    this.offSource = this.source.subscribe((ev) => ev.type !== "STATE" && this.follow());
    this.follow();
    return this;
  }

  async stop(): Promise<void> {
    this.started = false;
    this.offSource?.();
    await Promise.all([...this.caches.values()].map(({ cache, off }) => (off(), cache.stop())));
    this.caches.clear();
  }

  /** Resolves once the source and every namespace's cache have loaded a list. */
  async waitForSync(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    await this.source.waitForSync(timeoutMs);
    this.follow();
    // A namespace may join while others sync: wait until a pass finds every cache synced.
    for (;;) {
      const pending = [...this.caches.values()].filter((c) => !c.cache.state.synced);
      if (!pending.length) return;
      await Promise.all(pending.map((c) => c.cache.waitForSync(Math.max(1, until - Date.now()))));
    }
  }

  private emit(ev: CacheEvent<T>) {
    if (ev.type !== "STATE") this._generation++;
    deliver(this.listeners, ev, `namespaces-cache ${this.model.kind}`);
  }

  /** Starts a cache for each namespace that joined the set and stops those of namespaces that left it. */
  private follow() {
    if (!this.started) return;
    const want = new Map(this.targetsOf(this.source.list()).map((t) => [targetKey(t), t]));
    for (const [key, t] of want) {
      if (this.caches.has(key)) continue;
      const cache = new WatchCache<T>(this.gateway, this.model, { ...this.opts, namespace: t.namespace, ...(t.name ? { fieldSelector: `metadata.name=${t.name}` } : {}) });
      const off = cache.subscribe((ev) => this.emit(ev));
      this.caches.set(key, { cache, off });
      cache.start();
    }
    for (const [key, { cache, off }] of this.caches) {
      if (want.has(key)) continue;
      this.caches.delete(key);
      off();
      for (const object of cache.list()) this.emit({ type: "DELETED", object });
      void cache.stop();
    }
  }
}
