"use client";

import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { toast } from "sonner";
import { serverFieldErrors, splitFieldErrors } from "@/lib/forms/server-errors";

/** Every path in a form's values ("quota", "quota.vcpu", "workerPools.0.replicas"), i.e. what it can show. */
function pathsOf(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (prefix) out.add(prefix);
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) pathsOf(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

export interface ShowErrorOptions<V extends FieldValues> {
  /** The form whose fields can show the problems inline. */
  form?: UseFormReturn<V>;
  /** Server path → form path, where the procedure's input and the form's values differ. */
  rename?: Record<string, Path<V>>;
  /** Put the failure toast in place of this loading toast. */
  toastId?: string | number;
  /** Said before the server's message in the toast, e.g. "Could not scale default". */
  title?: string;
}

/**
 * The one way a failed mutation is shown. If the error names fields the form shows, they appear beside those
 * fields (setError, focus on the first) and no toast; problems of fields the form lacks go to its root error.
 * Otherwise the error's message is toasted exactly once. Returns where it went.
 */
export function showMutationError<V extends FieldValues>(error: unknown, { form, rename = {}, toastId, title }: ShowErrorOptions<V> = {}): "inline" | "toast" {
  const message = (error as { message?: string } | null)?.message || "The request failed";
  if (form) {
    const fields = Object.fromEntries(Object.entries(serverFieldErrors(error)).map(([k, v]) => [rename[k] ?? k, v]));
    const known = pathsOf(form.getValues());
    const { inline, other } = splitFieldErrors(fields, (p) => known.has(p));
    const entries = Object.entries(inline);
    if (entries.length > 0) {
      entries.forEach(([path, msg], i) => form.setError(path as Path<V>, { type: "server", message: msg }, { shouldFocus: i === 0 }));
      if (other.length) form.setError("root.server" as Path<V>, { type: "server", message: other.join("; ") });
      if (toastId !== undefined) toast.dismiss(toastId);
      return "inline";
    }
  }
  toast.error(title ? `${title}: ${message}` : message, toastId !== undefined ? { id: toastId } : undefined);
  return "toast";
}
