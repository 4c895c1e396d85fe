//! `Intl.ListFormat`: "a, b, and c" in the locale's words.

use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};

use crate::{Error, Parts, collect_parts, locale};

/// `type`: what the list means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Conjunction,
    Disjunction,
    Unit,
}

/// The parts of `items` joined as a list (`formatToParts`); `style` is `"long"`,
/// `"short"` or `"narrow"`.
pub fn format_to_parts(tag: &str, kind: Kind, style: &str, items: &[String]) -> Result<Parts, Error> {
    let prefs = locale::with_keywords(tag, &[]);
    let length = match style {
        "short" => ListLength::Short,
        "narrow" => ListLength::Narrow,
        _ => ListLength::Wide,
    };
    let options = ListFormatterOptions::default().with_length(length);
    let formatter = match kind {
        Kind::Conjunction => ListFormatter::try_new_and((&prefs).into(), options),
        Kind::Disjunction => ListFormatter::try_new_or((&prefs).into(), options),
        Kind::Unit => ListFormatter::try_new_unit((&prefs).into(), options),
    }
    .map_err(|e| Error::range(format!("no list data: {e}")))?;
    let formatted = formatter.format(items.iter().map(String::as_str));
    Ok(collect_parts(&formatted, |part| (part == icu_list::parts::ELEMENT).then_some("element")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(tag: &str, kind: Kind, style: &str, items: &[&str]) -> String {
        let items: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        crate::join(&format_to_parts(tag, kind, style, &items).unwrap())
    }

    // Expected values: workerd 1.20261117.
    #[test]
    fn lists_join_with_the_locales_words() {
        assert_eq!(text("en", Kind::Conjunction, "long", &["a", "b", "c"]), "a, b, and c");
        assert_eq!(text("en", Kind::Disjunction, "long", &["a", "b", "c"]), "a, b, or c");
        assert_eq!(text("de", Kind::Conjunction, "long", &["a", "b", "c"]), "a, b und c");
        assert_eq!(text("en", Kind::Unit, "narrow", &["a", "b", "c"]), "a b c");
        assert_eq!(text("en", Kind::Conjunction, "long", &[]), "");
        assert_eq!(text("en", Kind::Conjunction, "long", &["x"]), "x");
        let items = vec!["a".to_string(), "b".to_string()];
        let expected: Parts = vec![("element", "a".into()), ("literal", " and ".into()), ("element", "b".into())];
        assert_eq!(format_to_parts("en", Kind::Conjunction, "long", &items).unwrap(), expected);
    }
}
