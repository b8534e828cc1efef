import { describe, expect, it } from "vitest";
import { matchAcceptLanguage, resolveLocale, validTimeZone } from "@/lib/i18n/locales";

describe("matchAcceptLanguage", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4", "de"],
    ["en;q=0.2, de-AT;q=0.8", "de"],
    ["DE", "de"],
    ["fr, it", undefined],
    ["de;q=0, en", "en"],
    ["de;q=abc", undefined],
    ["", undefined],
    [null, undefined],
  ])("%s → %s", (header, locale) => {
    expect(matchAcceptLanguage(header)).toBe(locale);
  });
});

describe("resolveLocale", () => {
  it("prefers the cookie, then Accept-Language, then English", () => {
    expect(resolveLocale("de", "en-US")).toBe("de");
    expect(resolveLocale("xx", "de-DE")).toBe("de");
    expect(resolveLocale(undefined, "de-DE")).toBe("de");
    expect(resolveLocale(undefined, "fr-FR")).toBe("en");
    expect(resolveLocale(undefined, undefined)).toBe("en");
  });
});

describe("validTimeZone", () => {
  it("keeps IANA names and drops anything else", () => {
    expect(validTimeZone("Europe/Berlin")).toBe("Europe/Berlin");
    expect(validTimeZone("UTC")).toBe("UTC");
    expect(validTimeZone("Mars/Olympus")).toBeUndefined();
    expect(validTimeZone("")).toBeUndefined();
    expect(validTimeZone(undefined)).toBeUndefined();
  });
});
