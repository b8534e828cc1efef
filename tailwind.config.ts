import type { Config } from "tailwindcss";

// The single source of theme truth. CSS variables in app/globals.css only supply the light and dark
// values of the tokens named here.
const token = (name: string) => `rgb(var(--${name}) / <alpha-value>)`;

export default {
  darkMode: "class",
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        surface: { DEFAULT: token("surface"), raised: token("surface-raised"), sunken: token("surface-sunken") },
        fg: { DEFAULT: token("fg"), muted: token("fg-muted") },
        border: token("border"),
        accent: { DEFAULT: token("accent"), fg: token("accent-fg") },
        ok: token("ok"),
        warn: token("warn"),
        alarm: token("alarm"),
      },
      fontFamily: { mono: ["ui-monospace", "SFMono-Regular", "Menlo", "monospace"] },
    },
  },
  plugins: [],
} satisfies Config;
