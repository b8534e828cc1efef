import { describe, expect, it } from "vitest";
import { Supervisor, type Supervisable } from "@/server/local/supervisor";

/** A child whose exit the test decides. */
function child(name: string): Supervisable & { exit: (code?: string) => void } {
  let exit!: (code: string) => void;
  const exited = new Promise<string>((r) => (exit = r));
  return { name, exited, exit: (code = "1") => exit(code) };
}

/** A sleep the test releases by hand, recording each delay asked for. */
function manualSleep() {
  const delays: number[] = [];
  const waiting: (() => void)[] = [];
  const sleep = (ms: number) => {
    delays.push(ms);
    return new Promise<void>((r) => waiting.push(r));
  };
  const wake = async () => {
    await flush();
    waiting.shift()?.();
    await flush();
  };
  return { sleep, delays, wake, pending: () => waiting.length };
}

const flush = () => new Promise((r) => setImmediate(r));

describe("Supervisor", () => {
  it("restarts a child that exits, after a backoff", async () => {
    const clock = manualSleep();
    const sup = new Supervisor({ enabled: true, sleep: clock.sleep, random: () => 0.5 });
    let restarts = 0;
    const proc = child("etcd");
    const loop = sup.watch(proc, async () => void restarts++);
    proc.exit();
    await flush();
    expect(restarts).toBe(0); // not before the backoff
    await clock.wake();
    await loop;
    expect(restarts).toBe(1);
    expect(clock.delays).toEqual([750]); // attempt 0: between base/2 and base (1 s)
  });

  it("backs off exponentially, with jitter, up to the cap, while restarts fail", async () => {
    const clock = manualSleep();
    const logs: string[] = [];
    const sup = new Supervisor({ enabled: true, sleep: clock.sleep, random: () => 1, baseMs: 1_000, capMs: 8_000, log: (l) => logs.push(l), prefix: "t: " });
    let calls = 0;
    const proc = child("kube-apiserver-0");
    const loop = sup.watch(proc, async () => {
      if (++calls < 6) throw new Error(`attempt ${calls} failed\nlog tail`);
    });
    proc.exit("SIGKILL");
    for (let i = 0; i < 6; i++) await clock.wake();
    await loop;
    expect(calls).toBe(6);
    expect(clock.delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(logs[0]).toBe("t: kube-apiserver-0 exited (SIGKILL); restarting it");
    expect(logs).toContain("t: restarting kube-apiserver-0 failed: attempt 1 failed"); // first line of the error only
    expect(logs.at(-1)).toBe("t: kube-apiserver-0 is back");
  });

  it("never restarts a child of an earlier run after stop() and a new begin() (epoch guard)", async () => {
    const clock = manualSleep();
    const sup = new Supervisor({ enabled: true, sleep: clock.sleep });
    const old = child("etcd");
    let restartedOld = 0;
    const oldLoop = sup.watch(old, async () => void restartedOld++);
    sup.stop();
    sup.begin(); // a new start() of the same runtime
    old.exit(); // the old run's etcd ends only now
    await flush();
    await oldLoop;
    expect(restartedOld).toBe(0);
    expect(clock.pending()).toBe(0);

    // A child of the new run is supervised again: stopping was reset.
    expect(sup.stopping).toBe(false);
    const fresh = child("etcd");
    let restartedFresh = 0;
    const freshLoop = sup.watch(fresh, async () => void restartedFresh++);
    fresh.exit();
    await clock.wake();
    await freshLoop;
    expect(restartedFresh).toBe(1);
  });

  it("gives up a restart whose backoff a stop() interrupted, even if a begin() follows", async () => {
    const clock = manualSleep();
    const sup = new Supervisor({ enabled: true, sleep: clock.sleep });
    const proc = child("kube-scheduler");
    let restarts = 0;
    const loop = sup.watch(proc, async () => void restarts++);
    proc.exit();
    await flush();
    expect(clock.pending()).toBe(1); // in its backoff
    sup.stop();
    sup.begin();
    await clock.wake();
    await loop;
    expect(restarts).toBe(0);
  });

  it("keeps a held child down until it is released", async () => {
    const clock = manualSleep();
    const sup = new Supervisor({ enabled: true, sleep: clock.sleep });
    const proc = child("kube-apiserver");
    let restarts = 0;
    sup.hold("kube-apiserver");
    const loop = sup.watch(proc, async () => void restarts++);
    proc.exit();
    await loop;
    expect(restarts).toBe(0);
    sup.release("kube-apiserver");
    const again = child("kube-apiserver");
    const loop2 = sup.watch(again, async () => void restarts++);
    again.exit();
    await clock.wake();
    await loop2;
    expect(restarts).toBe(1);
  });

  it("does nothing when supervision is off", async () => {
    const sup = new Supervisor({ enabled: false, sleep: () => Promise.reject(new Error("must not sleep")) });
    const proc = child("etcd");
    let restarts = 0;
    const loop = sup.watch(proc, async () => void restarts++);
    proc.exit();
    await loop;
    await flush();
    expect(restarts).toBe(0);
  });
});
