import type { Config } from "tailwindcss";
import plugin from "tailwindcss/plugin";

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
  // Tailwind's own space-y is `.space-y-3 > :not([hidden]) ~ :not([hidden])`: a general-sibling rule whose last
  // part matches any element, so Chromium treats every element's siblings as depending on each other and restyles
  // all the rows of a windowed table each time one row leaves or enters it (the tenant list's scroll frames spent
  // most of their time there). The same spacing from a rule that looks at the first child only.
  corePlugins: { space: false },
  // Tailwind 3 otherwise sets its fifty `--tw-*` defaults on every element (`*, ::before, ::after`), and Chromium
  // then carries fifty custom properties in the computed style of each one: each row entering a windowed table
  // paid for them. With this flag the defaults go only to elements whose utilities read them (ring, shadow,
  // transform and the like).
  experimental: { optimizeUniversalDefaults: true },
  plugins: [
    plugin(({ matchUtilities, theme }) => {
      matchUtilities({ "space-y": (value: string) => ({ "& > :not(:first-child)": { marginTop: value } }) }, { values: theme("spacing") });
      matchUtilities({ "space-x": (value: string) => ({ "& > :not(:first-child)": { marginLeft: value } }) }, { values: theme("spacing") });
    }),
  ],
} satisfies Config;
