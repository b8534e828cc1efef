import fs from "node:fs";
import { stateFilePath } from "@/server/paths";
import type { EtcdTlsFiles } from "@/server/local/etcd";
import type { ProcessInfo } from "@/server/local/under-cluster";

/** What a running `kmetal up` publishes for `status`, `down` and the tests. */
export interface RunState {
  pid: number;
  startedAt: string;
  consoleUrl: string;
  kubeconfigPath: string;
  apiServerUrl: string;
  etcdUrl: string;
  /** The CA and client certificate `status` presents to etcd (an older `up` published none). */
  etcdTls?: EtcdTlsFiles;
  processes: ProcessInfo[];
}

export function readState(): RunState | undefined {
  try {
    return JSON.parse(fs.readFileSync(stateFilePath(), "utf8")) as RunState;
  } catch {
    return undefined;
  }
}

export function writeState(s: RunState) {
  const file = stateFilePath();
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(s, null, 2), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}

export function clearState(pid: number) {
  if (readState()?.pid === pid) fs.rmSync(stateFilePath(), { force: true });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
