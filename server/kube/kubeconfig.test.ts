import { KubeConfig } from "@kubernetes/client-node";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { buildKubeconfig } from "@/server/kube/kubeconfig";

const HOSTILE = [",{}:#&*!|>'\"%@", "2024", "true", "null", "  leading spaces", "ünïcødé 名前", "- dash", "a: b", "~", "0x1F", "1e3"];

describe("buildKubeconfig", () => {
  it.each(HOSTILE)("round-trips the name %j through YAML and client-node unchanged", (name) => {
    const text = buildKubeconfig({ cluster: name, server: "https://127.0.0.1:6443", caPem: "CA", user: `${name}@x`, certPem: "C", keyPem: "K", context: `${name}@ctx` });
    const doc = yaml.load(text) as { clusters: { name: unknown }[]; users: { name: unknown }[]; "current-context": unknown };
    expect(doc.clusters[0]!.name).toBe(name);
    expect(doc.users[0]!.name).toBe(`${name}@x`);
    expect(doc["current-context"]).toBe(`${name}@ctx`);
    const kc = new KubeConfig();
    kc.loadFromString(text);
    expect(kc.getCurrentContext()).toBe(`${name}@ctx`);
    expect(kc.getCurrentCluster()?.name).toBe(name);
    expect(kc.getCurrentUser()?.name).toBe(`${name}@x`);
    expect(Buffer.from(kc.getCurrentUser()!.certData!, "base64").toString()).toBe("C");
  });

  it("writes a token user with a namespace", () => {
    const kc = new KubeConfig();
    kc.loadFromString(buildKubeconfig({ cluster: "c", server: "https://127.0.0.1:1", caPem: "CA", user: "u", token: "t0k", namespace: "default" }));
    expect(kc.getCurrentUser()?.token).toBe("t0k");
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe("default");
    expect(Buffer.from(kc.getCurrentCluster()!.caData!, "base64").toString()).toBe("CA");
  });
});
