"use client";

import { useEffect, useRef } from "react";

interface StreamResult {
  status: string;
  error: unknown;
  reset: () => void;
}

/**
 * A live stream ends when the session would (idle or absolute lifetime). Re-subscribe once: with a session
 * that other requests kept alive it simply carries on; refused again at once, the session is over and the
 * user goes to the login page, which brings them back here.
 */
export function useSessionStream<T extends StreamResult>(sub: T): T {
  const lastRetry = useRef(0);
  const handled = useRef<unknown>(null);
  const { status, error, reset } = sub;
  const code = (error as { data?: { code?: string } } | null)?.data?.code;
  useEffect(() => {
    if (status !== "error" || code !== "UNAUTHORIZED" || handled.current === error) return;
    handled.current = error; // each refusal is handled once, however often we re-render
    if (Date.now() - lastRetry.current > 10_000) {
      lastRetry.current = Date.now();
      reset();
    } else {
      window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    }
  }, [status, error, code, reset]);
  return sub;
}
