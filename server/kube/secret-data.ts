import "server-only";

// Secret data is base64 on the wire; these are the only encoders the server uses for it.
export const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
export const unb64 = (s?: string) => (s ? Buffer.from(s, "base64").toString("utf8") : "");

/** The text of one key of a Secret ("" when absent). */
export const secretText = (secret: { data?: Record<string, string> } | undefined, key: string) => unb64(secret?.data?.[key]);
