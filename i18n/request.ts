import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, TIME_ZONE_COOKIE, resolveLocale, validTimeZone } from "@/lib/i18n/locales";

// next-intl without locale routing: the URL never names the language. The locale comes from the console's
// cookie, else the browser's Accept-Language; the time zone from the browser (components/i18n/time-zone-sync.tsx).
export default getRequestConfig(async () => {
  const jar = await cookies();
  const locale = resolveLocale(jar.get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  return {
    locale,
    timeZone: validTimeZone(jar.get(TIME_ZONE_COOKIE)?.value),
    // The time of this request, handed to client components: a relative time ("5 minutes ago") rendered on the
    // server then reads the same when it hydrates, and useNow moves on from there.
    now: new Date(),
    messages: (await import(`../messages/${locale}.json`)).default,
  };
});
