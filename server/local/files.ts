import fs from "node:fs";
import { buildKubeconfig, type KubeconfigSpec } from "@/server/kube/kubeconfig";

/**
 * Writes a file that may hold a key, atomically (a reader never sees half of it) and readable by its owner
 * only. The mode is set on the temporary file before the rename, so there is no moment of wider access.
 */
export function writePrivateFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600); // writeFileSync keeps the mode of a leftover temporary file
  fs.renameSync(tmp, file);
}

/** Writes a kubeconfig (built by the one YAML-library writer) atomically with mode 0600. */
export function writeKubeconfigFile(file: string, spec: KubeconfigSpec): void {
  writePrivateFile(file, buildKubeconfig(spec));
}
