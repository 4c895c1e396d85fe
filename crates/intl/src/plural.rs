//! `Intl.PluralRules`: CLDR's plural categories of a number, after the number is rounded
//! as `Intl.NumberFormat` with the same digit options would show it.

use fixed_decimal::Decimal;
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules};

use crate::number::{NumberFormat, Style, Value, format_to_parts};
use crate::{Error, locale};

fn rules(tag: &str, ordinal: bool) -> Result<PluralRules, Error> {
    let prefs = locale::with_keywords(tag, &[]);
    let kind = if ordinal { PluralRuleType::Ordinal } else { PluralRuleType::Cardinal };
    PluralRules::try_new((&prefs).into(), kind.into()).map_err(|e| Error::range(format!("no plural rules: {e}")))
}

fn name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The category of `value` (`select`): rounded by `digits` (whose style is decimal),
/// then looked up in the locale's cardinal or ordinal rules.
pub fn select(digits: &NumberFormat, ordinal: bool, value: f64) -> Result<&'static str, Error> {
    if !value.is_finite() {
        return Ok("other");
    }
    debug_assert!(digits.style == Style::Decimal, "plural rules round as a decimal");
    let unlocalised =
        NumberFormat { locale: "en".into(), grouping: icu_decimal::options::GroupingStrategy::Never, ..digits.clone() };
    let shown: String = format_to_parts(&unlocalised, &Value::Number(value.abs()))?
        .into_iter()
        .filter(|(kind, _)| matches!(*kind, "integer" | "decimal" | "fraction"))
        .map(|(_, text)| text)
        .collect();
    let decimal: Decimal = shown.parse().map_err(|_| Error::range(format!("{shown} is not a decimal")))?;
    Ok(name(rules(&digits.locale, ordinal)?.category_for(&decimal)))
}

/// The categories the locale's rules use, in CLDR's order (`pluralCategories`).
pub fn categories(tag: &str, ordinal: bool) -> Result<Vec<&'static str>, Error> {
    Ok(rules(tag, ordinal)?.categories().map(name).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values: workerd 1.20261117.
    #[test]
    fn cardinal_and_ordinal_categories_follow_cldr() {
        let en = NumberFormat::new("en-US", Style::Decimal);
        assert_eq!(select(&en, false, 1.0).unwrap(), "one");
        assert_eq!(select(&en, false, 2.0).unwrap(), "other");
        assert_eq!(select(&en, true, 2.0).unwrap(), "two");
        assert_eq!(select(&en, true, 3.0).unwrap(), "few");
        assert_eq!(select(&en, true, 11.0).unwrap(), "other");
        assert_eq!(select(&NumberFormat::new("ar", Style::Decimal), false, 3.0).unwrap(), "few");
        assert_eq!(categories("en", false).unwrap(), ["one", "other"]);
        assert_eq!(categories("ru", false).unwrap(), ["one", "few", "many", "other"]);
    }
}
