//! Character classes and English word lists, one definition of each, shared by the segmenter,
//! the aligner, the glossary matcher and extractor, the TMX writer and the lexicon builder.
//!
//! Only `std`: `build.rs` compiles this file too (through `lexicon/stem.rs`), so the embedded
//! lexicon's glosses are stop-listed at build time exactly as text is at run time.

/// True for Han characters: the CJK Unified Ideographs (the basic block, extension A and
/// extensions B–I in planes 2 and 3) and the compatibility ideographs.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}')
}

/// CJK characters and punctuation, which Chinese text runs together without spaces: the CJK
/// radicals, symbols, kana and ideographs (U+2E80–U+9FFF), compatibility ideographs,
/// half- and full-width forms, and planes 2 and 3.
pub fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}')
}

/// A letter or digit of any script, Han included, with a fast path for ASCII and Han
/// characters (Unicode's general table is slow for CJK).
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && (is_han(c) || c.is_alphanumeric()))
}

/// A letter or digit of an alphabetic script: [`is_word_char`] without Han characters. Where
/// a run of these ends, so does an English (or other spaced) word.
pub fn is_alphabetic_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// True when `text` is written mostly in Chinese: CJK characters (counted by their UTF-8 lead
/// bytes, U+3000–U+9FFF and the full-width forms) weigh four Latin letters each, about one
/// English word per Han character. The one rule for the language of a paragraph or a document.
pub fn is_chinese(text: &str) -> bool {
    let (mut cjk, mut latin) = (0usize, 0usize);
    // Byte counters per chunk of 255 so that the loop vectorises.
    for chunk in text.as_bytes().chunks(255) {
        let (mut c, mut l) = (0u8, 0u8);
        for &b in chunk {
            c += (b.wrapping_sub(0xE3) < 7) as u8 | (b == 0xEF) as u8;
            l += ((b | 0x20).wrapping_sub(b'a') < 26) as u8;
        }
        cjk += c as usize;
        latin += l as usize;
    }
    cjk > 0 && cjk * 4 >= latin
}

/// How many sentences of a document [`is_chinese_document`] reads.
pub const LANG_SAMPLE: usize = 400;

/// True when a document (as sentences) is mostly Chinese: [`is_chinese`] over its first
/// [`LANG_SAMPLE`] sentences.
pub fn is_chinese_document<'a>(sentences: impl IntoIterator<Item = &'a str>) -> bool {
    let mut sample = String::new();
    for s in sentences.into_iter().take(LANG_SAMPLE) {
        sample.push_str(s);
        sample.push('\n');
    }
    is_chinese(&sample)
}

// The roles an English word plays; one table for all of them (`english_word_roles`).
const STOP: u8 = 1;
const FUNCTION: u8 = 2;
const NOT_NAME: u8 = 4;

/// English words that carry no evidence of translation (function words and the filler of
/// dictionary glosses: `etc`, `lit`, `variant` …): the aligner and the lexicon skip them.
pub fn is_stopword(w: &str) -> bool {
    english_word_roles(w) & STOP != 0
}

/// Common English words that never start or end a glossary term.
pub fn is_function_word(w: &str) -> bool {
    english_word_roles(w) & FUNCTION != 0
}

/// Lower-case English words that are capitalised at the start of a sentence but are not names
/// (function words, months, weekdays, a few frequent openers).
pub fn is_not_name(w: &str) -> bool {
    english_word_roles(w) & NOT_NAME != 0
}

/// The one list of English words with a role, each word once with all its roles.
fn english_word_roles(w: &str) -> u8 {
    match w {
        "a" => STOP | FUNCTION | NOT_NAME,
        "an" => STOP | FUNCTION | NOT_NAME,
        "the" => STOP | FUNCTION | NOT_NAME,
        "of" => STOP | FUNCTION | NOT_NAME,
        "to" => STOP | FUNCTION | NOT_NAME,
        "in" => STOP | FUNCTION | NOT_NAME,
        "on" => STOP | FUNCTION | NOT_NAME,
        "at" => STOP | FUNCTION | NOT_NAME,
        "by" => STOP | FUNCTION | NOT_NAME,
        "for" => STOP | FUNCTION | NOT_NAME,
        "from" => STOP | FUNCTION | NOT_NAME,
        "with" => STOP | FUNCTION | NOT_NAME,
        "and" => STOP | FUNCTION | NOT_NAME,
        "or" => STOP | FUNCTION | NOT_NAME,
        "but" => STOP | FUNCTION | NOT_NAME,
        "as" => STOP | FUNCTION | NOT_NAME,
        "is" => STOP | FUNCTION,
        "are" => STOP | FUNCTION,
        "was" => STOP | FUNCTION,
        "were" => STOP | FUNCTION,
        "be" => STOP | FUNCTION,
        "been" => STOP | FUNCTION,
        "being" => STOP | FUNCTION,
        "it" => STOP | FUNCTION | NOT_NAME,
        "its" => STOP | FUNCTION | NOT_NAME,
        "this" => STOP | FUNCTION | NOT_NAME,
        "that" => STOP | FUNCTION | NOT_NAME,
        "these" => STOP | FUNCTION | NOT_NAME,
        "those" => STOP | FUNCTION | NOT_NAME,
        "s" => STOP,
        "t" => STOP,
        "d" => STOP,
        "ll" => STOP,
        "re" => STOP,
        "ve" => STOP,
        "m" => STOP,
        "not" => STOP | FUNCTION | NOT_NAME,
        "so" => STOP | FUNCTION | NOT_NAME,
        "such" => STOP | FUNCTION,
        "than" => STOP | FUNCTION,
        "very" => STOP | FUNCTION,
        "into" => STOP | FUNCTION,
        "onto" => STOP,
        "out" => STOP | FUNCTION,
        "up" => STOP | FUNCTION,
        "about" => STOP | FUNCTION,
        "over" => STOP | FUNCTION,
        "under" => STOP,
        "also" => STOP | FUNCTION | NOT_NAME,
        "which" => STOP | FUNCTION,
        "whom" => STOP,
        "whose" => STOP,
        "all" => STOP | FUNCTION | NOT_NAME,
        "any" => STOP | FUNCTION,
        "some" => STOP | FUNCTION,
        "do" => STOP | FUNCTION,
        "does" => STOP | FUNCTION,
        "did" => STOP | FUNCTION,
        "had" => STOP | FUNCTION,
        "has" => STOP | FUNCTION,
        "have" => STOP | FUNCTION,
        "if" => STOP | FUNCTION | NOT_NAME,
        "then" => STOP | FUNCTION | NOT_NAME,
        "there" => STOP | FUNCTION | NOT_NAME,
        "here" => STOP | NOT_NAME,
        "just" => STOP | FUNCTION | NOT_NAME,
        "only" => STOP | FUNCTION | NOT_NAME,
        "would" => STOP | FUNCTION,
        "could" => STOP | FUNCTION,
        "should" => STOP | FUNCTION,
        "will" => STOP | FUNCTION,
        "can" => STOP | FUNCTION,
        "may" => STOP | FUNCTION | NOT_NAME,
        "might" => STOP | FUNCTION,
        "must" => STOP | FUNCTION,
        "shall" => STOP,
        "sb" => STOP,
        "sth" => STOP,
        "someone" => STOP,
        "something" => STOP,
        "oneself" => STOP,
        "etc" => STOP,
        "esp" => STOP,
        "used" => STOP,
        "lit" => STOP,
        "fig" => STOP,
        "abbr" => STOP,
        "old" => STOP,
        "variant" => STOP,
        "see" => STOP,
        "kind" => STOP,
        "type" => STOP,
        "form" => STOP,
        "who" => FUNCTION | NOT_NAME,
        "what" => FUNCTION | NOT_NAME,
        "when" => FUNCTION | NOT_NAME,
        "where" => FUNCTION,
        "while" => FUNCTION | NOT_NAME,
        "no" => FUNCTION | NOT_NAME,
        "their" => FUNCTION | NOT_NAME,
        "they" => FUNCTION | NOT_NAME,
        "them" => FUNCTION,
        "he" => FUNCTION | NOT_NAME,
        "his" => FUNCTION | NOT_NAME,
        "him" => FUNCTION,
        "she" => FUNCTION | NOT_NAME,
        "her" => FUNCTION | NOT_NAME,
        "we" => FUNCTION | NOT_NAME,
        "our" => FUNCTION | NOT_NAME,
        "you" => FUNCTION | NOT_NAME,
        "your" => FUNCTION,
        "i" => FUNCTION | NOT_NAME,
        "my" => FUNCTION,
        "me" => FUNCTION,
        "even" => FUNCTION | NOT_NAME,
        "more" => FUNCTION,
        "most" => FUNCTION,
        "after" => FUNCTION | NOT_NAME,
        "before" => FUNCTION | NOT_NAME,
        "one" => FUNCTION | NOT_NAME,
        "other" => FUNCTION,
        "how" => FUNCTION | NOT_NAME,
        "why" => FUNCTION | NOT_NAME,
        "still" => FUNCTION | NOT_NAME,
        "yet" => FUNCTION,
        "now" => FUNCTION | NOT_NAME,
        "new" => FUNCTION | NOT_NAME,
        "own" => FUNCTION,
        "same" => FUNCTION,
        "each" => FUNCTION,
        "every" => FUNCTION,
        "both" => FUNCTION,
        "either" => FUNCTION,
        "per" => FUNCTION,
        "via" => FUNCTION,
        "january" => NOT_NAME,
        "february" => NOT_NAME,
        "march" => NOT_NAME,
        "april" => NOT_NAME,
        "june" => NOT_NAME,
        "july" => NOT_NAME,
        "august" => NOT_NAME,
        "september" => NOT_NAME,
        "october" => NOT_NAME,
        "november" => NOT_NAME,
        "december" => NOT_NAME,
        "monday" => NOT_NAME,
        "tuesday" => NOT_NAME,
        "wednesday" => NOT_NAME,
        "thursday" => NOT_NAME,
        "friday" => NOT_NAME,
        "saturday" => NOT_NAME,
        "sunday" => NOT_NAME,
        "according" => NOT_NAME,
        "however" => NOT_NAME,
        "meanwhile" => NOT_NAME,
        "inside" => NOT_NAME,
        "yes" => NOT_NAME,
        "editor" => NOT_NAME,
        "report" => NOT_NAME,
        "farewell" => NOT_NAME,
        "latest" => NOT_NAME,
        "last" => NOT_NAME,
        "next" => NOT_NAME,
        "first" => NOT_NAME,
        "determined" => NOT_NAME,
        "swinging" => NOT_NAME,
        "behind" => NOT_NAME,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_covers_every_extension() {
        // Basic block, extension A, compatibility, extension B (𠀀 U+20000, 𪚲 U+2A6B2), C, G, H.
        for c in
            ['中', '\u{3400}', '\u{F900}', '\u{20000}', '\u{2A6B2}', '\u{2A700}', '\u{30000}', '\u{323AF}']
        {
            assert!(is_han(c), "{c:?} U+{:X}", c as u32);
            assert!(is_wide(c) && is_word_char(c) && !is_alphabetic_word_char(c), "{c:?}");
        }
        for c in ['a', '1', '。', '（', 'é', '\u{1F600}'] {
            assert!(!is_han(c), "{c:?}");
        }
        assert!(is_alphabetic_word_char('é') && is_word_char('é') && !is_wide('é'));
        assert!(!is_word_char('。') && is_wide('。'));
    }

    #[test]
    fn chinese_is_told_from_english() {
        assert!(is_chinese("Meta 推出了新模型。"));
        assert!(!is_chinese("Meta released a new model called Avocado (牛油果)."));
        assert!(!is_chinese(""));
        assert!(is_chinese_document(["他看到了望远镜。", "He saw it."]));
        assert!(!is_chinese_document(["He saw the telescope.", "天线。 The antennas stood in a row."]));
    }

    #[test]
    fn word_roles() {
        assert!(is_stopword("the") && is_function_word("the") && is_not_name("the"));
        assert!(is_stopword("variant") && !is_function_word("variant") && !is_not_name("variant"));
        assert!(is_function_word("where") && !is_stopword("where") && !is_not_name("where"));
        assert!(is_not_name("january") && !is_stopword("january") && !is_function_word("january"));
        assert!(!is_stopword("telescope") && !is_function_word("telescope") && !is_not_name("telescope"));
    }
}
