//! SRX 2.0 segmentation rules that make a CAT tool cut Chinese and English the way the segmenter
//! does, as far as break/no-break rules with regular expressions can (`hanalign srx`).
//!
//! A TMX gives exact matches only when the CAT tool cuts the source into the segments the TMX
//! holds; OmegaT's own Chinese rules know only `。？！`. These rules are generated from the
//! segmenter's own tables (the abbreviations and their classes, the sentence starters, closing
//! quotes and brackets), so they cannot drift from it.
//!
//! The regular expressions use only what Java (OmegaT, Okapi, Trados, memoQ) and Rust's `regex`
//! (the `srx` crate) share: no look-around, no back-references, character classes written out.
//! Rules are tried in order at every position and the first that matches decides, so an
//! exception is written before the rule it excepts.
//!
//! What SRX cannot express, and the segmenter does (see BENCHMARKS.md for how often it matters):
//! - the choice of rules per paragraph by script (`--lang auto`): the Chinese rules are followed
//!   by the English ones (cascade), and a Latin period before a Han character never breaks;
//! - counting the words of a sentence (`Apple Inc. Meta is big.` is one sentence, `Shares of Apple
//!   Inc. Meta rose.` two): after `Inc.`, `Co.`, `Ltd.` … the rules break only before a sentence
//!   starter (`The`, `It`, …);
//! - whether a quotation's sentence goes on after it is approximated by the character before the
//!   opening quote (not a colon, a space or the start);
//! - spaced ellipses (`. . .`), `[...]`, and `world.Today` (a period with no space after it).

use super::en::{ABBREVIATIONS, Class, STARTERS};

/// One SRX rule: break (or not) where `before` ends and `after` begins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrxRule {
    /// `true` for a break rule, `false` for an exception.
    pub breaks: bool,
    /// The regular expression that must match the text before the position, ending there.
    pub before: String,
    /// The regular expression that must match the text after the position, starting there.
    pub after: String,
}

/// The rules of one language, with the pattern of language codes they apply to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrxLanguage {
    /// The `languagerulename`.
    pub name: &'static str,
    /// The `languagepattern` (a regular expression on language codes such as `ZH-TW`).
    pub pattern: &'static str,
    /// The rules, in order.
    pub rules: Vec<SrxRule>,
}

/// Closing quotes and brackets, which stay with the sentence they follow (the segmenter's set;
/// a test checks that they agree).
pub(crate) const CLOSERS: &str = "\"')]}”’»›」』）》〉】〕〗］｝";
/// Punctuation after which a Chinese sentence always goes on.
const CONTINUING: &str = "，、；：,;:";
/// CJK characters and punctuation (the segmenter's `is_wide`, without the supplementary planes,
/// which not every engine's character classes accept).
const WIDE: &str = "⺀-鿿豈-﫿＀-￯";

/// `chars` escaped for use inside a character class.
fn escaped(chars: &str) -> String {
    let mut out = String::new();
    for c in chars.chars() {
        if matches!(c, '\\' | ']' | '[' | '^' | '-') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn class(chars: &str) -> String {
    format!("[{}]", escaped(chars))
}

fn rule(breaks: bool, before: impl Into<String>, after: impl Into<String>) -> SrxRule {
    SrxRule { breaks, before: before.into(), after: after.into() }
}

/// Abbreviations of one class as an alternation, each escaped, case-insensitive.
fn abbreviations(of: Class) -> String {
    let words: Vec<String> =
        ABBREVIATIONS.iter().filter(|(_, c)| *c == of).map(|(w, _)| w.replace('.', "\\.")).collect();
    format!("\\b(?i:{})\\.", words.join("|"))
}

fn starters() -> String {
    format!("(?:{})\\b", STARTERS.join("|"))
}

/// The Chinese rules (used before the English ones: Chinese documents hold English paragraphs).
fn chinese() -> Vec<SrxRule> {
    let closers = class(CLOSERS);
    let cont = class(CONTINUING);
    let wide = format!("[{WIDE}]");
    let strong = "[。！？｡]";
    let any_end = "[。！？｡!?…⋯]";
    // What may follow a sentence end: not more of its closing quotes or terminators (else an
    // engine that tries every position would cut `。」` between its two marks).
    let next = format!("[^{}。！？｡!?…⋯]", escaped(CLOSERS));
    vec![
        // The text goes on after the terminator: `好!,` `完成。，`.
        rule(false, format!("{any_end}+{closers}*"), format!("\\s*{cont}")),
        // A sentence has a letter or digit before its end: `?點贊、轉發?` is one unit.
        rule(false, format!("^[^\\p{{L}}\\p{{N}}]*{any_end}+{closers}*"), "."),
        // Inside a title 《…》 or 〈…〉.
        rule(false, format!("《[^》]*?{any_end}+"), "[^《]*》"),
        rule(false, format!("〈[^〉]*?{any_end}+"), "[^〈]*〉"),
        // Inside a quotation that the sentence goes on after: `他喊「快跑！」然後就跑了。`.
        rule(
            false,
            format!("[^\\s:：。！？!?「『“][「『“][^」』”]*?{any_end}+[」』”]"),
            format!("[^\\s。！？!?…⋯{}]", escaped(CLOSERS)),
        ),
        // `Yahoo!Japan`, `?a=1`: Latin on both sides of a half-width mark.
        rule(false, "[A-Za-z0-9][!?]+", "[A-Za-z0-9]"),
        // A Chinese ellipsis with text running on after it is a pause.
        rule(false, "[…⋯]+", format!("\\s*[^\\s{}。！？!?]", escaped(CLOSERS))),
        // A Latin period before a Han character: `Google Inc.和`, `3.5億`.
        rule(false, "\\.", format!("\\s*{wide}")),
        // Strong terminators, with the closing quotes and brackets after them.
        rule(true, format!("{strong}+{closers}*"), next.clone()),
        rule(true, format!("[…⋯]{{2}}{closers}+"), next.clone()),
        // Half-width `!?` next to Chinese.
        rule(true, format!("{wide}[!?]+{closers}*"), next.clone()),
        rule(true, format!("[!?]+{closers}*"), format!("\\s*{wide}")),
    ]
}

/// The English rules.
fn english() -> Vec<SrxRule> {
    let closers = class(CLOSERS);
    let starters = starters();
    vec![
        // List markers at the start of a paragraph: `1.`, `2.)`, `a.`.
        rule(false, "^\\s*(?:[0-9]{1,3}|[a-zA-Z])\\.\\)?", "\\s"),
        // Titles before a name: `Mr. Smith`.
        rule(false, abbreviations(Class::Prepositive), "\\s"),
        // Before a number: `p. 5`, `No. 3`.
        rule(false, abbreviations(Class::NumberPrefix), "\\s+[0-9]"),
        // `Inc.`, `Ltd.`, `p.m.` end a sentence of four words or more before a capitalised word,
        // and any sentence before a sentence starter.
        rule(
            true,
            format!("(?:\\S+\\s+){{3}}{}", abbreviations(Class::Postpositive)),
            "\\s+[\"'“‘(]?\\p{Lu}",
        ),
        rule(true, abbreviations(Class::Postpositive), format!("\\s+[\"'“‘(]?{starters}")),
        rule(false, abbreviations(Class::Postpositive), "\\s"),
        rule(true, abbreviations(Class::Ambiguous), format!("\\s+[\"'“‘(]?{starters}")),
        rule(false, abbreviations(Class::Ambiguous), "\\s"),
        rule(true, "\\b(?:[A-Z]\\.)+", format!("\\s+[\"'“‘(]?{starters}")),
        rule(false, "\\b(?:[A-Z]\\.)+", "\\s"),
        // List markers inside a line: `1.)`, `2)`, and a number after a bullet, `• 9.`.
        rule(false, "(?:^|\\s)[0-9]{1,3}\\.?\\)", "\\s"),
        rule(false, "[•⁃‣◦]\\s*[0-9]{1,3}\\.", "\\s"),
        rule(true, "\\S", "\\s+[0-9]{1,3}\\.?\\)\\s"),
        // A bullet inside a line starts a new unit.
        rule(true, "\\S\\s*", "[•⁃‣◦]\\s"),
        // A terminator, closers, a space and a word that is not lower case.
        rule(true, format!("(?:[.!?‽]|\\.\\.\\.|…)+{closers}*"), "\\s+[^\\s\\p{Ll}]"),
    ]
}

/// Every language's rules, in the order a cascading engine applies them.
pub fn srx_languages() -> Vec<SrxLanguage> {
    vec![
        SrxLanguage { name: "hanalign Chinese", pattern: "(?i)zh.*", rules: chinese() },
        SrxLanguage { name: "hanalign English", pattern: ".*", rules: english() },
    ]
}

use crate::escape::xml;

/// The rules as an SRX 2.0 document (cascading: Chinese documents get the Chinese rules, then
/// the English ones; every other language the English ones).
pub fn srx() -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!-- Segmentation rules of hanalign (generated by `hanalign srx`): CAT tools that load them cut\n\
         \x20    Chinese and English into the segments hanalign's TMX holds. -->\n\
         <srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n\
         \x20 <header segmentsubflows=\"yes\" cascade=\"yes\">\n\
         \x20   <formathandle type=\"start\" include=\"no\"/>\n\
         \x20   <formathandle type=\"end\" include=\"yes\"/>\n\
         \x20   <formathandle type=\"isolated\" include=\"yes\"/>\n\
         \x20 </header>\n\
         \x20 <body>\n\
         \x20   <languagerules>\n",
    );
    let langs = srx_languages();
    for lang in &langs {
        out.push_str(&format!("      <languagerule languagerulename=\"{}\">\n", xml(lang.name)));
        for r in &lang.rules {
            out.push_str(&format!(
                "        <rule break=\"{}\">\n          <beforebreak>{}</beforebreak>\n          \
                 <afterbreak>{}</afterbreak>\n        </rule>\n",
                if r.breaks { "yes" } else { "no" },
                xml(&r.before),
                xml(&r.after)
            ));
        }
        out.push_str("      </languagerule>\n");
    }
    out.push_str("    </languagerules>\n    <maprules>\n");
    for lang in &langs {
        out.push_str(&format!(
            "      <languagemap languagepattern=\"{}\" languagerulename=\"{}\"/>\n",
            xml(lang.pattern),
            xml(lang.name)
        ));
    }
    out.push_str("    </maprules>\n  </body>\n</srx>\n");
    out
}

/// The same rules as OmegaT 3.x keeps them (`segmentation.conf`, a `java.beans` XML file, in the
/// project's `omegat/` folder or OmegaT's configuration folder). OmegaT applies the rules of every
/// language whose pattern matches, in order, which is SRX's cascade.
pub fn omegat_conf() -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<java version=\"1.8\" class=\"java.beans.XMLDecoder\">\n \
         <object class=\"org.omegat.core.segmentation.SRX\">\n  <void property=\"mappingRules\">\n   \
         <object class=\"java.util.ArrayList\">\n",
    );
    let string = |s: &str| format!("<string>{}</string>", xml(s));
    for lang in srx_languages() {
        out.push_str(
            "    <void method=\"add\">\n     <object class=\"org.omegat.core.segmentation.MapRule\">\n",
        );
        out.push_str(&format!("      <void property=\"language\">{}</void>\n", string(lang.name)));
        out.push_str(&format!("      <void property=\"pattern\">{}</void>\n", string(lang.pattern)));
        out.push_str("      <void property=\"rules\">\n       <object class=\"java.util.ArrayList\">\n");
        for r in &lang.rules {
            out.push_str(&format!(
                "        <void method=\"add\">\n         <object class=\"org.omegat.core.segmentation.Rule\">\n          \
                 <void property=\"afterbreak\">{}</void>\n          <void property=\"beforebreak\">{}</void>\n          \
                 <void property=\"breakRule\"><boolean>{}</boolean></void>\n         </object>\n        </void>\n",
                string(&r.after),
                string(&r.before),
                r.breaks
            ));
        }
        out.push_str("       </object>\n      </void>\n     </object>\n    </void>\n");
    }
    out.push_str(
        "   </object>\n  </void>\n  <void property=\"segmentSubflows\"><boolean>true</boolean></void>\n  \
         <void property=\"includeEndingTags\"><boolean>true</boolean></void>\n  \
         <void property=\"includeIsolatedTags\"><boolean>true</boolean></void>\n  \
         <void property=\"version\"><string>2.0</string></void>\n </object>\n</java>\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closers_agree_with_the_segmenter() {
        for c in (0u32..0x1_0000).filter_map(char::from_u32) {
            assert_eq!(CLOSERS.contains(c), super::super::scan::is_closer(c), "{c:?}");
        }
    }

    #[test]
    fn the_srx_document_is_well_formed_xml() {
        let doc = srx();
        let mut reader = quick_xml::Reader::from_str(&doc);
        let mut rules = 0;
        loop {
            match reader.read_event().expect("well-formed") {
                quick_xml::events::Event::Start(e) if e.local_name().into_inner() == "rule" => rules += 1,
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!(rules, srx_languages().iter().map(|l| l.rules.len()).sum::<usize>());
    }
}
