//! `Intl` and the locale-sensitive methods as workerd 1.20261117 has them (#14): the default
//! locale is always `en-US` and the default time zone always UTC.
//!
//! Every expected value is workerd's answer to the same expression, taken under
//! `crosstalk conform` (compatibility date 2026-11-17).

mod common;

use common::*;
use crosstalk_runtime::{Model, MsRange};

/// What a module worker answers when its handler returns `JSON.stringify` of `expression`,
/// or `throws Name: message` when evaluating it throws.
fn answer(expression: &str) -> String {
    let script = format!(
        "export default {{ async fetch() {{
            let out;
            try {{ out = JSON.stringify({expression}); }}
            catch (e) {{ out = 'throws ' + e.name + ': ' + e.message; }}
            return new Response(out);
        }} }};"
    );
    let model = Model::module("worker.mjs", &script).with_requests("https://x.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    run.requests[0].body.clone().unwrap_or_else(|| format!("{:?}", run.requests[0]))
}

/// A language subtag of five to eight letters is well-formed BCP 47 (temporal-polyfill
/// formats with `toLocaleString("fullwide")`); it has no data, so the default locale
/// formats. Expected values: workerd 1.20261117.
#[test]
fn a_registered_length_language_tag_is_accepted_and_falls_back_to_the_default() {
    assert_eq!(
        answer(r#"Intl.getCanonicalLocales(["fullwide", "FullWide-latn-us"])"#),
        r#"["fullwide","fullwide-Latn-US"]"#
    );
    assert_eq!(
        answer(r#"Intl.getCanonicalLocales("abcdefghi")"#),
        "throws RangeError: Invalid language tag: abcdefghi"
    );
    assert_eq!(answer(r#"(1234.5).toLocaleString("fullwide", { useGrouping: 0 })"#), r#""1234.5""#);
    assert_eq!(answer(r#"(1234567).toLocaleString("fullwide")"#), r#""1,234,567""#);
    assert_eq!(answer(r#"new Intl.NumberFormat("fullwide").resolvedOptions().locale"#), r#""en-US""#);
}

#[test]
fn intl_is_an_object_tagged_intl() {
    assert_eq!(answer("typeof Intl"), r#""object""#);
    assert_eq!(answer("Object.prototype.toString.call(Intl)"), r#""[object Intl]""#);
}

#[test]
fn number_format_formats_currency_and_grouping_by_locale() {
    assert_eq!(
        answer("new Intl.NumberFormat('en-US', {style:'currency', currency:'USD'}).format(1234.5)"),
        r#""$1,234.50""#
    );
    assert_eq!(answer("(1234567.891).toLocaleString()"), r#""1,234,567.891""#);
    assert_eq!(answer("(1234567.891).toLocaleString('de-DE')"), r#""1.234.567,891""#);
    assert_eq!(answer("[1234, 5].toLocaleString()"), r#""1,234,5""#);
}

#[test]
fn date_time_format_defaults_to_en_us_in_utc() {
    assert_eq!(
        answer(
            "Intl.DateTimeFormat('en-US', {dateStyle:'full', timeStyle:'long', timeZone:'UTC'}).format(new Date(0))"
        ),
        r#""Thursday, January 1, 1970 at 12:00:00 AM UTC""#
    );
    assert_eq!(
        answer(
            "(o => [o.locale, o.timeZone, o.calendar, o.numberingSystem])(new Intl.DateTimeFormat().resolvedOptions())"
        ),
        r#"["en-US","UTC","gregory","latn"]"#
    );
}

#[test]
fn date_locale_strings_default_to_en_us_in_utc() {
    assert_eq!(answer("new Date(0).toLocaleString()"), r#""1/1/1970, 12:00:00 AM""#);
    assert_eq!(answer("new Date(0).toLocaleDateString()"), r#""1/1/1970""#);
    assert_eq!(answer("new Date(0).toLocaleTimeString()"), r#""12:00:00 AM""#);
    assert_eq!(answer("(123n).toLocaleString()"), r#""123""#);
}

#[test]
fn plural_rules_select_cardinal_and_ordinal_categories() {
    assert_eq!(
        answer(
            "[new Intl.PluralRules('en-US').select(1), new Intl.PluralRules('en-US').select(2), \
             new Intl.PluralRules('en-US', {type:'ordinal'}).select(2), \
             new Intl.PluralRules('en-US', {type:'ordinal'}).select(3)]"
        ),
        r#"["one","other","two","few"]"#
    );
}

#[test]
fn relative_time_and_list_formats_word_as_in_english() {
    assert_eq!(
        answer(
            "[new Intl.RelativeTimeFormat('en').format(-1, 'day'), \
             new Intl.RelativeTimeFormat('en', {numeric:'auto'}).format(-1, 'day')]"
        ),
        r#"["1 day ago","yesterday"]"#
    );
    assert_eq!(
        answer("new Intl.ListFormat('en', {style:'long', type:'conjunction'}).format(['a','b','c'])"),
        r#""a, b, and c""#
    );
}

#[test]
fn collator_orders_by_the_unicode_collation_algorithm() {
    assert_eq!(
        answer("[new Intl.Collator().compare('a','B'), ['b','a','C'].sort(new Intl.Collator('en').compare)]"),
        r#"[-1,["a","b","C"]]"#
    );
}

#[test]
fn locale_compare_puts_a_umlaut_before_z_in_german() {
    assert_eq!(answer("'ä'.localeCompare('z', 'de')"), "-1");
}

#[test]
fn segmenter_splits_extended_grapheme_clusters() {
    assert_eq!(
        answer(
            "[...new Intl.Segmenter('en', {granularity:'grapheme'}).segment('👨\u{200d}👩\u{200d}👧e\\u0301')].length"
        ),
        "2"
    );
}

#[test]
fn get_canonical_locales_canonicalises_case() {
    assert_eq!(answer("Intl.getCanonicalLocales('EN-us')"), r#"["en-US"]"#);
}

/// `style: "unit"` (luxon's `Duration#toHuman`, byte and distance formatters): CLDR's
/// unit names in each width, agreeing in number with the value shown, its parts, and its
/// resolved options. Expected values: workerd 1.20261117 (`crosstalk conform`).
#[test]
fn unit_style_names_the_unit_in_the_plural_form_of_the_number_shown() {
    let long_day = "new Intl.NumberFormat('en', {style: 'unit', unit: 'day', unitDisplay: 'long'})";
    assert_eq!(
        answer(&format!("[1, 2.5, -1, 0].map((v) => {long_day}.format(v))")),
        r#"["1 day","2.5 days","-1 day","0 days"]"#
    );
    assert_eq!(
        answer(&format!("{long_day}.formatToParts(-1234.5)")),
        r#"[{"type":"minusSign","value":"-"},{"type":"integer","value":"1"},{"type":"group","value":","},{"type":"integer","value":"234"},{"type":"decimal","value":"."},{"type":"fraction","value":"5"},{"type":"literal","value":" "},{"type":"unit","value":"days"}]"#
    );
    assert_eq!(
        answer(&format!("{long_day}.resolvedOptions()")),
        r#"{"locale":"en","numberingSystem":"latn","style":"unit","unit":"day","unitDisplay":"long","minimumIntegerDigits":1,"minimumFractionDigits":0,"maximumFractionDigits":3,"useGrouping":"auto","notation":"standard","signDisplay":"auto","roundingIncrement":1,"roundingMode":"halfExpand","roundingPriority":"auto","trailingZeroDisplay":"auto"}"#
    );
    let unit = |locale: &str, unit: &str, display: &str, value: &str| {
        format!(
            "new Intl.NumberFormat('{locale}', {{style: 'unit', unit: '{unit}', unitDisplay: '{display}'}}).format({value})"
        )
    };
    for (locale, name, display, value, expected) in [
        ("de", "hour", "short", "3", "3 Std."),
        ("de", "hour", "long", "1", "1 Stunde"),
        ("de", "hour", "narrow", "3", "3h"),
        ("fr", "liter", "long", "1.5", "1,5\u{a0}litre"),
        ("fr", "liter", "short", "2", "2\u{202f}l"),
        ("en", "kilometer", "short", "21", "21 km"),
        ("en", "mile", "long", "1", "1 mile"),
        ("en", "millisecond", "short", "2", "2 ms"),
        ("en", "second", "short", "2", "2 sec"),
        ("en", "week", "short", "2", "2 wks"),
        ("en", "month", "short", "2", "2 mths"),
        ("en", "year", "short", "2", "2 yrs"),
        ("ja", "minute", "long", "5", "5 分"),
        ("ar", "day", "long", "3", "3 أيام"),
        ("en", "acre", "long", "3", "3 acres"),
        ("en", "fluid-ounce", "short", "8", "8 fl oz"),
    ] {
        assert_eq!(answer(&unit(locale, name, display, value)), format!("\"{expected}\""), "{locale} {name} {display}");
    }
    // The number as shown decides the form: 1.0 is plural in English.
    assert_eq!(
        answer(
            "new Intl.NumberFormat('en', {style: 'unit', unit: 'day', unitDisplay: 'long', minimumFractionDigits: 1}).format(1)"
        ),
        r#""1.0 days""#
    );
    assert_eq!(answer("(3).toLocaleString('en', {style: 'unit', unit: 'hour', unitDisplay: 'long'})"), r#""3 hours""#);
    assert_eq!(
        answer("new Intl.NumberFormat('en', {style: 'unit', unit: 'foo'})"),
        "throws RangeError: Invalid unit argument for Intl.NumberFormat() 'foo'"
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en', {style: 'unit'})"),
        "throws TypeError: Invalid unit argument for Intl.NumberFormat() ''"
    );
}

#[test]
fn bad_locales_time_zones_and_options_throw_workerds_errors() {
    assert_eq!(
        answer("new Intl.NumberFormat('en-US', {style:'currency'})"),
        "throws TypeError: Currency code is required with currency style."
    );
    assert_eq!(
        answer("new Intl.NumberFormat('not a locale!')"),
        "throws RangeError: Invalid language tag: not a locale!"
    );
    assert_eq!(answer("Intl.getCanonicalLocales('x')"), "throws RangeError: Invalid language tag: x");
    assert_eq!(
        answer("new Intl.DateTimeFormat('en', {timeZone:'Mars/Base'})"),
        "throws RangeError: Invalid time zone specified: Mars/Base"
    );
}

#[test]
fn locale_case_mapping_follows_turkish_dotted_i() {
    assert_eq!(
        answer("['I'.toLocaleLowerCase('tr'), 'i'.toLocaleUpperCase('tr'), 'e\\u0301'.normalize('NFC').length]"),
        r#"["ı","İ",1]"#
    );
}

#[test]
fn number_format_reads_digit_options_and_rounds_half_away_from_zero() {
    assert_eq!(answer("new Intl.NumberFormat('en-US', {maximumFractionDigits:0}).format(2.5)"), r#""3""#);
    assert_eq!(
        answer("(1234.5678).toLocaleString(undefined, {minimumFractionDigits:2, maximumFractionDigits:2})"),
        r#""1,234.57""#
    );
    assert_eq!(answer("(5).toLocaleString('en-US', {minimumIntegerDigits:2})"), r#""05""#);
    assert_eq!(answer("new Intl.NumberFormat('en-US', {maximumSignificantDigits:3}).format(123456)"), r#""123,000""#);
    assert_eq!(
        answer(
            "new Intl.NumberFormat('en', {trailingZeroDisplay:'stripIfInteger', minimumFractionDigits:2}).format(5)"
        ),
        r#""5""#
    );
    assert_eq!(answer("new Intl.NumberFormat('en-US', {signDisplay:'always'}).format(5)"), r#""+5""#);
    assert_eq!(answer("new Intl.NumberFormat('en-US', {useGrouping:false}).format(1234567.5)"), r#""1234567.5""#);
    assert_eq!(
        answer("new Intl.NumberFormat('en-US').format(123456789012345678901234567890n)"),
        r#""123,456,789,012,345,678,901,234,567,890""#
    );
    assert_eq!(answer("new Intl.NumberFormat('en-US').format('1234.5')"), r#""1,234.5""#);
    assert_eq!(answer("new Intl.NumberFormat().format({valueOf(){return 42}})"), r#""42""#);
    assert_eq!(
        answer(
            "[new Intl.NumberFormat('en-US').format(-0), new Intl.NumberFormat('en-US').format(NaN), new Intl.NumberFormat('en-US').format(Infinity)]"
        ),
        r#"["-0","NaN","∞"]"#
    );
    assert_eq!(answer("new Intl.NumberFormat('en-IN').format(123456789)"), r#""12,34,56,789""#);
    assert_eq!(answer("new Intl.NumberFormat('ar-EG').format(123)"), r#""١٢٣""#);
    assert_eq!(
        answer("new Intl.NumberFormat('en-US', {style:'percent', maximumFractionDigits:1}).format(0.12345)"),
        r#""12.3%""#
    );
    assert_eq!(answer("new Intl.NumberFormat('en', {notation:'compact'}).format(999999)"), r#""1M""#);
    assert_eq!(answer("(1e6).toLocaleString('en-US', {notation:'compact', compactDisplay:'long'})"), r#""1 million""#);
}

#[test]
fn number_format_shows_currencies_in_the_locales_pattern() {
    assert_eq!(
        answer("new Intl.NumberFormat('de-DE', {style:'currency', currency:'EUR'}).format(1234.5)"),
        "\"1.234,50\u{a0}€\""
    );
    assert_eq!(
        answer("new Intl.NumberFormat('ja-JP', {style:'currency', currency:'JPY'}).format(1234.5)"),
        r#""￥1,235""#
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en-US', {style:'currency', currency:'USD', currencyDisplay:'name'}).format(1)"),
        r#""1.00 US dollars""#
    );
    assert_eq!(
        answer(
            "new Intl.NumberFormat('en-US', {style:'currency', currency:'USD', maximumFractionDigits:0}).format(1234.56)"
        ),
        r#""$1,235""#
    );
    assert_eq!(
        answer(
            "new Intl.NumberFormat('en-US', {style:'currency', currency:'USD', currencySign:'accounting'}).format(-5)"
        ),
        r#""($5.00)""#
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en-US', {style:'currency', currency:'usd'}).resolvedOptions()"),
        r#"{"locale":"en-US","numberingSystem":"latn","style":"currency","currency":"USD","currencyDisplay":"symbol","currencySign":"standard","minimumIntegerDigits":1,"minimumFractionDigits":2,"maximumFractionDigits":2,"useGrouping":"auto","notation":"standard","signDisplay":"auto","roundingIncrement":1,"roundingMode":"halfExpand","roundingPriority":"auto","trailingZeroDisplay":"auto"}"#
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en-US').formatToParts(-1234.5)"),
        r#"[{"type":"minusSign","value":"-"},{"type":"integer","value":"1"},{"type":"group","value":","},{"type":"integer","value":"234"},{"type":"decimal","value":"."},{"type":"fraction","value":"5"}]"#
    );
}

#[test]
fn locales_resolve_to_one_with_data_or_to_en_us() {
    assert_eq!(answer("new Intl.NumberFormat('en-XX').resolvedOptions().locale"), r#""en""#);
    assert_eq!(answer("new Intl.NumberFormat('xx').resolvedOptions().locale"), r#""en-US""#);
    assert_eq!(answer("Intl.NumberFormat.supportedLocalesOf(['en-US','xx','de'])"), r#"["en-US","de"]"#);
    assert_eq!(answer("Intl.getCanonicalLocales(['en-us','EN-US','de'])"), r#"["en-US","de"]"#);
    assert_eq!(answer("Intl.getCanonicalLocales('iw')"), r#"["he"]"#);
    assert_eq!(answer("Intl.getCanonicalLocales([5])"), "throws TypeError: Language ID should be string or object.");
    assert_eq!(answer("new Intl.Locale('en').maximize().toString()"), r#""en-Latn-US""#);
    assert_eq!(
        answer("(l => [l.language, l.script, l.region, l.toString()])(new Intl.Locale('zh-Hant-TW'))"),
        r#"["zh","Hant","TW","zh-Hant-TW"]"#
    );
    assert_eq!(answer("new Intl.Locale('en-US', {hourCycle:'h23'}).toString()"), r#""en-US-u-hc-h23""#);
    assert_eq!(answer("new Intl.Locale('en-US-u-ca-buddhist').calendar"), r#""buddhist""#);
}

#[test]
fn the_intl_classes_have_v8s_shape_and_errors() {
    assert_eq!(answer("Object.prototype.toString.call(new Intl.NumberFormat())"), r#""[object Intl.NumberFormat]""#);
    assert_eq!(answer("Intl.DateTimeFormat.prototype[Symbol.toStringTag]"), r#""Intl.DateTimeFormat""#);
    assert_eq!(answer("[Intl.NumberFormat.length, Intl.NumberFormat.name]"), r#"[0,"NumberFormat"]"#);
    assert_eq!(answer("Intl.NumberFormat('en') instanceof Intl.NumberFormat"), "true");
    assert_eq!(answer("(() => { const f = new Intl.NumberFormat('en').format; return f(1234); })()"), r#""1,234""#);
    assert_eq!(
        answer("typeof Intl.NumberFormat.prototype.format"),
        "throws TypeError: Method UnwrapNumberFormat called on incompatible receiver #<NumberFormat>"
    );
    assert_eq!(answer("Intl.PluralRules()"), "throws TypeError: Constructor Intl.PluralRules requires 'new'");
    assert_eq!(
        answer("Intl.DisplayNames('en', {type:'region'})"),
        "throws TypeError: Constructor Intl.DisplayNames requires 'new'"
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en', {style:'bogus'})"),
        "throws RangeError: Value bogus out of range for Intl.NumberFormat options property style"
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en', {maximumFractionDigits: 101})"),
        "throws RangeError: maximumFractionDigits value is out of range."
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en', {minimumFractionDigits: 3, maximumFractionDigits: 1})"),
        "throws RangeError: maximumFractionDigits value is out of range."
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en', {currency: 'US'})"),
        "throws RangeError: Invalid currency code : US"
    );
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US', {dateStyle:'full', month:'long'})"),
        "throws TypeError: Invalid option : option"
    );
    assert_eq!(answer("new Intl.DateTimeFormat().format(NaN)"), "throws RangeError: Invalid time value");
    assert_eq!(
        answer("new Intl.ListFormat().format([1])"),
        "throws TypeError: Iterable yielded 1 which is not a string"
    );
    assert_eq!(
        answer("new Intl.RelativeTimeFormat('en').format(1, 'bogus')"),
        "throws RangeError: Invalid unit argument for Intl.RelativeTimeFormat.prototype.format() 'bogus'"
    );
}

#[test]
fn date_time_format_shows_time_zones_from_the_iana_database() {
    assert_eq!(
        answer(
            "new Intl.DateTimeFormat('en-US', {timeZone:'America/New_York', timeStyle:'long', dateStyle:'short'}).format(new Date(0))"
        ),
        r#""12/31/69, 7:00:00 PM EST""#
    );
    assert_eq!(
        answer("new Date(Date.UTC(2024, 6, 4, 15, 30, 45)).toLocaleString('en-US', {timeZone:'America/Los_Angeles'})"),
        r#""7/4/2024, 8:30:45 AM""#
    );
    assert_eq!(answer("new Date(0).toLocaleString('en-US', {timeZone:'Asia/Tokyo'})"), r#""1/1/1970, 9:00:00 AM""#);
    assert_eq!(
        answer(
            "new Intl.DateTimeFormat('en-US', {year:'numeric', month:'2-digit', day:'2-digit', hour:'2-digit', minute:'2-digit', second:'2-digit', hour12:false, timeZone:'America/Los_Angeles'}).formatToParts(new Date(0))"
        ),
        r#"[{"type":"month","value":"12"},{"type":"literal","value":"/"},{"type":"day","value":"31"},{"type":"literal","value":"/"},{"type":"year","value":"1969"},{"type":"literal","value":", "},{"type":"hour","value":"16"},{"type":"literal","value":":"},{"type":"minute","value":"00"},{"type":"literal","value":":"},{"type":"second","value":"00"}]"#
    );
    assert_eq!(answer("new Intl.DateTimeFormat('en-US', {timeZone:'utc'}).resolvedOptions().timeZone"), r#""UTC""#);
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US', {timeZone:'+05:30'}).resolvedOptions().timeZone"),
        r#""+05:30""#
    );
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US', {hour:'numeric'}).resolvedOptions()"),
        r#"{"locale":"en-US","calendar":"gregory","numberingSystem":"latn","timeZone":"UTC","hourCycle":"h12","hour12":true,"hour":"numeric"}"#
    );
}

#[test]
fn date_time_format_words_dates_in_the_locale() {
    assert_eq!(answer("new Date(0).toLocaleString('en-GB')"), r#""01/01/1970, 00:00:00""#);
    assert_eq!(
        answer(
            "new Date(0).toLocaleDateString('de-DE', {weekday:'long', year:'numeric', month:'long', day:'numeric'})"
        ),
        r#""Donnerstag, 1. Januar 1970""#
    );
    assert_eq!(answer("new Date(0).toLocaleTimeString('de-DE')"), r#""00:00:00""#);
    assert_eq!(
        answer("new Date(Date.UTC(2024, 6, 4, 15, 30, 45)).toLocaleString('fr-FR')"),
        r#""04/07/2024 15:30:45""#
    );
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US', {dateStyle:'medium'}).format(new Date(0))"),
        r#""Jan 1, 1970""#
    );
    assert_eq!(answer("new Intl.DateTimeFormat('en-US', {weekday:'long'}).format(0)"), r#""Thursday""#);
    assert_eq!(
        answer(
            "new Intl.DateTimeFormat('en-US', {hour:'2-digit', minute:'2-digit', second:'2-digit', hour12:false}).format(0)"
        ),
        r#""00:00:00""#
    );
    assert_eq!(answer("new Date(NaN).toLocaleString()"), r#""Invalid Date""#);
}

#[test]
fn display_names_name_regions_languages_scripts_and_currencies() {
    assert_eq!(answer("new Intl.DisplayNames(['de'], {type:'region'}).of('DE')"), r#""Deutschland""#);
    assert_eq!(answer("new Intl.DisplayNames(['en'], {type:'language'}).of('en-US')"), r#""American English""#);
    assert_eq!(
        answer("new Intl.DisplayNames(['en'], {type:'language', languageDisplay:'standard'}).of('en-US')"),
        r#""English (United States)""#
    );
    assert_eq!(answer("new Intl.DisplayNames(['en'], {type:'script'}).of('Latn')"), r#""Latin""#);
    assert_eq!(answer("new Intl.DisplayNames(['en'], {type:'currency'}).of('EUR')"), r#""Euro""#);
    assert_eq!(answer("new Intl.DisplayNames(['en'], {type:'region'}).of('XX')"), r#""XX""#);
    // workerd answers undefined (its body is empty); in an array, JSON shows that as null.
    assert_eq!(answer("[new Intl.DisplayNames(['en'], {type:'region', fallback:'none'}).of('XX')]"), "[null]");
    assert_eq!(
        answer("new Intl.DisplayNames(['en'], {type:'region'}).of('usa')"),
        "throws RangeError: invalid_argument"
    );
    assert_eq!(answer("new Intl.DisplayNames(['en'], {})"), "throws TypeError: invalid_argument");
}

#[test]
fn segments_are_iterable_and_found_by_index() {
    assert_eq!(
        answer("[...new Intl.Segmenter('en', {granularity:'word'}).segment('Hello, world!')]"),
        r#"[{"segment":"Hello","index":0,"input":"Hello, world!","isWordLike":true},{"segment":",","index":5,"input":"Hello, world!","isWordLike":false},{"segment":" ","index":6,"input":"Hello, world!","isWordLike":false},{"segment":"world","index":7,"input":"Hello, world!","isWordLike":true},{"segment":"!","index":12,"input":"Hello, world!","isWordLike":false}]"#
    );
    assert_eq!(
        answer("new Intl.Segmenter('en', {granularity:'word'}).segment('ab cd').containing(3)"),
        r#"{"segment":"cd","index":3,"input":"ab cd","isWordLike":true}"#
    );
    assert_eq!(
        answer("[...new Intl.Segmenter('en', {granularity:'sentence'}).segment('Hi. You ok?')].map(s=>s.segment)"),
        r#"["Hi. ","You ok?"]"#
    );
    assert_eq!(
        answer("[...new Intl.Segmenter('en', {granularity:'grapheme'}).segment('🇺🇸🇬🇧')].map(s=>s.segment)"),
        r#"["🇺🇸","🇬🇧"]"#
    );
    assert_eq!(answer("new Intl.Segmenter().resolvedOptions()"), r#"{"locale":"en-US","granularity":"grapheme"}"#);
}

#[test]
fn relative_time_parts_name_the_number_and_its_unit() {
    assert_eq!(
        answer("new Intl.RelativeTimeFormat('en').formatToParts(100, 'day')"),
        r#"[{"type":"literal","value":"in "},{"type":"integer","value":"100","unit":"day"},{"type":"literal","value":" days"}]"#
    );
    assert_eq!(answer("new Intl.RelativeTimeFormat('en', {numeric:'auto'}).format(0, 'day')"), r#""today""#);
    assert_eq!(answer("new Intl.RelativeTimeFormat('en').format(1000, 'year')"), r#""in 1,000 years""#);
    assert_eq!(answer("new Intl.RelativeTimeFormat('en').format(-1.5, 'hour')"), r#""1.5 hours ago""#);
}

#[test]
fn collator_options_set_strength_numeric_order_and_case_first() {
    assert_eq!(answer("new Intl.Collator('en', {sensitivity:'accent'}).compare('a','A')"), "0");
    assert_eq!(answer("new Intl.Collator('en', {caseFirst:'upper'}).compare('a','A')"), "1");
    assert_eq!(answer("['10','9','1'].sort(new Intl.Collator(undefined,{numeric:true}).compare)"), r#"["1","9","10"]"#);
    assert_eq!(answer("'résumé'.localeCompare('resume', 'en', {sensitivity:'base'})"), "0");
    assert_eq!(answer("new Intl.Collator('sv').compare('ä','z')"), "1");
    assert_eq!(
        answer("new Intl.Collator().resolvedOptions()"),
        r#"{"locale":"en-US","usage":"sort","sensitivity":"variant","ignorePunctuation":false,"collation":"default","numeric":false,"caseFirst":"false"}"#
    );
}

#[test]
fn plural_rules_round_before_choosing() {
    assert_eq!(answer("new Intl.PluralRules('en', {minimumFractionDigits:1}).select(1)"), r#""other""#);
    assert_eq!(answer("new Intl.PluralRules('fr').select(0)"), r#""one""#);
    assert_eq!(
        answer("new Intl.PluralRules('en', {type:'ordinal'}).resolvedOptions().pluralCategories"),
        r#"["one","two","few","other"]"#
    );
    assert_eq!(
        answer("new Intl.PluralRules('ru').resolvedOptions().pluralCategories"),
        r#"["one","few","many","other"]"#
    );
}

#[test]
fn list_format_styles_and_types() {
    assert_eq!(answer("new Intl.ListFormat('en', {style:'short'}).format(['a','b','c'])"), r#""a, b, & c""#);
    assert_eq!(answer("new Intl.ListFormat('en', {type:'unit'}).format(['1 ft','2 in'])"), r#""1 ft, 2 in""#);
    assert_eq!(answer("new Intl.ListFormat('de').format(['a','b','c'])"), r#""a, b und c""#);
}

#[test]
fn locale_case_mapping_and_array_to_locale_string() {
    assert_eq!(answer("'straße'.toLocaleUpperCase('de')"), r#""STRASSE""#);
    assert_eq!(answer("'ΌΣΟΣ'.toLocaleLowerCase('el')"), r#""όσος""#);
    assert_eq!(answer("[1234, 5].toLocaleString()"), r#""1,234,5""#);
}

#[test]
fn numbering_systems_come_from_the_option_or_the_tags_nu_keyword() {
    assert_eq!(answer("new Intl.NumberFormat('de-DE-u-nu-arab').format(12)"), r#""١٢""#);
    assert_eq!(answer("new Intl.NumberFormat('en', {numberingSystem:'arab'}).format(12)"), r#""١٢""#);
    assert_eq!(answer("new Intl.NumberFormat('en-CA', {style:'currency', currency:'USD'}).format(3)"), r#""US$3.00""#);
    assert_eq!(answer("new Intl.NumberFormat('en', {minimumSignificantDigits: 3}).format(1)"), r#""1.00""#);
    assert_eq!(
        answer("new Intl.NumberFormat('en', {maximumSignificantDigits: 2}).format(0.000123456)"),
        r#""0.00012""#
    );
    assert_eq!(answer("new Intl.NumberFormat('en', {style:'percent', signDisplay:'exceptZero'}).format(0)"), r#""0%""#);
    assert_eq!(answer("new Intl.NumberFormat('en', {signDisplay:'negative'}).format(-0)"), r#""0""#);
    assert_eq!(answer("new Intl.NumberFormat('en').format(-1e-10)"), r#""-0""#);
}

#[test]
fn time_zone_links_resolve_to_their_canonical_zone() {
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US', {timeZone:'US/Eastern'}).resolvedOptions().timeZone"),
        r#""America/New_York""#
    );
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US', {timeZone:'America/new_york'}).resolvedOptions().timeZone"),
        r#""America/New_York""#
    );
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US', {timeZone:'etc/gmt+5'}).resolvedOptions().timeZone"),
        r#""Etc/GMT+5""#
    );
    assert_eq!(
        answer(
            "[Intl.supportedValuesOf('timeZone').includes('UTC'), Intl.supportedValuesOf('timeZone').includes('US/Eastern')]"
        ),
        "[false,false]"
    );
    assert_eq!(answer("Intl.supportedValuesOf('bogus')"), "throws RangeError: Invalid key : bogus");
    assert_eq!(answer("new Date(0).toLocaleTimeString('en-US', {timeZoneName:'short'})"), r#""12:00:00 AM UTC""#);
}

#[test]
fn range_parts_name_their_source() {
    assert_eq!(
        answer("new Intl.NumberFormat('en').formatRangeToParts(1, 5)"),
        r#"[{"type":"integer","value":"1","source":"startRange"},{"type":"literal","value":"–","source":"shared"},{"type":"integer","value":"5","source":"endRange"}]"#
    );
    assert_eq!(
        answer("new Intl.NumberFormat('en').formatRangeToParts(5, 5)"),
        r#"[{"type":"approximatelySign","value":"~","source":"shared"},{"type":"integer","value":"5","source":"shared"}]"#
    );
    assert_eq!(answer("new Intl.NumberFormat('en').formatRange(3, 1000)"), r#""3–1,000""#);
    assert_eq!(answer("new Intl.DateTimeFormat('en-US').formatRange(0, 0)"), r#""1/1/1970""#);
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US').formatRangeToParts(0, 0)"),
        r#"[{"type":"month","value":"1","source":"shared"},{"type":"literal","value":"/","source":"shared"},{"type":"day","value":"1","source":"shared"},{"type":"literal","value":"/","source":"shared"},{"type":"year","value":"1970","source":"shared"}]"#
    );
}

/// The console prints an object whose `Symbol.toStringTag` differs from its constructor's
/// name with the tag, as Node's inspect does (workerd 1.20261117's lines).
#[test]
fn the_console_shows_an_intl_objects_to_string_tag() {
    let script = "export default { async fetch() {
        console.log(new Intl.NumberFormat());
        console.log(Intl);
        console.log(new Intl.Locale('en-US'));
        return new Response('ok');
    } };";
    let model = Model::module("worker.mjs", script).with_requests("https://x.example/", MsRange::fixed(0), 1);
    let run = run_seed(&model, 1);
    assert_eq!(console(&run), ["NumberFormat [Intl.NumberFormat] {}", "Object [Intl] {}", "Locale [Intl.Locale] {}"]);
}

#[test]
fn scientific_and_engineering_notation_through_the_js_half() {
    assert_eq!(answer("new Intl.NumberFormat('en', {notation:'scientific'}).format(123456)"), r#""1.235E5""#);
    assert_eq!(answer("new Intl.NumberFormat('en', {notation:'engineering'}).format(123456)"), r#""123.456E3""#);
    assert_eq!(answer("new Intl.NumberFormat('en', {notation:'scientific', style:'percent'}).format(12)"), r#""1E3%""#);
    assert_eq!(
        answer("new Intl.NumberFormat('en', {notation:'scientific'}).resolvedOptions().maximumFractionDigits"),
        "3"
    );
}

#[test]
fn dates_are_shown_in_the_calendar_the_options_the_tag_or_the_locale_choose() {
    assert_eq!(answer("new Intl.DateTimeFormat('th-TH').resolvedOptions().calendar"), r#""buddhist""#);
    assert_eq!(answer("new Intl.DateTimeFormat('th-TH').format(0)"), r#""1/1/2513""#);
    assert_eq!(answer("new Intl.DateTimeFormat('fa-IR').resolvedOptions().calendar"), r#""persian""#);
    assert_eq!(answer("new Intl.DateTimeFormat('en-US', {calendar:'japanese'}).format(0)"), r#""1/1/45 S""#);
    assert_eq!(answer("new Intl.DateTimeFormat('en-US-u-ca-buddhist').format(0)"), r#""1/1/2513 BE""#);
    assert_eq!(
        answer("new Intl.DateTimeFormat('en-US-u-ca-buddhist').resolvedOptions().locale"),
        r#""en-US-u-ca-buddhist""#
    );
    assert_eq!(answer("new Intl.DateTimeFormat('en', {calendar:'bogus'}).resolvedOptions().calendar"), r#""gregory""#);
    assert_eq!(
        answer("new Intl.DateTimeFormat('en', {calendar:'islamic'}).resolvedOptions().calendar"),
        r#""islamic""#
    );
    assert_eq!(
        answer("new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {era:'long', year:'numeric'}).format(0)"),
        r#""昭和45年""#
    );
}
