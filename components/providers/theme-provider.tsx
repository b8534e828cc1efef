"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

type Theme = "light" | "dark" | "system";
const KEY = "kmetal-theme";

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

/** Runs before paint (inline in <head>) so a dark NOC screen never flashes white. */
export const themeInitScript = `try{var t=localStorage.getItem("${KEY}")||"system";if(t==="dark"||(t==="system"&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

export function ThemeToggle() {
  const t = useTranslations("shell.theme");
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => setTheme((localStorage.getItem(KEY) as Theme | null) ?? "system"), []);
  const next: Record<Theme, Theme> = { system: "dark", dark: "light", light: "system" };
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={t("switch", { theme: t(theme), next: t(next[theme]) })}
      onClick={() => {
        const t = next[theme];
        localStorage.setItem(KEY, t);
        setTheme(t);
        apply(t);
      }}
    >
      {t("label", { theme: t(theme) })}
    </Button>
  );
}
