/**
 * Code-point order of two strings: what sorting Kubernetes names (lowercase DNS labels) and ISO timestamps needs,
 * deterministic everywhere, and far cheaper than `localeCompare` (ICU collation), which sorting 10,000 tenants
 * on every change could not afford.
 */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
