import { describe, expect, it } from "vitest";
import { transitions } from "@/server/reconciler/events";

describe("condition transitions", () => {
  it("reports only conditions whose status changed or that are new", () => {
    const prev = [{ type: "NetworkReady", status: "True" as const }, { type: "Ready", status: "False" as const }];
    const next = [{ type: "NetworkReady", status: "True" as const }, { type: "Ready", status: "True" as const }, { type: "WorkersReady", status: "False" as const }];
    expect(transitions(prev, next).map((c) => c.type)).toEqual(["Ready", "WorkersReady"]);
    expect(transitions(next, next)).toEqual([]);
  });
});
