/** Where a user goes after signing in when no usable place was asked for (the overview). */
export const DEFAULT_CALLBACK_PATH = "/";

// Any origin the console can never have: the callback is resolved against it and must stay on it.
const PROBE = "http://console.invalid";
// "\" counts as "/" for browsers, and they drop tabs and newlines anywhere in a URL: "/\evil.com" and
// "/\t/evil.com" are both "//evil.com" to them. Spaces and other controls have no place in a path either.
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const UNSAFE = /[\\\u0000-\u0020\u007f-\u009f]/;

/**
 * The path on this console that a ?callbackUrl= (or the login form's hidden field) asks for, or
 * DEFAULT_CALLBACK_PATH when the value is missing, malformed or could lead to another site. Accepted
 * values are returned as the URL parser normalised them (path, query and fragment).
 */
export function safeCallbackPath(raw: unknown): string {
  if (typeof raw !== "string" || !raw.startsWith("/") || raw.startsWith("//") || UNSAFE.test(raw)) return DEFAULT_CALLBACK_PATH;
  let url: URL;
  try {
    url = new URL(raw, PROBE);
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  if (url.origin !== PROBE) return DEFAULT_CALLBACK_PATH;
  // Dot segments can leave a path that starts with "//" ("/.//evil.com", "/%2e%2e//evil.com"); and if the
  // path is decoded once more (a proxy, a later redirect), "%5C" and "%2F" must not become "\" and "//".
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return DEFAULT_CALLBACK_PATH;
  }
  if (decoded.startsWith("//") || UNSAFE.test(decoded.replaceAll(" ", ""))) return DEFAULT_CALLBACK_PATH;
  return url.pathname + url.search + url.hash;
}
