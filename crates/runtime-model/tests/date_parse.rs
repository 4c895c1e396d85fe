//! `Date.parse` and `new Date(string)` read what V8 reads: ISO strings and V8's legacy
//! forms (HTTP and RFC 2822 dates, SQL timestamps, `toString`'s text, `Jan 2 2024`,
//! `1/2/2024`, 12-hour times), and the replaced `Date` constructor keeps the shape of the
//! builtin. Expected lines are what workerd (2026-11-17, zone UTC) answered for the same
//! worker.

mod common;

use common::*;
use crosstalk_runtime::{Model, MsRange};

const WORKER: &str = r#"const inputs = [
  "2024-01-02", "2024-01-02T10:00:00.000Z", "2024-01-02T10:00", "2024-01-02T10:00:00+05:30", "+002024-01-02T00:00:00Z",
  "2024-01-02 10:00:00", "2024-01-02 10:00:00.123", "2024-01-02 10:00:00 +0100", "2024/01/02", "2024-01-02T10:00 GMT",
  "Tue, 02 Jan 2024 10:00:00 GMT", "Tue, 02 Jan 2024 10:00:00 +0100", "Tue, 02 Jan 2024 10:00:00 EST", "Sunday, 06-Nov-94 08:49:37 GMT",
  "Sun Nov  6 08:49:37 1994", "Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)",
  "Jan 2 2024", "January 2, 2024 10:30 PM", "2 Jan 2024 12:00 AM", "Jan 2", "1/2/2024", "1/2/24", "12/31/99 23:59:59.999",
  "1/2/2024 10:00 GMT-7", "1/2/2024 10:00 UTC+01:30", "Jan 2 2024 (a comment) 10:00", "Mon 1/2/2024",
  "", "garbage", "1/2/2024 garbage", "Jan 32 2024", "2024-01-02T25:00", "1/2/2024 13:00 PM", "+275760-09-13T00:00:00.001Z",
  "Sep 13 275760 00:00:00 GMT", "-271821-04-20T00:00:00Z",
];
export default {
  fetch() {
    const out = inputs.map((s) => `${JSON.stringify(s)} ${Date.parse(s)} ${new Date(s).getTime()}`);
    const t = (f) => { try { out.push(String(f())); } catch (e) { out.push(`threw ${e.name}: ${e.message}`); } };
    t(() => new Date("Jan 2 2024 10:00 PST").toISOString());
    t(() => new Date("Jan 2 2024 10:00 PST").toString());
    t(() => new Date("nonsense").toISOString());
    t(() => new Date({ [Symbol.toPrimitive]: () => "Jan 3 2024" }).getTime());
    t(() => new Date(new String("Jan 3 2024")).getTime());
    t(() => new Date({ valueOf: () => 5, toString: () => "Jan 3 2024" }).getTime());
    t(() => new Date(new Date("Jan 4 2024")).getTime());
    t(() => new Date(Symbol()));
    t(() => Date.parse({ toString: () => "Jan 4 2024" }));
    t(() => Date.parse());
    t(() => { class D extends Date {} const d = new D("Jan 5 2024"); return `${d.getTime()} ${d instanceof D} ${d instanceof Date}`; });
    t(() => Reflect.construct(Date, ["Jan 6 2024"], Object).constructor === Object);
    t(() => new (Date.bind(null, "Jan 6 2024"))().getTime());
    t(() => `${Date.name} ${Date.length} ${Date.parse.name} ${Date.parse.length}`);
    t(() => Object.getOwnPropertyNames(Date).join());
    t(() => JSON.stringify(Object.getOwnPropertyDescriptor(Date, "parse")));
    t(() => { const { writable, enumerable, configurable } = Object.getOwnPropertyDescriptor(Date, "prototype"); return `${writable} ${enumerable} ${configurable}`; });
    t(() => Date.prototype.constructor === Date && Object.getPrototypeOf(new Date(0)) === Date.prototype);
    t(() => Function.prototype.toString.call(Date));
    t(() => Date("ignored").endsWith(" GMT+0000 (Coordinated Universal Time)"));
    t(() => new Date(2024, 0, 2, 10).getTime());
    return new Response(out.join("\n"));
  },
};
"#;

#[test]
fn date_strings_parse_as_in_workerd() {
    let model = Model::module("worker.mjs", WORKER).with_requests("https://worker.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    let body = run.requests[0].body.clone().unwrap_or_else(|| panic!("no body: {:?}", run.requests[0]));
    let expected = [
        r#""2024-01-02" 1704153600000 1704153600000"#,
        r#""2024-01-02T10:00:00.000Z" 1704189600000 1704189600000"#,
        r#""2024-01-02T10:00" 1704189600000 1704189600000"#,
        r#""2024-01-02T10:00:00+05:30" 1704169800000 1704169800000"#,
        r#""+002024-01-02T00:00:00Z" 1704153600000 1704153600000"#,
        r#""2024-01-02 10:00:00" 1704189600000 1704189600000"#,
        r#""2024-01-02 10:00:00.123" 1704189600123 1704189600123"#,
        r#""2024-01-02 10:00:00 +0100" 1704186000000 1704186000000"#,
        r#""2024/01/02" 1704153600000 1704153600000"#,
        r#""2024-01-02T10:00 GMT" NaN NaN"#,
        r#""Tue, 02 Jan 2024 10:00:00 GMT" 1704189600000 1704189600000"#,
        r#""Tue, 02 Jan 2024 10:00:00 +0100" 1704186000000 1704186000000"#,
        r#""Tue, 02 Jan 2024 10:00:00 EST" 1704207600000 1704207600000"#,
        r#""Sunday, 06-Nov-94 08:49:37 GMT" 784111777000 784111777000"#,
        r#""Sun Nov  6 08:49:37 1994" 784111777000 784111777000"#,
        r#""Thu Jan 01 1970 00:00:00 GMT+0000 (Coordinated Universal Time)" 0 0"#,
        r#""Jan 2 2024" 1704153600000 1704153600000"#,
        r#""January 2, 2024 10:30 PM" 1704234600000 1704234600000"#,
        r#""2 Jan 2024 12:00 AM" 1704153600000 1704153600000"#,
        r#""Jan 2" 978393600000 978393600000"#,
        r#""1/2/2024" 1704153600000 1704153600000"#,
        r#""1/2/24" 1704153600000 1704153600000"#,
        r#""12/31/99 23:59:59.999" 946684799999 946684799999"#,
        r#""1/2/2024 10:00 GMT-7" 1704214800000 1704214800000"#,
        r#""1/2/2024 10:00 UTC+01:30" 1704184200000 1704184200000"#,
        r#""Jan 2 2024 (a comment) 10:00" 1704189600000 1704189600000"#,
        r#""Mon 1/2/2024" 1704153600000 1704153600000"#,
        r#""" NaN NaN"#,
        r#""garbage" NaN NaN"#,
        r#""1/2/2024 garbage" NaN NaN"#,
        r#""Jan 32 2024" NaN NaN"#,
        r#""2024-01-02T25:00" NaN NaN"#,
        r#""1/2/2024 13:00 PM" NaN NaN"#,
        r#""+275760-09-13T00:00:00.001Z" NaN NaN"#,
        r#""Sep 13 275760 00:00:00 GMT" 8640000000000000 8640000000000000"#,
        r#""-271821-04-20T00:00:00Z" -8640000000000000 -8640000000000000"#,
        "2024-01-02T18:00:00.000Z",
        "Tue Jan 02 2024 18:00:00 GMT+0000 (Coordinated Universal Time)",
        "threw RangeError: Invalid time value",
        "1704240000000",
        "1704240000000",
        "5",
        "1704326400000",
        "threw TypeError: Cannot convert a Symbol value to a number",
        "1704326400000",
        "NaN",
        "1704412800000 true true",
        "true",
        "1704499200000",
        "Date 7 parse 1",
        "length,name,prototype,now,parse,UTC",
        r#"{"writable":true,"enumerable":false,"configurable":true}"#,
        "false false false",
        "true",
        "function Date() { [native code] }",
        "true",
        "1704189600000",
    ];
    let got: Vec<&str> = body.lines().collect();
    for (i, (got, expected)) in got.iter().zip(expected).enumerate() {
        assert_eq!(*got, expected, "line {i}");
    }
    assert_eq!(got.len(), expected.len(), "{body}");
}
