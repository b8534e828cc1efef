"use client";

import { useSyncExternalStore } from "react";

const subscribe = (notify: () => void) => {
  const obs = new MutationObserver(notify);
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => obs.disconnect();
};

/** Whether the page is dark now (the theme switch toggles the class `dark` on <html>), following every switch. */
export const useDark = () => useSyncExternalStore(subscribe, () => document.documentElement.classList.contains("dark"), () => false);
