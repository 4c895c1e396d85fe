// Intl as an app uses it; every line must read as workerd's V8 writes it.
export default {
  async fetch() {
    const when = new Date(Date.UTC(2024, 6, 4, 15, 30, 45));
    const price = (locale, currency, value) => new Intl.NumberFormat(locale, { style: "currency", currency }).format(value);
    const out = [
      price("en-US", "USD", 1234.5),
      price("de-DE", "EUR", 1234.5),
      price("ja-JP", "JPY", 1234.5),
      (1234567.891).toLocaleString(),
      (0.256).toLocaleString("en-US", { style: "percent" }),
      new Intl.NumberFormat("en", { notation: "compact" }).format(1234567),
      JSON.stringify(new Intl.NumberFormat("en-US").formatToParts(-1234.5)),
      when.toLocaleString("en-US", { timeZone: "America/Los_Angeles" }),
      when.toLocaleDateString("de-DE", { weekday: "long", year: "numeric", month: "long", day: "numeric" }),
      new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeStyle: "long", timeZone: "UTC" }).format(when),
      new Intl.DateTimeFormat("en-GB", { dateStyle: "long" }).format(when),
      JSON.stringify(new Intl.DateTimeFormat().resolvedOptions()),
      new Intl.RelativeTimeFormat("en", { numeric: "auto" }).format(-1, "day"),
      new Intl.RelativeTimeFormat("en").format(3, "hours"),
      new Intl.ListFormat("en", { type: "conjunction" }).format(["a", "b", "c"]),
      new Intl.PluralRules("en-US", { type: "ordinal" }).select(22),
      ["b", "a", "C", "ä"].sort(new Intl.Collator("de").compare).join(""),
      [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment("👨‍👩‍👧e\u0301")].length,
      new Intl.DisplayNames(["en"], { type: "region" }).of("DE"),
      Intl.getCanonicalLocales("EN-us")[0],
      "I".toLocaleLowerCase("tr"),
    ];
    return new Response(out.join("\n"));
  },
};
