import type { z } from "zod";

/** The first problem of each top-level field, so one message stands beside each field. */
export function firstErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) out[String(issue.path[0] ?? "")] ??= issue.message;
  return out;
}

/** The same, for the flattened zod error the server sends back in `error.data.zodError`. */
export function firstServerErrors(flat: { fieldErrors: Record<string, string[] | undefined> } | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, messages] of Object.entries(flat?.fieldErrors ?? {})) if (messages?.[0]) out[field] = messages[0];
  return out;
}

/** Moves focus to the first control, in form order, whose field has an error; its error is then read out. */
export function focusFirstInvalid(errors: Record<string, string>, order: [field: string, controlId: string][]) {
  const hit = order.find(([field]) => errors[field]);
  if (hit) document.getElementById(hit[1])?.focus();
}
