// Module resolution hook for the CLI: `server-only` exists to keep server code out of browser bundles
// and throws outside React Server Components; in the CLI process everything is server code.
const EMPTY = "data:text/javascript,export{}";
export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: EMPTY, shortCircuit: true };
  return next(specifier, context);
}
