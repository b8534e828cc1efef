import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";

/** A child process of the local under cluster, logging to a file. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) when the process ends. */
  readonly exited: Promise<string>;
  isRunning(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

let setprivPath: string | null | undefined;
/** util-linux setpriv lets the kernel kill the child when its parent dies, even by SIGKILL. */
function setpriv(): string | null {
  if (setprivPath === undefined) {
    setprivPath = null;
    for (const p of ["/usr/bin/setpriv", "/bin/setpriv"]) {
      if (fs.existsSync(p) && spawnSync(p, ["--help"]).status === 0) {
        setprivPath = p;
        break;
      }
    }
  }
  return setprivPath;
}

export function startProcess(name: string, bin: string, args: string[], opts: { logFile: string; env?: NodeJS.ProcessEnv }): ManagedProcess {
  const out = fs.openSync(opts.logFile, "a");
  fs.writeSync(out, `\n--- ${new Date().toISOString()} starting ${name}: ${bin} ${args.join(" ")}\n`);
  const sp = setpriv();
  const [file, argv] = sp ? [sp, ["--pdeathsig", "TERM", "--", bin, ...args]] : [bin, args];
  // Own process group: a Ctrl-C (or a signal to the whole group) reaches only the supervisor, which then
  // stops the children in order instead of racing their supervision; pdeathsig covers a crashed supervisor.
  const child = spawn(file, argv, { stdio: ["ignore", out, out], env: opts.env ?? process.env, detached: true });
  fs.closeSync(out);
  let running = true;
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => {
      running = false;
      resolve(signal ?? String(code));
    });
    child.once("error", (err) => {
      running = false;
      resolve(`spawn error: ${err.message}`);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${bin})`);
  return {
    name,
    pid: child.pid,
    logFile: opts.logFile,
    child,
    exited,
    isRunning: () => running,
    async stop(graceMs = 10_000) {
      if (!running) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => running && child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a log file, for error messages. */
export function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Polls `probe` until it resolves true. Fails fast with the log tail if the process exits first.
 */
export async function waitReady(proc: ManagedProcess, probe: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: string | undefined;
  void proc.exited.then((c) => (exitedWith = c));
  for (let delay = 100; ; delay = Math.min(delay * 1.5, 1_000)) {
    if (exitedWith !== undefined || !proc.isRunning()) {
      throw new Error(`${proc.name} exited (${exitedWith ?? "?"}) before it was ready. Last lines of ${proc.logFile}:\n${tail(proc.logFile)}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${proc.name} was not ready after ${timeoutMs / 1000}s. Last lines of ${proc.logFile}:\n${tail(proc.logFile)}`);
    }
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Whether a pid is alive and its command line mentions `marker` (so we never kill a recycled pid). */
export function pidMatches(pid: number, marker: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker);
  } catch {
    return false;
  }
}

/** Whether a process was started with `name=value` in its environment (e.g. the console and its data dir). */
export function pidHasEnv(pid: number, name: string, value: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`${name}=${value}`);
  } catch {
    return false;
  }
}

/**
 * Kills processes a crashed earlier run left behind, as recorded in `dir/pids.json` — only pids whose
 * command line still names `dir`, so a recycled pid is never touched — then forgets the file.
 */
export function reapStale(dir: string, log: (line: string) => void = () => {}): void {
  const file = `${dir}/pids.json`;
  if (!fs.existsSync(file)) return;
  try {
    for (const p of JSON.parse(fs.readFileSync(file, "utf8")) as { name: string; pid: number }[]) {
      if (pidMatches(p.pid, dir)) {
        log(`stopping ${p.name} (pid ${p.pid}) left behind by an earlier run`);
        process.kill(p.pid, "SIGKILL");
      }
    }
  } catch {
    /* an unreadable pid file only means there is nothing we can safely reap */
  }
  fs.rmSync(file, { force: true });
}
