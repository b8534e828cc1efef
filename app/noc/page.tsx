import { getTranslations } from "next-intl/server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { NocWall } from "@/components/noc/noc-wall";
import { DISPLAY_COOKIE } from "@/lib/display/token";
import { auth } from "@/server/auth";

export async function generateMetadata() {
  const t = await getTranslations("noc");
  return { title: t("title") };
}

/**
 * The NOC wall, outside the console's frame: no navigation. A signed-in user sees their own scope; a browser
 * opened with a display link (its cookie) sees the fleet. Which one is checked again by every wall procedure:
 * here the page only decides between the wall and the login page.
 */
export default async function NocPage() {
  const session = await auth();
  if (session) return <NocWall mode="user" />;
  if ((await cookies()).get(DISPLAY_COOKIE)) return <NocWall mode="display" />;
  redirect(`/login?callbackUrl=${encodeURIComponent("/noc")}`);
}
