import { backoffDelay } from "@/lib/kube/backoff";

/** What the supervisor needs of a child: its name and when it ends (a ManagedProcess has both). */
export interface Supervisable {
  readonly name: string;
  readonly exited: Promise<string>;
}

export interface SupervisorOptions {
  /** Off: watch() does nothing (tests that stop processes on purpose want them to stay down). */
  enabled: boolean;
  log?: (line: string) => void;
  /** Prefix of every log line, e.g. "tenant a: ". */
  prefix?: string;
  baseMs?: number;
  capMs?: number;
  /** Injected by tests to observe the backoff without waiting for it. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Brings back a child that exits unexpectedly, with jittered exponential backoff — the one restart loop of
 * the embedded mode (under cluster, tenant control planes, the console).
 *
 * Two guards keep a restart from outliving the intent to run: `stop()` sets `stopping` and bumps the epoch,
 * so a loop watching a child of an earlier `begin()` never restarts anything after a new `begin()` (which
 * clears `stopping`); and `hold(name)` keeps one child down on purpose until `release(name)`.
 */
export class Supervisor {
  private epoch = 0;
  private stoppingFlag = false;
  private readonly held = new Set<string>();
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: SupervisorOptions) {
    this.log = opts.log ?? (() => {});
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  get stopping(): boolean {
    return this.stoppingFlag;
  }

  /** A new run: children watched from now on are restarted again. */
  begin(): void {
    this.stoppingFlag = false;
  }

  /** Ends the run: no watched child is restarted any more, not even after a later begin(). */
  stop(): void {
    this.stoppingFlag = true;
    this.epoch++;
  }

  /** Keeps `name` down on purpose (e.g. to show reconnection) until release(). */
  hold(name: string): void {
    this.held.add(name);
  }

  release(name: string): void {
    this.held.delete(name);
  }

  /** Whether a child of this run and this name should still be running. */
  private wanted(epoch: number, name: string): boolean {
    return !this.stoppingFlag && epoch === this.epoch && !this.held.has(name);
  }

  /**
   * When `proc` exits, calls `restart` after a backoff until it succeeds (it should start a new child and
   * watch() it in turn) or the child is no longer wanted. Resolves when that loop ends (tests await it).
   */
  watch(proc: Supervisable, restart: () => Promise<void>): Promise<void> {
    if (!this.opts.enabled) return Promise.resolve();
    const epoch = this.epoch;
    const prefix = this.opts.prefix ?? "";
    return proc.exited.then(async (code) => {
      for (let attempt = 0; this.wanted(epoch, proc.name); attempt++) {
        if (attempt === 0) this.log(`${prefix}${proc.name} exited (${code}); restarting it`);
        await this.sleep(backoffDelay(attempt, { baseMs: this.opts.baseMs ?? 1_000, capMs: this.opts.capMs ?? 30_000, random: this.opts.random }));
        if (!this.wanted(epoch, proc.name)) return;
        try {
          await restart();
          this.log(`${prefix}${proc.name} is back`);
          return;
        } catch (err) {
          this.log(`${prefix}restarting ${proc.name} failed: ${(err as Error).message.split("\n")[0]}`);
        }
      }
    });
  }
}
