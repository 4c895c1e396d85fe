//! Language tags: canonicalisation (`Intl.getCanonicalLocales`) and the choice of the
//! locale a formatter uses among those requested (ECMA-402's ResolveLocale, "lookup").

use std::str::FromStr;

use icu_locale::LocaleCanonicalizer;
use icu_locale::subtags::Region;
use icu_locale::{LanguageIdentifier, Locale};
use icu_provider::prelude::*;

use crate::Error;

/// workerd's default locale, whatever the machine's.
pub const DEFAULT: &str = "en-US";

/// `tag` (canonical) without its extensions: its language, script, region and variants.
pub fn without_extensions(tag: &str) -> String {
    Locale::from_str(tag).map(|locale| locale.id.to_string()).unwrap_or_else(|_| tag.to_string())
}

/// The canonical form of `tag` (case, aliases, order of variants and extensions), or
/// V8's `RangeError` for a tag that is not a well-formed BCP 47 language tag.
pub fn canonicalize(tag: &str) -> Result<String, Error> {
    match parse(tag) {
        Ok(locale) => Ok(locale.to_string()),
        Err(error) => registered_language(tag).ok_or(error),
    }
}

/// The canonical form of a tag whose language subtag has five to eight letters. BCP 47
/// allows those (for registered languages) and V8 takes them — temporal-polyfill formats
/// numbers with `toLocaleString("fullwide")` —, ICU4X's parser does not: the rest of the
/// tag is checked and canonicalised behind `und`. No such language has locale data, so
/// a formatter falls back to the default locale ([`resolve`]).
fn registered_language(tag: &str) -> Option<String> {
    let (first, rest) = match tag.split_once('-') {
        Some((first, rest)) => (first, Some(rest)),
        None => (tag, None),
    };
    if !(5..=8).contains(&first.len()) || !first.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let language = first.to_ascii_lowercase();
    let Some(rest) = rest else { return Some(language) };
    let canonical = parse(&format!("und-{rest}")).ok()?.to_string();
    let rest = canonical.strip_prefix("und")?;
    Some(format!("{language}{rest}"))
}

/// `tag` parsed and canonicalised.
pub fn parse(tag: &str) -> Result<Locale, Error> {
    let invalid = || Error::range(format!("Invalid language tag: {tag}"));
    // ECMA-402 takes the tag's syntax from BCP 47 alone: no "_", no empty subtag,
    // no grandfathered irregular tags.
    if tag.is_empty() || tag.contains('_') {
        return Err(invalid());
    }
    let mut locale = Locale::from_str(tag).map_err(|_| invalid())?;
    if locale.id.language.is_unknown() && tag.len() >= 3 && !tag[..3].eq_ignore_ascii_case("und") {
        return Err(invalid());
    }
    LocaleCanonicalizer::new_extended().canonicalize(&mut locale);
    Ok(locale)
}

/// The locale a formatter uses for the `requested` tags (each canonical): the first that
/// has locale data, after dropping subtags from its end, without its extensions; else
/// the default.
pub fn resolve(requested: &[String]) -> String {
    requested.iter().find_map(|tag| lookup(tag)).map_or_else(|| DEFAULT.to_string(), |id| id.to_string())
}

/// Whether a formatter would use `tag` (canonical) itself, or a tag it reaches by dropping
/// subtags from its end (`supportedLocalesOf`).
pub fn supported(tag: &str) -> bool {
    lookup(tag).is_some()
}

/// The first available identifier among `tag`'s (without its extensions) and those made
/// by dropping its variants, then its region, then its script (BCP 47 lookup).
fn lookup(tag: &str) -> Option<LanguageIdentifier> {
    let mut id = Locale::from_str(tag).ok()?.id;
    loop {
        if available(&id) {
            return Some(id);
        }
        if !id.variants.is_empty() {
            id.variants = Default::default();
        } else if id.region.is_some() {
            id.region = None;
        } else if id.script.is_some() {
            id.script = None;
        } else {
            return None;
        }
    }
}

/// The subtags of `tag` (canonical): language, script, region, variants, and the
/// extensions as written (`u-ca-buddhist`), each empty when absent.
pub fn parts(tag: &str) -> (String, String, String, Vec<String>, String) {
    let Ok(locale) = Locale::from_str(tag) else { return Default::default() };
    let id = &locale.id;
    let extensions = locale.extensions.to_string();
    (
        id.language.to_string(),
        id.script.map(|s| s.to_string()).unwrap_or_default(),
        id.region.map(|r| r.to_string()).unwrap_or_default(),
        id.variants.iter().map(|v| v.to_string()).collect(),
        extensions,
    )
}

/// `tag` with its likely subtags added (`maximize`) or the redundant ones removed.
pub fn maximize(tag: &str, maximize: bool) -> String {
    let Ok(mut locale) = Locale::from_str(tag) else { return tag.to_string() };
    let expander = icu_locale::LocaleExpander::new_extended();
    if maximize {
        expander.maximize(&mut locale.id);
    } else {
        expander.minimize(&mut locale.id);
    }
    locale.to_string()
}

/// Whether CLDR has data for `id`: its language has locale data of its own, and its
/// region, if any, is one CLDR names.
pub fn available(id: &LanguageIdentifier) -> bool {
    if id.language.is_unknown() {
        return false;
    }
    let language = LanguageIdentifier::from(id.language);
    let response = DataProvider::<icu_experimental::displaynames::provider::LanguageDisplayNamesV1>::load(
        &icu_experimental::provider::Baked,
        DataRequest { id: DataIdentifierBorrowed::for_locale(&DataLocale::from(&language)), ..Default::default() },
    );
    // Every CLDR locale names the languages in its own words. The compiled data falls back (to the root locale for a language it lacks) and says
    // which locale it answered with.
    let has_data = response.is_ok_and(|r| r.metadata.locale.is_none_or(|l| l.language == id.language));
    has_data && id.region.is_none_or(known_region)
}

/// Whether CLDR names `region` (in English: every region it has a name for).
fn known_region(region: Region) -> bool {
    use icu_experimental::displaynames::{DisplayNamesOptions, multi::RegionDisplayNames};
    thread_local! {
        static NAMES: Option<RegionDisplayNames> = RegionDisplayNames::try_new(
            icu_locale::locale!("en").into(),
            DisplayNamesOptions::default(),
        ).ok();
    }
    NAMES.with(|names| names.as_ref().is_some_and(|n| n.of(region).is_some()))
}

/// The ICU4X locale of a resolved tag (one [`resolve`] returned), with the Unicode
/// extension keywords `extensions` (e.g. `[("kn", "true")]`) added.
pub fn with_keywords(tag: &str, keywords: &[(&str, &str)]) -> Locale {
    let mut locale = Locale::from_str(tag).unwrap_or_else(|_| Locale::from_str(DEFAULT).expect("the default parses"));
    for (key, value) in keywords {
        if let (Ok(key), Ok(value)) = (
            icu_locale::extensions::unicode::Key::try_from_str(key),
            icu_locale::extensions::unicode::Value::try_from_str(value),
        ) {
            locale.extensions.unicode.keywords.set(key, value);
        }
    }
    locale
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values: workerd 1.20261117 (`Intl.getCanonicalLocales`, `resolvedOptions().locale`).
    #[test]
    fn canonical_tags_are_cased_as_bcp47_says() {
        assert_eq!(canonicalize("EN-us").unwrap(), "en-US");
        assert_eq!(canonicalize("zh-hant-tw").unwrap(), "zh-Hant-TW");
    }

    // Expected values: workerd 1.20261117 (`Intl.getCanonicalLocales`).
    #[test]
    fn a_five_to_eight_letter_language_is_well_formed() {
        assert_eq!(canonicalize("fullwide").unwrap(), "fullwide");
        assert_eq!(canonicalize("FullWide-latn-us").unwrap(), "fullwide-Latn-US");
        assert_eq!(resolve(&["fullwide".to_string()]), DEFAULT);
        assert!(canonicalize("abcdefghi").is_err(), "nine letters");
        assert!(canonicalize("fullwide-!").is_err());
    }

    #[test]
    fn a_malformed_tag_is_a_range_error_naming_it() {
        assert_eq!(canonicalize("x"), Err(Error::Range("Invalid language tag: x".into())));
        assert_eq!(canonicalize("not a locale!"), Err(Error::Range("Invalid language tag: not a locale!".into())));
    }

    #[test]
    fn the_resolved_locale_drops_an_unknown_region_and_defaults_to_en_us() {
        assert_eq!(resolve(&["de-DE".into()]), "de-DE");
        assert_eq!(resolve(&["en-XX".into()]), "en");
        assert_eq!(resolve(&["xx".into()]), "en-US");
        assert_eq!(resolve(&[]), "en-US");
        assert_eq!(resolve(&["xx".into(), "de".into()]), "de");
        assert!(supported("en-US") && supported("de") && !supported("xx"));
    }

    #[test]
    fn likely_subtags_fill_in_script_and_region() {
        assert_eq!(maximize("en", true), "en-Latn-US");
        assert_eq!(maximize("en-Latn-US", false), "en");
        let (language, script, region, _, _) = parts("zh-Hant-TW");
        assert_eq!((language.as_str(), script.as_str(), region.as_str()), ("zh", "Hant", "TW"));
    }
}
