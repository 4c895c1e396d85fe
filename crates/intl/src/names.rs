//! `Intl.DisplayNames`: the names of regions, languages, scripts and currencies in a
//! locale's words.

use std::str::FromStr;

use icu_experimental::displaynames::multi::{LocaleDisplayNamesFormatter, RegionDisplayNames, ScriptDisplayNames};
use icu_experimental::displaynames::{DisplayNamesOptions, LanguageDisplay, Style};
use icu_locale::Locale;
use icu_locale::subtags::{Region, Script};
use icu_provider::prelude::*;

use crate::{Error, locale};

/// What `of` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Region,
    Language,
    Script,
    Currency,
}

/// The name of `code` in `tag`'s words, or `None` when CLDR has none; `style` is
/// `"long"`, `"short"` or `"narrow"`, `dialect` is `languageDisplay: "dialect"`. A code
/// that is not well-formed for its kind is V8's `RangeError`.
pub fn name(tag: &str, kind: Kind, code: &str, style: &str, dialect: bool) -> Result<Option<String>, Error> {
    let invalid = || Error::range("invalid_argument");
    let prefs = locale::with_keywords(tag, &[]);
    let mut options = DisplayNamesOptions::default();
    options.style = Some(match style {
        "short" => Style::Short,
        "narrow" => Style::Narrow,
        _ => Style::Long,
    });
    options.fallback = icu_experimental::displaynames::Fallback::None;
    let unavailable = |e: DataError| Error::range(format!("no display names for {tag}: {e}"));
    match kind {
        Kind::Region => {
            let region = Region::try_from_str(code).map_err(|_| invalid())?;
            let names = RegionDisplayNames::try_new((&prefs).into(), options).map_err(unavailable)?;
            Ok(names.of(region).map(str::to_string))
        }
        Kind::Script => {
            let script = Script::try_from_str(code).map_err(|_| invalid())?;
            let names = ScriptDisplayNames::try_new((&prefs).into(), options).map_err(unavailable)?;
            Ok(names.of(script).map(str::to_string))
        }
        Kind::Language => {
            let language = Locale::from_str(code).map_err(|_| invalid())?;
            options.language_display = if dialect { LanguageDisplay::Dialect } else { LanguageDisplay::Standard };
            let names = LocaleDisplayNamesFormatter::try_new((&prefs).into(), options).map_err(unavailable)?;
            let shown = names.of(&language).into_owned();
            // With no fallback, a language CLDR does not name comes back as its code.
            Ok((shown != language.to_string()).then_some(shown))
        }
        Kind::Currency => {
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(invalid());
            }
            let attributes = code.to_ascii_uppercase();
            let Ok(attributes) = DataMarkerAttributes::try_from_str(&attributes) else { return Err(invalid()) };
            let response = DataProvider::<
                icu_experimental::dimension::provider::currency::displayname::CurrencyDisplaynameV1,
            >::load(
                &icu_experimental::provider::Baked,
                DataRequest {
                    id: DataIdentifierBorrowed::for_marker_attributes_and_locale(
                        attributes,
                        &DataLocale::from(&prefs.id),
                    ),
                    ..Default::default()
                },
            );
            Ok(response.ok().map(|r| r.payload.get().to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values: workerd 1.20261117.
    #[test]
    fn regions_languages_and_currencies_have_english_names() {
        assert_eq!(name("en", Kind::Region, "US", "long", true).unwrap().as_deref(), Some("United States"));
        assert_eq!(name("en", Kind::Language, "de", "long", true).unwrap().as_deref(), Some("German"));
        assert_eq!(name("en", Kind::Currency, "EUR", "long", true).unwrap().as_deref(), Some("Euro"));
    }
}
