import { describe, expect, it } from "vitest";
import { forPeople } from "@/server/local/binaries";

describe("the build script's lines", () => {
  it("keeps the lines meant for people, without the script's own prefix (the caller adds one)", () => {
    expect(forPeople("kmetal: building the control-plane binaries v1.36.3")).toBe("building the control-plane binaries v1.36.3");
    expect(forPeople("kmetal-build: etcd built in 25s")).toBe("etcd built in 25s");
    expect(`kmetal: ${forPeople("kmetal: Go is not installed")}`).toBe("kmetal: Go is not installed");
  });

  it("leaves out the Go tool's own output", () => {
    expect(forPeople("go: downloading k8s.io/kubernetes v1.36.3")).toBeUndefined();
    expect(forPeople("Kubernetes v1.36.3")).toBeUndefined();
    expect(forPeople("kmetalx: not ours")).toBeUndefined();
  });
});
