import { describe, expect, it } from "vitest";
import { caRotationDone, caRotationRequest, nextCaRotation, parseCaRotationRequest, refusalOf, type CaRotationStatus } from "@/lib/tenants/ca-rotation";

const T0 = "2026-12-07T10:00:00Z";
const T1 = "2026-12-07T10:05:00Z";
const T2 = "2026-12-07T10:09:00Z";
const T3 = "2026-12-07T10:12:00Z";

describe("a tenant CA rotation, phase by phase", () => {
  it("runs Preparing → Prepared → Completing → Completed, each move by the operation or the operator's answer", () => {
    const start = nextCaRotation(undefined, "rotate-ca-start", undefined, T0);
    expect(start).toEqual({ status: { phase: "Preparing", lastInitiationTime: T0 }, clear: "rotate-ca-start" });
    const preparing = start.status!;
    expect(caRotationRequest(preparing)).toBe(`${T0}/Prepare`);
    // Nothing moves until the operator says the step is done, for this rotation.
    expect(nextCaRotation(preparing, undefined, undefined, T1)).toEqual({});
    expect(nextCaRotation(preparing, undefined, "2026-01-01T00:00:00Z/Prepared", T1)).toEqual({});
    const prepared = nextCaRotation(preparing, undefined, caRotationDone(T0, "Prepare"), T1).status!;
    expect(prepared).toEqual({ phase: "Prepared", lastInitiationTime: T0, lastInitiationFinishedTime: T1 });
    expect(caRotationRequest(prepared)).toBe(`${T0}/Prepare`);
    const completing = nextCaRotation(prepared, "rotate-ca-complete", caRotationDone(T0, "Prepare"), T2).status!;
    expect(completing).toMatchObject({ phase: "Completing", lastCompletionTriggeredTime: T2 });
    expect(caRotationRequest(completing)).toBe(`${T0}/Complete`);
    expect(nextCaRotation(completing, undefined, caRotationDone(T0, "Prepare"), T3)).toEqual({});
    const completed = nextCaRotation(completing, undefined, caRotationDone(T0, "Complete"), T3).status!;
    expect(completed).toEqual({ phase: "Completed", lastInitiationTime: T0, lastInitiationFinishedTime: T1, lastCompletionTriggeredTime: T2, lastCompletionTime: T3 });
    // A second rotation starts afresh with a new id; the last completion is kept.
    const again = nextCaRotation(completed, "rotate-ca-start", caRotationDone(T0, "Complete"), "2026-12-08T00:00:00Z").status!;
    expect(again).toEqual({ phase: "Preparing", lastInitiationTime: "2026-12-08T00:00:00Z", lastCompletionTime: T3 });
    expect(nextCaRotation(again, undefined, caRotationDone(T0, "Complete"), T3)).toEqual({});
  });

  it("refuses what the phase does not allow, and clears the operation", () => {
    const prepared: CaRotationStatus = { phase: "Prepared", lastInitiationTime: T0 };
    expect(nextCaRotation(undefined, "rotate-ca-complete", undefined, T1)).toEqual({ clear: "rotate-ca-complete", refused: "no CA rotation has been started" });
    expect(nextCaRotation(prepared, "rotate-ca-start", undefined, T1)).toEqual({ clear: "rotate-ca-start", refused: "a CA rotation is already in progress (Prepared)" });
    expect(nextCaRotation({ phase: "Preparing", lastInitiationTime: T0 }, "rotate-ca-complete", undefined, T1).refused).toMatch(/Preparing; it can be completed once it is Prepared/);
    expect(nextCaRotation(prepared, "rotate-everything", undefined, T1)).toEqual({ clear: "rotate-everything", refused: 'unknown operation "rotate-everything"' });
    expect(refusalOf("rotate-ca-start", { phase: "Completed" })).toBeUndefined();
    expect(refusalOf("rotate-ca-complete", prepared)).toBeUndefined();
  });

  it("an operation whose phase was written before a crash is only cleared, not taken twice", () => {
    expect(nextCaRotation({ phase: "Preparing", lastInitiationTime: T0 }, "rotate-ca-start", undefined, T1)).toEqual({ clear: "rotate-ca-start" });
    expect(nextCaRotation({ phase: "Completing", lastInitiationTime: T0 }, "rotate-ca-complete", undefined, T1)).toEqual({ clear: "rotate-ca-complete" });
  });

  it("parses the request annotation", () => {
    expect(parseCaRotationRequest(`${T0}/Complete`)).toEqual({ id: T0, step: "Complete" });
    expect(parseCaRotationRequest("nonsense")).toBeUndefined();
    expect(parseCaRotationRequest(undefined)).toBeUndefined();
    expect(caRotationRequest(undefined)).toBeUndefined();
  });
});
