/**
 * Next bundles a server module into several chunks (instrumentation, route handlers, pages), each with its own
 * copy of a class, so a plain `instanceof` misses an error made by another chunk's copy. A class that carries
 * a brand registered with Symbol.for (the same symbol in every copy) and answers `Symbol.hasInstance` with
 * this check is recognised across all of them.
 */
export function isBranded(value: unknown, brand: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}
