import type en from "../messages/en.json";
import type { Locale } from "../lib/i18n/locales";

// Types every t("…") call against the English catalog: an unknown key fails `tsc`. The test in
// lib/i18n/catalogs.test.ts keeps the other catalogs in step with this one.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
