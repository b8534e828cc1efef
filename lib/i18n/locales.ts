// The console's languages. English is the default and the reference catalog (messages/en.json); a new language
// is a catalog messages/<code>.json plus its code and its own name here.
export const LOCALES = ["en", "de"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";
/** Each language named in itself, as the language switch offers it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", de: "Deutsch" };

/** The cookie that holds the language chosen in the console; without it the browser's Accept-Language decides. */
export const LOCALE_COOKIE = "kmetal-locale";
/** The browser's time zone, so dates rendered on the server read as the user's wall clock, not the pod's. */
export const TIME_ZONE_COOKIE = "kmetal-tz";

export const isLocale = (v: unknown): v is Locale => typeof v === "string" && (LOCALES as readonly string[]).includes(v);

/**
 * The best of our locales for an Accept-Language header ("de-CH,de;q=0.9,en;q=0.8"): by quality, then order;
 * a region ("de-AT") matches its language. Undefined when none is offered.
 */
export function matchAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header.split(",").map((part, i) => {
    const [tag = "", ...params] = part.trim().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", quality: Number.isFinite(quality) ? quality : 0, i };
  }).filter((r) => r.quality > 0).sort((a, b) => b.quality - a.quality || a.i - b.i);
  return ranked.map((r) => r.lang).find(isLocale);
}

/** The request's locale: the cookie if it names one of ours, else Accept-Language, else English. */
export const resolveLocale = (cookie: string | undefined, acceptLanguage: string | null | undefined): Locale =>
  isLocale(cookie) ? cookie : matchAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;

/** An IANA time zone name the runtime knows ("Europe/Berlin"), else undefined. */
export function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz || tz.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat("en", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined; // RangeError: not a time zone
  }
}
