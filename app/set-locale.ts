"use server";

import { cookies } from "next/headers";
import { env } from "@/lib/env.js";
import { LOCALE_COOKIE, isLocale } from "@/lib/i18n/locales";

const YEAR = 365 * 24 * 60 * 60;

/** The language switch: remembers the choice for a year. Setting a cookie here re-renders the page in the new language. */
export async function setLocaleAction(locale: string) {
  if (!isLocale(locale)) throw new Error(`unknown language "${locale}"`);
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/", maxAge: YEAR, sameSite: "lax", httpOnly: true, secure: env.AUTH_URL?.startsWith("https://") ?? false,
  });
}
