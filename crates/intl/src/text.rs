//! Locale-sensitive case mapping (`toLocaleUpperCase`, `toLocaleLowerCase`).

use icu_casemap::CaseMapper;

/// `text` in lower (`upper: false`) or upper case by the rules of `tag`'s language
/// (Turkish and Azeri dotted and dotless i, Lithuanian dots, Greek accents).
pub fn change_case(tag: &str, text: &str, upper: bool) -> String {
    let language = crate::locale::with_keywords(tag, &[]).id;
    let mapper = CaseMapper::new();
    if upper {
        mapper.uppercase_to_string(text, &language).into_owned()
    } else {
        mapper.lowercase_to_string(text, &language).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected values: workerd 1.20261117.
    #[test]
    fn turkish_maps_the_dotted_and_dotless_i() {
        assert_eq!(change_case("tr", "I", false), "ı");
        assert_eq!(change_case("tr", "i", true), "İ");
        assert_eq!(change_case("en", "İ", false).encode_utf16().count(), 2);
    }
}
