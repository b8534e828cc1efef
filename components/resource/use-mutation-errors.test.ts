import { toast } from "sonner";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { UseFormReturn } from "react-hook-form";
import { showMutationError } from "./use-mutation-errors";

vi.mock("sonner", () => ({ toast: { error: vi.fn(), dismiss: vi.fn() } }));

/** Just what the helper uses of a react-hook-form instance. */
function fakeForm(values: object) {
  const setError = vi.fn();
  return { form: { getValues: () => values, setError } as unknown as UseFormReturn<Record<string, unknown>>, setError };
}
const trpcError = (message: string, data: object) => Object.assign(new Error(message), { data });

afterEach(() => vi.clearAllMocks());

describe("showMutationError", () => {
  it("puts fields the form shows beside them, focuses the first, and toasts nothing", () => {
    const { form, setError } = fakeForm({ name: "", network: { mode: "overlay", cidr: "" } });
    const where = showMutationError(trpcError("bad", { fields: { "network.cidr": ["overlaps acme"], name: ["taken"] } }), { form });
    expect(where).toBe("inline");
    expect(setError).toHaveBeenCalledWith("network.cidr", { type: "server", message: "overlaps acme" }, { shouldFocus: true });
    expect(setError).toHaveBeenCalledWith("name", { type: "server", message: "taken" }, { shouldFocus: false });
    expect(toast.error).not.toHaveBeenCalled();
  });
  it("keeps problems of fields the form lacks in its root error", () => {
    const { form, setError } = fakeForm({ replicas: 2 });
    showMutationError(trpcError("bad", { fields: { replicas: ["too many"], "quota.vcpu": ["exceeded"] } }), { form });
    expect(setError).toHaveBeenCalledWith("root.server", { type: "server", message: "quota.vcpu: exceeded" });
    expect(toast.error).not.toHaveBeenCalled();
  });
  it("toasts the message exactly once when no shown field is named, or without a form", () => {
    const { form, setError } = fakeForm({ replicas: 2 });
    expect(showMutationError(trpcError("tenant acme not found", { code: "NOT_FOUND", fields: null }), { form, title: "Could not scale" })).toBe("toast");
    expect(setError).not.toHaveBeenCalled();
    expect(toast.error).toHaveBeenCalledTimes(1);
    expect(toast.error).toHaveBeenCalledWith("Could not scale: tenant acme not found", undefined);
    showMutationError(trpcError("refused", { zodError: { fieldErrors: { name: ["x"] } } }), { toastId: "t1" });
    expect(toast.error).toHaveBeenLastCalledWith("refused", { id: "t1" });
  });
  it("reads today's zod and policy errors when the server sends no fields", () => {
    const { form, setError } = fakeForm({ quota: { vcpu: 1 } });
    showMutationError(trpcError("bad", { policy: [{ field: "spec.quota.vcpu", message: "above the maximum" }] }), { form });
    expect(setError).toHaveBeenCalledWith("quota.vcpu", { type: "server", message: "above the maximum" }, { shouldFocus: true });
  });
});
