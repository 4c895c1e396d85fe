//! `Intl.Segmenter`: grapheme clusters, words and sentences, by UAX #29.

use icu_segmenter::options::{SentenceBreakInvariantOptions, WordBreakInvariantOptions};
use icu_segmenter::{GraphemeClusterSegmenter, SentenceSegmenter, WordSegmenter};

/// `granularity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    Grapheme,
    Word,
    Sentence,
}

/// The segments of `text` (UTF-16, as JS has it): each one's start index in code units,
/// and for words whether it is word-like (`isWordLike`). The first starts at 0; the
/// segments cover the text.
pub fn segments(granularity: Granularity, text: &[u16]) -> Vec<(usize, bool)> {
    let mut out = Vec::new();
    match granularity {
        Granularity::Grapheme => {
            let breaks: Vec<usize> = GraphemeClusterSegmenter::new().segment_utf16(text).collect();
            out.extend(breaks.windows(2).map(|w| (w[0], false)));
        }
        Granularity::Sentence => {
            let breaks: Vec<usize> =
                SentenceSegmenter::new(SentenceBreakInvariantOptions::default()).segment_utf16(text).collect();
            out.extend(breaks.windows(2).map(|w| (w[0], false)));
        }
        Granularity::Word => {
            let mut iter = WordSegmenter::new_auto(WordBreakInvariantOptions::default()).segment_utf16(text);
            let mut previous = iter.next();
            while let Some(end) = iter.next() {
                let start = previous.expect("a break before every segment");
                out.push((start, iter.is_word_like()));
                previous = Some(end);
            }
        }
    }
    debug_assert!(out.first().is_none_or(|(start, _)| *start == 0), "segments start at the text's start");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    // Expected values: workerd 1.20261117.
    #[test]
    fn a_family_emoji_and_a_combining_accent_are_two_graphemes() {
        assert_eq!(segments(Granularity::Grapheme, &utf16("👨\u{200d}👩\u{200d}👧e\u{301}")).len(), 2);
    }

    #[test]
    fn words_and_sentences_break_by_uax_29() {
        let text = utf16("Hello, world!");
        assert_eq!(segments(Granularity::Word, &text), [(0, true), (5, false), (6, false), (7, true), (12, false)]);
        assert_eq!(segments(Granularity::Sentence, &utf16("Hi. You ok?")), [(0, false), (4, false)]);
    }
}
