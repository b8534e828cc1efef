import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { pidHasEnv, pidMatches } from "@/server/local/proc";

describe("recognising our own processes", () => {
  it("matches a process by a marker in its command line or a variable in its environment", async () => {
    const child = spawn("sleep", ["30"], { env: { ...process.env, KMETAL_DATA_DIR: "/tmp/kmetal-proc-test" } });
    try {
      await new Promise((r) => child.once("spawn", r));
      const pid = child.pid!;
      expect(pidMatches(pid, "sleep")).toBe(true);
      expect(pidMatches(pid, "kmetal-proc-test")).toBe(false);
      expect(pidHasEnv(pid, "KMETAL_DATA_DIR", "/tmp/kmetal-proc-test")).toBe(true);
      expect(pidHasEnv(pid, "KMETAL_DATA_DIR", "/tmp/kmetal-proc")).toBe(false); // the whole value, not a prefix
      expect(pidHasEnv(pid, "KMETAL_DATA", "/tmp/kmetal-proc-test")).toBe(false);
    } finally {
      child.kill("SIGKILL");
    }
    expect(pidHasEnv(2 ** 22 + 1, "KMETAL_DATA_DIR", "/x")).toBe(false); // no such process
  });
});
