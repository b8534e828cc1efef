"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Toaster as Sonner } from "sonner";

/**
 * Toasts come from sonner: they stack (three visible, the rest on hover), a loading toast is updated in place
 * by its id to success or failure, and each goes by itself. The theme follows the console's own dark class.
 */
export function Toaster() {
  const t = useTranslations("toasts");
  const [dark, setDark] = useState(false);
  useEffect(() => {
    const root = document.documentElement;
    const read = () => setDark(root.classList.contains("dark"));
    read();
    const obs = new MutationObserver(read);
    obs.observe(root, { attributes: true, attributeFilter: ["class"] });
    return () => obs.disconnect();
  }, []);
  return <Sonner theme={dark ? "dark" : "light"} position="bottom-right" visibleToasts={3} duration={5_000} closeButton
    containerAriaLabel={t("region")} toastOptions={{ closeButtonAriaLabel: t("close") }} />;
}
