//! Tokens both languages share: numbers (digits, English number words, Chinese numerals), Latin
//! words, URLs and the marks `?`, `!`, `"`, `%`. On the English side they are units (see
//! [`super::units`]); on the Chinese side a Latin word, a number or a mark translates to itself,
//! and a run of Chinese numerals (二十八, 三千五百) or 百分之 to the number or `%` it spells.

use super::{Cx, Kind, SourceOut, SourceSentence};
use crate::script;

/// The `tokens` kind on the Chinese side.
pub(crate) struct Tokens;

impl Kind for Tokens {
    fn source(&mut self, cx: &mut Cx, s: &SourceSentence, out: &mut SourceOut) {
        for &(u, cid) in s.self_matches {
            out.matches(u as u32, u as u32 + 1, &[cid]);
        }
        let norm = s.norm;
        let mut it = norm.char_indices().peekable();
        while let Some((p, c)) = it.next() {
            if !is_zh_numeral(c) {
                continue;
            }
            let mut e = p + c.len_utf8();
            while let Some(&(q, d)) = it.peek() {
                if !is_zh_numeral(d) {
                    break;
                }
                e = q + d.len_utf8();
                it.next();
            }
            let run = &norm[p..e];
            if let Some(v) = parse_zh_number(run)
                && v >= cx.params.zh_number_min
            {
                let (lo, hi) = s.unit_range(p, e);
                if lo < hi {
                    let c = cx.concepts.id(&number_key(v));
                    out.matches(lo, hi, &[c]);
                }
            }
        }
        if let Some(p) = norm.find("百分之") {
            let (lo, hi) = s.unit_range(p, p + "百分之".len());
            if lo < hi {
                let c = cx.concepts.id("#%");
                out.matches(lo, hi, &[c]);
            }
        }
    }
}

/// A mark on the Chinese side that translates to itself: its slot (0 `?`, 1 `!`, 2 quotes, each
/// counted once per sentence; 3 `%`, every time) and its concept string.
pub(crate) fn zh_mark(c: char) -> Option<(usize, &'static str)> {
    match c {
        '?' => Some((0, "#p?")),
        '!' => Some((1, "#p!")),
        '"' | '“' | '”' | '「' | '」' | '『' | '』' => Some((2, "#p\"")),
        '%' => Some((3, "#%")),
        _ => None,
    }
}

/// The numeric value of an English number word, and whether it multiplies (hundred, thousand…).
pub(crate) fn number_word(w: &str) -> Option<(f64, bool)> {
    const SMALL: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: &[&str] = &["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    if let Some(i) = SMALL.iter().position(|&s| s == w) {
        return Some((i as f64, false));
    }
    if let Some(i) = TENS.iter().position(|&s| s == w) {
        return Some((20.0 + 10.0 * i as f64, false));
    }
    match w {
        "hundred" => Some((100.0, true)),
        "thousand" => Some((1e3, true)),
        "million" => Some((1e6, true)),
        "billion" => Some((1e9, true)),
        "dozen" => Some((12.0, false)),
        _ => None,
    }
}

/// The concept string of a number (`#n2006`, `#n2.7`).
pub(crate) fn number_key(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("#n{}", v as i64) } else { format!("#n{v}") }
}

/// Parses a run of Chinese numerals (二十八, 三千五百, 两万, 一九八九) into a value.
pub(crate) fn parse_zh_number(run: &str) -> Option<f64> {
    let digit = |c: char| {
        "零〇一二三四五六七八九".find(c).map(|i| (i / 3) as f64).map(|d| if d >= 1.0 { d - 1.0 } else { 0.0 })
    };
    let digit = |c: char| match c {
        '两' => Some(2.0),
        '零' | '〇' => Some(0.0),
        _ => digit(c),
    };
    let chars: Vec<char> = run.chars().collect();
    if chars.is_empty() {
        return None;
    }
    // A plain digit string (一九八九) reads digit by digit.
    if chars.len() > 1 && chars.iter().all(|&c| digit(c).is_some()) {
        return chars.iter().try_fold(0.0, |acc, &c| Some(acc * 10.0 + digit(c)?));
    }
    let (mut total, mut section, mut num) = (0.0f64, 0.0f64, 0.0f64);
    for &c in &chars {
        if let Some(d) = digit(c) {
            num = d;
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' => 1e4,
            '亿' => 1e8,
            _ => return None,
        };
        if unit >= 1e4 {
            total = (total + section + num) * unit;
            section = 0.0;
        } else {
            section += if num == 0.0 { 1.0 } else { num } * unit;
        }
        num = 0.0;
    }
    Some(total + section + num)
}

fn is_zh_numeral(c: char) -> bool {
    "零〇一二三四五六七八九十百千万亿两".contains(c)
}

/// Splits folded (half-width) English text into tokens: lower-case words and numbers (the flag
/// says whether the word started with a capital), `?`, `!`, `"`, `%`, and URLs as `#u…`.
pub(crate) fn tokenize_en(text: &str, out: &mut Vec<(String, bool)>) {
    for chunk in text.split_whitespace() {
        let lower = chunk.to_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
            let url = lower.trim_end_matches(|c: char| ".,;:!?)]}\"'".contains(c));
            let url =
                url.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
            out.push((format!("#u{url}"), false));
            continue;
        }
        let b = chunk.as_bytes();
        let mut i = 0;
        let chars: Vec<(usize, char)> = chunk.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (pos, c) = chars[k];
            if c.is_ascii_digit() {
                let mut e = pos;
                while e < b.len()
                    && (b[e].is_ascii_digit()
                        || ((b[e] == b'.' || b[e] == b',')
                            && e > pos
                            && b.get(e + 1).is_some_and(|x| x.is_ascii_digit())))
                {
                    e += 1;
                }
                out.push((chunk[pos..e].replace(',', ""), false));
                while k < chars.len() && chars[k].0 < e {
                    k += 1;
                }
                i = e;
                continue;
            }
            if c.is_alphanumeric() && !script::is_han(c) {
                let mut e = k;
                while e < chars.len() && chars[e].1.is_alphanumeric() && !script::is_han(chars[e].1) {
                    e += 1;
                }
                let end = chars.get(e).map_or(chunk.len(), |&(p, _)| p);
                out.push((chunk[pos..end].to_lowercase(), c.is_uppercase()));
                k = e;
                i = end;
                continue;
            }
            match c {
                '?' | '!' | '%' => out.push((c.to_string(), false)),
                '"' | '“' | '”' => out.push(("\"".to_string(), false)),
                _ => {}
            }
            k += 1;
            i = pos + c.len_utf8();
        }
        let _ = i;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Params;
    use crate::align::evidence::{Builder, Evidence};
    use std::collections::HashSet;

    #[test]
    fn chinese_numbers_parse() {
        for (run, v) in [
            ("二十八", 28.0),
            ("五十", 50.0),
            ("一九八九", 1989.0),
            ("三千五百", 3500.0),
            ("两万", 2e4),
            ("十", 10.0),
            ("六百", 600.0),
        ] {
            assert_eq!(parse_zh_number(run), Some(v), "{run}");
        }
    }

    #[test]
    fn english_tokens() {
        let mut t = Vec::new();
        tokenize_en("Meta's GPT-5 cost 1,000 dollars (3.5%)? See https://x.com/a.", &mut t);
        let words: Vec<&str> = t.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(
            words,
            ["meta", "s", "gpt", "5", "cost", "1000", "dollars", "3.5", "%", "?", "see", "#ux.com/a"]
        );
        assert!(t[0].1 && !t[4].1);
    }

    #[test]
    fn numbers_and_latin_words_are_shared_concepts() {
        let lex = crate::align::evidence::tests::lex();
        let mut b = Builder::new(&lex, None, Evidence::default(), 0, &Params::default());
        let en = b.english(&["Two telescopes were built in 2006 by NASA."]);
        let zh = b.chinese(&["2006年NASA建成了两台望远镜。"]);
        let en_c: HashSet<u32> = en.unit_concept.iter().copied().collect();
        let covered: Vec<u32> = zh
            .matches_of(0)
            .iter()
            .flat_map(|m| &zh.concepts[m.c0 as usize..m.c1 as usize])
            .copied()
            .filter(|c| en_c.contains(c))
            .collect();
        for key in ["#n2006", "nasa", "telescop", "#n2"] {
            let id = b.cx.concepts.get(key).unwrap_or_else(|| panic!("{key} interned"));
            assert!(covered.contains(&id), "{key} should be shared");
        }
    }
}
