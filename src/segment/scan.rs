//! Finding the cuts inside one paragraph, in one pass.
//!
//! The scan jumps over bytes that can never matter (letters, digits, spaces, Han characters) with
//! a 256-entry table and stops only at candidates: `.?!` and the lead bytes of the few non-ASCII
//! characters that do matter (`。！？…⋯`, `《「『“`, bullets). There it decides:
//!
//! - **Strong terminators** (`。！？`, and in Chinese text `!?`, and `……` that closes the
//!   paragraph, a quotation or a bracket) end a sentence, with any
//!   closing quotes and brackets after them, unless the text goes on with `，、；：`, or the
//!   terminator sits inside a `《title》` or inside a quotation that the sentence continues after
//!   (`他說「走吧！」然後就走了。`). Latin text inside Chinese never breaks on its own punctuation.
//! - **Weak terminators** (English `!?`, ellipses) end a sentence when a space and a word that is
//!   not lower case follow.
//! - **Periods** (English) look at the word before (abbreviation, initial, number, ordinary word:
//!   see [`super::en`]) and at the word after.
//! - **Bullets** and the next item of a numbered list start a new unit.
//!
//! A sentence never ends before it has a letter or digit (`?點贊…?` is one unit).

use super::en::{self, Class};

const fn table(zh: bool) -> [bool; 256] {
    let mut t = [false; 256];
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    if !zh {
        t[b'.' as usize] = true;
    }
    t[0xE2] = true; // U+2000–U+2FFF: … ⋯ “ • ⁃ ‣ ◦
    t[0xE3] = true; // U+3000–U+3FFF: 。「」『』《》〈〉
    t[0xEF] = true; // U+F000–U+FFFF: ！？｡
    t
}

static EN: [bool; 256] = table(false);
static ZH: [bool; 256] = table(true);

/// Pairs whose inside may hold terminators that do not end the sentence: titles always,
/// quotations when the sentence continues after them (Chinese rules only).
const PAIRS: [(char, char, bool); 5] =
    [('《', '》', true), ('〈', '〉', true), ('「', '」', false), ('『', '』', false), ('“', '”', false)];

/// Closing quotes and brackets, which stay with the sentence they follow.
pub(super) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | ')'
            | ']'
            | '}'
            | '”'
            | '’'
            | '»'
            | '›'
            | '」'
            | '』'
            | '）'
            | '》'
            | '〉'
            | '】'
            | '〕'
            | '〗'
            | '］'
            | '｝'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '('
            | '['
            | '{'
            | '“'
            | '‘'
            | '«'
            | '‹'
            | '「'
            | '『'
            | '（'
            | '《'
            | '〈'
            | '【'
            | '〔'
    )
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '⋯' | '‽' | '。' | '！' | '？' | '｡')
}

/// Punctuation after which a Chinese sentence always goes on.
fn is_continuing(c: char) -> bool {
    matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':')
}

/// Bullets that start a new unit even in the middle of a line (`• 9. … • 10. …`).
fn is_inline_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '‣' | '◦')
}

enum Step {
    /// End the sentence here (exclusive byte offset).
    Cut(usize),
    /// No sentence end; go on scanning here.
    Next(usize),
}

struct Scan<'t> {
    text: &'t str,
    b: &'t [u8],
    /// End of the paragraph.
    end: usize,
    zh: bool,
    table: &'static [bool; 256],
    /// Per pair: (searched from, next closer found) so that each closer is searched for once.
    closers: [(usize, Option<usize>); PAIRS.len()],
}

/// Splits the paragraph `text[p0..p1]` and calls `emit(start, end)` for each raw unit (blanks
/// around it are trimmed by the caller). The units cover `p0..p1` in order.
pub(super) fn split(text: &str, p0: usize, p1: usize, zh: bool, mut emit: impl FnMut(usize, usize)) {
    let mut sc = Scan {
        text,
        b: text.as_bytes(),
        end: p1,
        zh,
        table: if zh { &ZH } else { &EN },
        closers: [(usize::MAX, None); PAIRS.len()],
    };
    let mut s = sc.skip_space(p0).0;
    while s < p1 {
        let mut cut = sc.next_cut(s);
        if cut <= s || cut > p1 {
            cut = p1; // cannot happen; never loop or overrun
        }
        emit(s, cut);
        s = sc.skip_space(cut).0;
    }
}

impl Scan<'_> {
    fn char_at(&self, i: usize) -> Option<char> {
        if i >= self.end { None } else { self.text[i..].chars().next() }
    }

    fn char_before(&self, i: usize) -> Option<char> {
        self.text[..i].chars().next_back()
    }

    /// Skips whitespace (line breaks included); returns where it stopped and whether it moved.
    fn skip_space(&self, i: usize) -> (usize, bool) {
        let mut j = i;
        while j < self.end {
            let b = self.b[j];
            if b.is_ascii_whitespace() {
                j += 1;
            } else if b >= 0x80 {
                match self.text[j..].chars().next() {
                    Some(c) if c.is_whitespace() => j += c.len_utf8(),
                    _ => break,
                }
            } else {
                break;
            }
        }
        (j, j > i)
    }

    /// Skips closing quotes and brackets.
    fn skip_closers(&self, mut i: usize) -> usize {
        while let Some(c) = self.char_at(i).filter(|&c| is_closer(c)) {
            i += c.len_utf8();
        }
        i
    }

    /// Skips a run of terminators and closers (`?!`, `。」`, `！？）`).
    fn skip_cluster(&self, mut i: usize) -> usize {
        while let Some(c) = self.char_at(i).filter(|&c| is_terminator(c) || is_closer(c)) {
            i += c.len_utf8();
        }
        i
    }

    fn has_content(&self, s: usize, i: usize) -> bool {
        self.text[s..i].chars().any(super::is_word_char)
    }

    /// The end of the sentence starting at `s`.
    fn next_cut(&mut self, s: usize) -> usize {
        let (mut i, bound) = self.start(s);
        // Terminators before `quiet` are inside a title or a continuing quotation.
        let mut quiet = 0;
        while i < bound {
            let byte = self.b[i];
            if !self.table[byte as usize] {
                i += 1;
                continue;
            }
            let step = match byte {
                b'.' => self.period(s, i, quiet),
                b'?' | b'!' if self.zh => self.strong(s, i, 1, quiet),
                b'?' | b'!' => self.weak(s, i, i + 1, quiet),
                _ => {
                    let c = self.char_at(i).unwrap_or('\0');
                    let len = c.len_utf8();
                    match c {
                        '。' | '！' | '？' | '｡' => self.strong(s, i, len, quiet),
                        '…' | '⋯' if self.zh => self.ellipsis_zh(s, i, len, quiet),
                        '…' | '⋯' => self.weak(s, i, i + len, quiet),
                        c if is_inline_bullet(c) => {
                            if i > s
                                && self.char_before(i).is_some_and(char::is_whitespace)
                                && self.has_content(s, i)
                            {
                                Step::Cut(i)
                            } else {
                                Step::Next(i + len)
                            }
                        }
                        c => {
                            if let Some(k) = PAIRS.iter().position(|p| p.0 == c)
                                && let Some(close) = self.quiet_until(k, s, i)
                            {
                                quiet = quiet.max(close);
                            }
                            Step::Next(i + len)
                        }
                    }
                }
            };
            match step {
                Step::Cut(k) => return k,
                Step::Next(k) => i = k,
            }
        }
        bound
    }

    /// Handles the start of a sentence: a bullet, then (English) a list marker such as `1.)`, `2)`,
    /// `3.` or `a.`, which is never a sentence end; returns where to scan from and where the next
    /// list item starts (or the paragraph end).
    fn start(&self, s: usize) -> (usize, usize) {
        let mut i = s;
        if let Some(c) = self.char_at(i).filter(|&c| super::is_bullet(c)) {
            i = self.skip_space(i + c.len_utf8()).0;
        }
        if self.zh {
            return (i, self.end);
        }
        let Some((len, next)) = en::list_marker(&self.b[i..self.end]) else { return (i, self.end) };
        i += len;
        let next = next.as_bytes();
        let mut from = i;
        while let Some(k) = memchr::memmem::find(&self.b[from..self.end], next) {
            let at = from + k;
            let before = self.b[at - 1].is_ascii_whitespace();
            let after = self.b.get(at + next.len()).is_none_or(|b| b.is_ascii_whitespace());
            if before && after {
                return (i, at);
            }
            from = at + 1;
        }
        (i, self.end)
    }

    /// An opening quote or title mark at `open` in the sentence starting at `s`: where its inside
    /// ends if terminators in it must not end the sentence. Titles: always. Quotations: when they
    /// are embedded in the sentence (not at its start, not introduced by a colon) and the sentence
    /// goes on after them (`他喊「快跑！」然後就跑了。`).
    fn quiet_until(&mut self, k: usize, s: usize, open: usize) -> Option<usize> {
        let (open_c, close, always) = PAIRS[k];
        let from = open + open_c.len_utf8();
        if !always {
            let before = self.text[s..open].trim_end().chars().next_back();
            if !self.zh || before.is_none_or(|c| matches!(c, ':' | '：') || is_terminator(c)) {
                return None;
            }
        }
        let at = match self.closers[k] {
            (f, Some(p)) if f <= from && p >= from => Some(p),
            (f, None) if f <= from => None,
            _ => {
                let mut buf = [0; 4];
                let pat = close.encode_utf8(&mut buf).as_bytes();
                let found = memchr::memmem::find(&self.b[from..self.end], pat).map(|p| from + p);
                self.closers[k] = (from, found);
                found
            }
        }?;
        if always {
            return Some(at);
        }
        // A quotation: quiet only if the sentence goes on after it.
        let (j, _) = self.skip_space(at + close.len_utf8());
        match self.char_at(j) {
            Some(c) if !is_terminator(c) && !is_opener(c) && !is_closer(c) => Some(at),
            _ => None,
        }
    }

    /// `。！？` (and in Chinese `?!…`): ends the sentence unless it goes on.
    fn strong(&self, s: usize, i: usize, len: usize, quiet: usize) -> Step {
        let e = self.skip_cluster(i + len);
        if i < quiet || !self.has_content(s, i) {
            return Step::Next(e);
        }
        let (j, spaced) = self.skip_space(e);
        let Some(next) = self.char_at(j) else { return Step::Cut(e) };
        if is_continuing(next) {
            return Step::Next(e);
        }
        // `Yahoo!Japan`, `?a=1` in a URL: Latin on both sides of a half-width mark.
        let latin_before = self.char_before(i).is_some_and(|c| c.is_ascii_alphanumeric());
        if self.b[i].is_ascii() && !spaced && latin_before && next.is_ascii_alphanumeric() {
            return Step::Next(e);
        }
        Step::Cut(e)
    }

    /// A Chinese ellipsis `……`/`⋯⋯` ends a sentence when it closes something: the paragraph, a
    /// quotation or bracket, or a terminator follows it. Text running on after it is a pause
    /// (`支持Gemini、Thinking Machines……我們幾乎…`), as English `... we` is.
    fn ellipsis_zh(&self, s: usize, i: usize, len: usize, quiet: usize) -> Step {
        let e = self.skip_cluster(i + len);
        let only_ellipsis = self.text[i..e].chars().all(|c| matches!(c, '…' | '⋯'));
        if only_ellipsis && self.char_at(self.skip_space(e).0).is_some() {
            return Step::Next(e);
        }
        self.strong(s, i, len, quiet)
    }

    /// English `?!` and ellipses (`after` is the end of the mark): a sentence end when a space and
    /// a word that is not lower case follow.
    fn weak(&self, s: usize, i: usize, after: usize, quiet: usize) -> Step {
        let e = self.skip_cluster(after);
        if i < quiet {
            return Step::Next(e);
        }
        let (j, spaced) = self.skip_space(e);
        let Some(next) = self.char_at(j) else { return Step::Cut(e) };
        if (!spaced && next.is_ascii())
            || next.is_lowercase()
            || is_continuing(next)
            || !self.has_content(s, i)
        {
            return Step::Next(e);
        }
        Step::Cut(e)
    }

    /// An English `.`.
    fn period(&self, s: usize, i: usize, quiet: usize) -> Step {
        let b = self.b;
        let end = self.end;
        let mut n = 1;
        while i + n < end && b[i + n] == b'.' {
            n += 1;
        }
        if n >= 2 {
            // `[...]` marks an omission, not an end.
            if i > s && b[i - 1] == b'[' && b.get(i + n) == Some(&b']') {
                return Step::Next(i + n + 1);
            }
            return self.weak(s, i, i + n, quiet);
        }
        // A spaced ellipsis `. . .` (k dots).
        let (mut k, mut r) = (1, i + 1);
        while r + 1 < end && b[r] == b' ' && b[r + 1] == b'.' && b.get(r + 2) != Some(&b'.') {
            k += 1;
            r += 2;
        }
        let attached = i > s && !self.char_before(i).is_some_and(char::is_whitespace);
        if !attached {
            // `. . .` alone is an omission; `. . . .` is an omission and a period.
            return if k == 3 { Step::Next(r) } else { self.weak(s, i, r, quiet) };
        }
        if i < quiet {
            return Step::Next(r);
        }
        if k >= 2 {
            // `compounds. . . . The`: the word's own period ends the sentence, the ellipsis
            // opens the next one.
            return match self.after_period(s, i, r) {
                Some(_) => Step::Cut(i + 1),
                None => Step::Next(r),
            };
        }
        match self.after_period(s, i, i + 1) {
            Some(cut) => Step::Cut(cut),
            None => Step::Next(i + 1),
        }
    }

    /// Decides a period at `i` attached to a word; `after` is where the text after it starts.
    /// Returns the cut if the period ends the sentence.
    fn after_period(&self, s: usize, i: usize, after: usize) -> Option<usize> {
        let e = self.skip_closers(after);
        let (j, spaced) = self.skip_space(e);
        // At the end of the paragraph the sentence ends anyway, ellipsis and all.
        let next = self.char_at(j)?;
        let w0 = self.word_start(s, i);
        let word = self.text[w0..i].trim_start_matches(is_opener);
        if !spaced {
            // `world.Today`, `1,000.That`: no space, but a new capitalised word after a word or
            // number; never inside `Jane.Doe@example.com`, URLs, `U.S.A`, `e.g`, `3.5`.
            let next2 = self.char_at(j + next.len_utf8());
            let joined = e == after
                && next.is_ascii_uppercase()
                && next2.is_some_and(|c| c.is_ascii_lowercase())
                && word.len() >= 2
                && word.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                && !self.url_like(w0, j)
                && en::classify(word, false) == Class::Ordinary;
            return joined.then_some(i + 1);
        }
        if next.is_lowercase() || is_continuing(next) || !self.has_content(s, i) {
            return None;
        }
        let prev_cap = word.len() == 1 && self.previous_word_capitalised(s, w0);
        let cut = match en::classify(word, prev_cap) {
            Class::Ordinary => true,
            Class::Prepositive => false,
            Class::NumberPrefix => !next.is_ascii_digit(),
            Class::Postpositive => {
                (next.is_uppercase() && self.words(s, i) >= 4) || en::is_starter(self.word_at(j))
            }
            Class::Ambiguous => en::is_starter(self.word_at(j)),
        };
        cut.then_some(e)
    }

    /// Start of the whitespace-delimited token that ends at `i` (not before `s`).
    fn word_start(&self, s: usize, i: usize) -> usize {
        let mut k = i;
        while k > s && !self.b[k - 1].is_ascii_whitespace() {
            k -= 1;
        }
        // Never split a character (a non-ASCII space before the word).
        while !self.text.is_char_boundary(k) {
            k += 1;
        }
        k
    }

    /// The ASCII-letter word at `j` (after opening quotes).
    fn word_at(&self, j: usize) -> &str {
        let mut a = j;
        while a < self.end && is_opener(self.b[a] as char) && self.b[a].is_ascii() {
            a += 1;
        }
        let mut z = a;
        while z < self.end && self.b[z].is_ascii_alphabetic() {
            z += 1;
        }
        &self.text[a..z]
    }

    /// Whether the word before the one starting at `w0` starts with a capital (`Albert I.`).
    fn previous_word_capitalised(&self, s: usize, w0: usize) -> bool {
        let mut k = w0;
        while k > s && self.b[k - 1].is_ascii_whitespace() {
            k -= 1;
        }
        let p0 = self.word_start(s, k);
        self.text[p0..k].trim_start_matches(is_opener).starts_with(|c: char| c.is_uppercase())
    }

    /// Number of words from `s` up to `i`.
    fn words(&self, s: usize, i: usize) -> usize {
        let mut n = 0;
        let mut in_word = false;
        for &b in &self.b[s..i] {
            let ws = b.is_ascii_whitespace();
            n += (!ws && !in_word) as usize;
            in_word = !ws;
        }
        n
    }

    /// Whether the token around `w0..j` is an e-mail address or a URL.
    fn url_like(&self, w0: usize, j: usize) -> bool {
        let mut z = j;
        while z < self.end && !self.b[z].is_ascii_whitespace() {
            z += 1;
        }
        self.b[w0..z].iter().any(|&b| b == b'@' || b == b'/')
    }
}
