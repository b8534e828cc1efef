"use client";

import { createContext, useCallback, useContext, useState } from "react";
import { cn } from "@/lib/utils";

interface Toast {
  id: number;
  text: string;
  tone: "ok" | "alarm";
}
const ToastContext = createContext<(text: string, tone?: Toast["tone"]) => void>(() => {});

/** Results of actions, announced politely to screen readers and gone after a few seconds. */
export function Toaster({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((text: string, tone: Toast["tone"] = "ok") => {
    const id = Date.now() + Math.random();
    setToasts((t) => [...t.slice(-3), { id, text, tone }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 5_000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div data-slot="toaster" aria-live="polite" role="status" className="fixed bottom-4 right-4 z-50 flex flex-col gap-2">
        {toasts.map((t) => (
          <div key={t.id} className={cn("rounded-md border px-4 py-2 text-sm shadow-md", t.tone === "ok" ? "border-ok/40 bg-surface-raised text-fg" : "border-alarm/50 bg-surface-raised text-alarm")}>
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export const useToast = () => useContext(ToastContext);
