import fs from "node:fs";
import https from "node:https";
import yaml from "js-yaml";

/** Reads server, CA and token from one of our kubeconfigs, for health probes without the gateway. */
export function readKubeconfig(file: string): { server: string; ca: Buffer; token: string } {
  const kc = yaml.load(fs.readFileSync(file, "utf8")) as {
    clusters: { cluster: { server: string; "certificate-authority-data": string } }[];
    users: { user: { token: string } }[];
  };
  const cluster = kc.clusters[0]!.cluster;
  return { server: cluster.server, ca: Buffer.from(cluster["certificate-authority-data"], "base64"), token: kc.users[0]!.user.token };
}

export function probeApiServer(kubeconfig: string): Promise<boolean> {
  return new Promise((resolve) => {
    try {
      const { server, ca, token } = readKubeconfig(kubeconfig);
      const req = https.get(`${server}/readyz`, { ca, headers: { Authorization: `Bearer ${token}` }, timeout: 2_000 }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on("timeout", () => req.destroy());
      req.on("error", () => resolve(false));
    } catch {
      resolve(false);
    }
  });
}

export async function probeHttp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
    return res.status < 500;
  } catch {
    return false;
  }
}
