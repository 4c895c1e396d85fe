// Date's string forms in the UTC zone: toString and toTimeString with the zone's name, the
// default (en-US) toLocale*String forms, and Invalid Date.
export default {
  async fetch() {
    const d = new Date(Date.UTC(2026, 11, 4, 15, 30, 5));
    const midnight = new Date(Date.UTC(2026, 0, 9, 0, 5, 0));
    const out = [d.toString(), d.toTimeString(), d.toDateString(), `${d}`, d.toLocaleString(), d.toLocaleDateString(),
      d.toLocaleTimeString(), d.toLocaleString("en-US"), midnight.toLocaleString(), new Date(NaN).toString(),
      new Date(NaN).toLocaleString(), String(new Date(0))];
    return new Response(out.join("\n"));
  },
};
