import { describe, expect, it } from "vitest";
import { DEFAULT_CALLBACK_PATH, safeCallbackPath } from "@/lib/safe-redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/tenants", "/tenants"],
    ["/tenants/acme-prod", "/tenants/acme-prod"],
    ["/audit?tenant=acme&page=2", "/audit?tenant=acme&page=2"],
    ["/tenants?q=a%2Fb#pools", "/tenants?q=a%2Fb#pools"],
    ["/users/", "/users/"],
    ["/", "/"],
    // Normalised by the URL parser, still on the console.
    ["/tenants/../users", "/users"],
    ["/t%C3%A9st", "/t%C3%A9st"],
    ["/tést", "/t%C3%A9st"],
    ["/a%20b", "/a%20b"],
  ])("keeps the console path %j", (raw, path) => {
    expect(safeCallbackPath(raw)).toBe(path);
  });

  it.each([
    // The finding: "/%5Cevil.com" arrives decoded as "/\evil.com", which browsers resolve to http://evil.com/.
    "/\\evil.com",
    "/\\/evil.com",
    "\\\\evil.com",
    "/tenants\\..\\..\\evil.com",
    // Protocol-relative and absolute URLs.
    "//evil.com",
    "///evil.com",
    "//evil.com/tenants",
    "https://evil.com",
    "http://console.invalid/tenants",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.com",
    "tenants",
    // Controls and whitespace that browsers drop or that end the header.
    "/\t/evil.com",
    "/\n/evil.com",
    "/\r\nLocation: https://evil.com",
    "/\u0000/evil.com",
    " /tenants",
    "/ /evil.com",
    "/\u007f",
    "/\u0085/evil.com",
    // Dot segments that leave "//" once resolved.
    "/.//evil.com",
    "/..//evil.com",
    "/%2e%2e//evil.com",
    "/%2E//evil.com",
    // Encoded slashes, backslashes and controls that a second decoding would turn into the above.
    "/%5Cevil.com",
    "/%5cevil.com",
    "/%2Fevil.com",
    "/%2f%2fevil.com",
    "/%09/evil.com",
    "/%0d%0aLocation:%20https://evil.com",
    "/tenants%5C..%5Cevil",
    // Malformed escapes and other junk.
    "/%E0%A4%A",
    "/%",
    "",
  ])("refuses %j", (raw) => {
    expect(safeCallbackPath(raw)).toBe(DEFAULT_CALLBACK_PATH);
  });

  it("refuses whatever is not a string (a repeated ?callbackUrl= arrives as an array)", () => {
    for (const raw of [undefined, null, 42, ["/tenants", "//evil.com"], { toString: () => "/tenants" }, new URL("http://evil.com/")]) {
      expect(safeCallbackPath(raw)).toBe(DEFAULT_CALLBACK_PATH);
    }
  });

  it("falls back to a path of the console itself", () => {
    expect(DEFAULT_CALLBACK_PATH).toBe("/");
  });
});
