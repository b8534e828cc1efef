import "server-only";
import { isBranded } from "@/lib/branded";

/** One problem with one field of the input, named by its path in the form (e.g. "network.cidr"). */
export interface FieldProblem {
  field: string;
  reason: string;
  message: string;
}

export type DomainErrorKind = "NotFound" | "Forbidden" | "Conflict" | "Invalid" | "Precondition" | "TooManyRequests";

// `instanceof` across Next's bundled copies of this class: see lib/branded.ts.
const BRAND = Symbol.for("kmetal.io/DomainError");

/**
 * The failures a user must read: services throw these, the one tRPC middleware maps each kind to its
 * code once, and the formatter passes `problems` to the form so each reaches the field it names.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  readonly [BRAND] = true;
  static [Symbol.hasInstance](value: unknown): value is DomainError {
    return isBranded(value, BRAND);
  }
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly problems: FieldProblem[] = [],
    /** For TooManyRequests: when the caller may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (message: string) => new DomainError("NotFound", message);
export const forbidden = (message: string) => new DomainError("Forbidden", message);
export const conflict = (message: string) => new DomainError("Conflict", message);
export const precondition = (message: string) => new DomainError("Precondition", message);
export const tooManyRequests = (message: string, retryAfterSeconds?: number) => new DomainError("TooManyRequests", message, [], retryAfterSeconds);
/** The input breaks a rule (platform policy, bounds): one problem per field. */
export const invalid = (problems: FieldProblem[]) => new DomainError("Invalid", problems.map((p) => p.message).join("; "), problems);
