import fs from "node:fs";
import path from "node:path";
import { createTranslator, type IntlError } from "next-intl";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, LOCALES } from "@/lib/i18n/locales";

// The catalogs against each other and against the source. tsc already refuses a t("…") key that is not in
// messages/en.json (i18n/app-config.d.ts); this test also covers the other catalogs, keys tsc cannot see
// (a translator passed on as a plain function) and the ICU syntax of every message.
const root = path.resolve(import.meta.dirname, "../..");
type Catalog = { [key: string]: string | Catalog };
const catalogs = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(fs.readFileSync(path.join(root, "messages", `${l}.json`), "utf8")) as Catalog]));

/** Every message as "a.b.c" → text; a value that is neither text nor a group is reported as such. */
function flatten(c: Catalog, prefix = "", out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else if (v && typeof v === "object" && !Array.isArray(v)) flatten(v, key, out);
    else out.set(key, `<not a message: ${JSON.stringify(v)}>`);
  }
  return out;
}
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(catalogs[l]!)]));
const reference = flat[DEFAULT_LOCALE]!;

/** The arguments ({name}, {count, plural, …}) and tags (<strong>) a message expects; the other catalogs must expect the same. */
function signature(message: string): string[] {
  const args = [...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => `{${m[1]}}`);
  const tags = [...message.matchAll(/<(\w+)>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...args, ...tags])].sort();
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/**
 * The keys the source asks for. A translator is a variable bound to a namespace in its file:
 * `const t = useTranslations("tenants.list")` or `const t = await getTranslations("meta.pages")`; its calls
 * `t("key")`, `t.rich("key", …)` name "tenants.list.key". A key built at run time (t(`steps.${id}`)) is
 * checked up to its first placeholder: "tenants.wizard.steps" must be a group of messages.
 */
function usedKeys() {
  const keys: { key: string; prefixOnly: boolean; file: string }[] = [];
  const conflicts: string[] = [];
  for (const file of ["app", "components"].flatMap((d) => sourceFiles(path.join(root, d)))) {
    const text = fs.readFileSync(file, "utf8");
    const rel = path.relative(root, file);
    const bound = new Map<string, string>();
    for (const m of text.matchAll(/(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:"([^"]*)")?\s*\)/g)) {
      const [, name = "", ns = ""] = m;
      if (bound.has(name) && bound.get(name) !== ns) conflicts.push(`${rel}: "${name}" is bound to both "${bound.get(name)}" and "${ns}"; give each namespace its own name`);
      bound.set(name, ns);
    }
    for (const [name, ns] of bound) {
      for (const m of text.matchAll(new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup|\\.raw|\\.has)?\\(\\s*(?:"([^"]+)"|\`([^\`]+)\`)`, "g"))) {
        const literal = m[1] ?? m[2]!;
        const dynamic = literal.indexOf("${");
        const key = dynamic < 0 ? literal : literal.slice(0, dynamic).replace(/\.$/, "");
        keys.push({ key: [ns, key].filter(Boolean).join("."), prefixOnly: dynamic >= 0, file: rel });
      }
    }
  }
  return { keys, conflicts };
}

describe("message catalogs", () => {
  it("has a catalog for every locale, with messages only", () => {
    for (const l of LOCALES) {
      expect(flat[l]!.size, `messages/${l}.json`).toBeGreaterThan(100);
      expect([...flat[l]!].filter(([, v]) => v.startsWith("<not a message")).map(([k]) => k), `messages/${l}.json`).toEqual([]);
    }
  });

  it.each(LOCALES.filter((l) => l !== DEFAULT_LOCALE))("%s has exactly the keys of the English catalog", (locale) => {
    const other = flat[locale]!;
    expect([...reference.keys()].filter((k) => !other.has(k)), `missing from messages/${locale}.json`).toEqual([]);
    expect([...other.keys()].filter((k) => !reference.has(k)), `in messages/${locale}.json but not in messages/en.json`).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== DEFAULT_LOCALE))("%s expects the same arguments and tags as English in every message", (locale) => {
    const differ = [...reference].filter(([k, v]) => flat[locale]!.has(k) && signature(v).join() !== signature(flat[locale]!.get(k)!).join())
      .map(([k, v]) => `${k}: en ${signature(v).join(" ")} / ${locale} ${signature(flat[locale]!.get(k)!).join(" ")}`);
    expect(differ).toEqual([]);
  });

  it.each(LOCALES)("every %s message is valid ICU and formats", (locale) => {
    const errors: string[] = [];
    const t = createTranslator({ locale, messages: catalogs[locale]!, onError: (e: IntlError) => errors.push(e.message) });
    for (const [key, message] of flat[locale]!) {
      const values = Object.fromEntries(signature(message).map((s) => (s.startsWith("<") ? [s.slice(1, -1), (chunks: string) => chunks] : [s.slice(1, -1), 1])));
      (t.markup as (k: string, v: object) => string)(key, values);
    }
    expect(errors).toEqual([]);
  });

  it("binds each translator variable of a file to one namespace", () => {
    expect(usedKeys().conflicts).toEqual([]);
  });

  it.each(LOCALES)("%s has every key the source uses", (locale) => {
    const { keys } = usedKeys();
    expect(keys.length).toBeGreaterThan(100);
    const groups = new Set([...flat[locale]!.keys()].flatMap((k) => k.split(".").slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join("."))));
    const missing = keys.filter(({ key, prefixOnly }) => (prefixOnly ? !groups.has(key) : !flat[locale]!.has(key))).map(({ key, file }) => `${key} (${file})`);
    expect([...new Set(missing)]).toEqual([]);
  });
});
