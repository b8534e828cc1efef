import "server-only";
import { deliver, type CacheEvent, type KubeObjectLike, type ReadableCache } from "@/server/kube/watch-cache";

const keyOf = (o: KubeObjectLike) => (o.metadata?.namespace ? `${o.metadata.namespace}/${o.metadata?.name}` : `${o.metadata?.name}`);

/** Whether an object's labels satisfy an equality selector such as `a=b,c` (a bare key: the label is set). */
export function matchesLabels(selector: string): (o: KubeObjectLike) => boolean {
  const terms = selector.split(",").map((s) => s.trim()).filter(Boolean).map((s) => {
    const [k, v] = s.split("=", 2) as [string, string | undefined];
    return { k, v };
  });
  return (o) => {
    const labels = o.metadata?.labels ?? {};
    return terms.every(({ k, v }) => (v === undefined ? k in labels : labels[k] === v));
  };
}

/**
 * The objects of another cache that pass a filter, read as a cache of their own: the same objects, not a second
 * copy of them (at 40,000 VMs a second watch of the same resource held a few hundred MiB more). An object that
 * stops passing the filter leaves as a DELETED event, one that starts passing arrives as ADDED.
 */
export class FilteredCache<T extends KubeObjectLike> implements ReadableCache<T> {
  private readonly listeners = new Set<(ev: CacheEvent<T>) => void>();
  /** Keys of the source's objects that pass the filter, kept to tell a MODIFIED from an ADDED or a DELETED. */
  private readonly inside = new Set<string>();
  private offSource?: () => void;
  private _generation = 0;

  constructor(
    private readonly source: ReadableCache<KubeObjectLike>,
    private readonly passes: (o: KubeObjectLike) => boolean,
  ) {}

  get model() {
    return this.source.model;
  }

  get state() {
    return this.source.state;
  }

  get generation() {
    return this._generation;
  }

  list(): T[] {
    return this.source.list().filter(this.passes) as T[];
  }

  get(name: string, namespace?: string): T | undefined {
    const o = this.source.get(name, namespace);
    return o && this.passes(o) ? (o as T) : undefined;
  }

  subscribe(listener: (ev: CacheEvent<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): this {
    if (this.offSource) return this;
    this.source.start();
    for (const o of this.source.list()) if (this.passes(o)) this.inside.add(keyOf(o));
    this.offSource = this.source.subscribe((ev) => this.follow(ev));
    return this;
  }

  async stop(): Promise<void> {
    this.offSource?.();
    this.offSource = undefined;
    this.inside.clear();
    await this.source.stop();
  }

  waitForSync(timeoutMs?: number): Promise<void> {
    return this.source.waitForSync(timeoutMs);
  }

  private follow(ev: CacheEvent<KubeObjectLike>) {
    if (ev.type === "STATE") return this.emit(ev);
    const key = keyOf(ev.object);
    const was = this.inside.has(key);
    const is = ev.type !== "DELETED" && this.passes(ev.object);
    if (is) this.inside.add(key);
    else this.inside.delete(key);
    if (is) this.emit({ type: was ? "MODIFIED" : "ADDED", object: ev.object as T });
    else if (was) this.emit({ type: "DELETED", object: ev.object as T });
  }

  private emit(ev: CacheEvent<T>) {
    if (ev.type !== "STATE") this._generation++;
    deliver(this.listeners, ev, `filtered-cache ${this.model.kind}`);
  }
}
