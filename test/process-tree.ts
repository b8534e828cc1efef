import { execFileSync } from "node:child_process";
import fs from "node:fs";

/** A process and all its descendants: resident memory in KiB (from ps) and CPU ticks used (from /proc). */
export function processTree(pid: number): { rssKiB: number; ticks: number } {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" }).trim().split("\n").map((l) => l.trim().split(/\s+/).map(Number));
  const kids = new Map<number, number[]>();
  for (const [p, pp] of rows) kids.set(pp!, [...(kids.get(pp!) ?? []), p!]);
  const rss = new Map(rows.map(([p, , r]) => [p!, r!]));
  let rssKiB = 0, ticks = 0;
  for (const todo = [pid]; todo.length;) {
    const p = todo.pop()!;
    rssKiB += rss.get(p) ?? 0;
    try {
      const f = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    } catch { /* gone */ }
    todo.push(...(kids.get(p) ?? []));
  }
  return { rssKiB, ticks };
}
