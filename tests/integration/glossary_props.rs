//! Property tests: any glossary written as TSV reads back as what TSV can hold (computed from the
//! input here, not by the code under test).

use std::path::Path;

use hanalign::glossary::{self, Entry, Format, Glossary, Status, Term};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Chinese in both scripts, Latin, digits, spaces (ASCII, full-width, no-break), punctuation,
    // and the separators of the formats themselves.
    proptest::string::string_regex(
        "[牛油果實驗室实验室超級智能MSLmeta Avocado0-9 \u{3000}\u{A0},;=#\"'<>&()\t-]{0,12}",
    )
    .unwrap()
}

fn tiny_text() -> impl Strategy<Value = String> {
    // A small alphabet, so that terms repeat and collide after cleaning.
    proptest::string::string_regex("[a牛 #]{0,3}").unwrap()
}

fn term_from(text: impl Strategy<Value = String>) -> impl Strategy<Value = Term> {
    (text, 0..4u8, any::<bool>(), any::<bool>(), proptest::option::of("[a-z;, ]{1,6}")).prop_map(
        |(text, s, abbreviation, case_sensitive, pos)| Term {
            text,
            status: [Status::Preferred, Status::Admitted, Status::Deprecated, Status::Forbidden][s as usize],
            abbreviation,
            case_sensitive,
            pos,
            ..Term::default()
        },
    )
}

fn entry_from(t: fn() -> BoxedStrategy<String>) -> impl Strategy<Value = Entry> {
    (
        proptest::collection::vec(term_from(t()), 0..3),
        proptest::collection::vec(term_from(t()), 0..3),
        proptest::option::of(t()),
    )
        .prop_map(|(src, tgt, note)| Entry { src, tgt, note, ..Entry::default() })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tsv_write_then_read_is_identity_on_what_tsv_holds(entries in proptest::collection::vec(entry_from(|| text().boxed()), 0..6)) {
        tsv_round_trip(Glossary::new(entries))?;
    }

    #[test]
    fn tsv_round_trip_with_colliding_terms(entries in proptest::collection::vec(entry_from(|| tiny_text().boxed()), 0..6)) {
        tsv_round_trip(Glossary::new(entries))?;
    }
}

/// Written TSV reads back to a glossary that writes the same text again (a fixed point), with no
/// problem found, and every entry of the input whose two sides hold a term (after the white space
/// is cleaned; a source term starting with `#` cannot be held) is there, in order, with its terms.
fn tsv_round_trip(g: Glossary) -> Result<(), TestCaseError> {
    let mut out = Vec::new();
    glossary::write(&g, Format::Tsv, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let (back, diags) = glossary::read_str(&text, Format::Tsv, Path::new("p.tsv")).unwrap();
    prop_assert!(diags.is_empty(), "{diags:?}\n{text}");
    let mut again = Vec::new();
    glossary::write(&back, Format::Tsv, &mut again).unwrap();
    prop_assert_eq!(String::from_utf8(again).unwrap(), text.clone());
    // Computed from the input, independently of the writer.
    let clean = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut want: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for e in &g.entries {
        let mut src: Vec<String> = Vec::new();
        for t in &e.src {
            let c = clean(&t.text);
            if !c.is_empty() && !c.starts_with('#') && !src.contains(&c) {
                src.push(c);
            }
        }
        let mut tgt: Vec<String> = Vec::new();
        for t in &e.tgt {
            let c = clean(&t.text);
            if !c.is_empty() && !tgt.contains(&c) {
                tgt.push(c);
            }
        }
        if !src.is_empty() && !tgt.is_empty() {
            want.push((src, tgt));
        }
    }
    let got: Vec<(Vec<String>, Vec<String>)> = back
        .entries
        .iter()
        .map(|e| {
            (e.src.iter().map(|t| t.text.clone()).collect(), e.tgt.iter().map(|t| t.text.clone()).collect())
        })
        .collect();
    prop_assert_eq!(got, want, "{}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// No reader panics on any input, and every reader names the file in what it reports.
    #[test]
    fn readers_never_panic(text in "(?s)[牛油果MSL<>/&;,\"\t\n\r #=a-z()（）\u{3000}\u{FEFF}]{0,200}") {
        for f in Format::ALL {
            match glossary::read_str(&text, f, Path::new("any.x")) {
                Ok((_, diags)) => for d in diags { prop_assert!(d.to_string().starts_with("any.x")); },
                Err(e) => prop_assert!(e.to_string().starts_with("any.x"), "{e}"),
            }
        }
    }

    /// TBX-like input: element soup from the TBX vocabulary.
    #[test]
    fn tbx_reader_never_panics_on_tbx_like_input(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "<martif>", "<tbx type=\"TBX-Core\">", "<termEntry>", "</termEntry>", "<conceptEntry id=\"c\">",
            "<langSet xml:lang=\"zh\">", "<langSec xml:lang=\"en\">", "</langSet>", "<tig>", "</tig>",
            "<termSec>", "<term>", "</term>", "牛油果", "Avocado", "&amp;", "&xx;", "&#0;", "<note>", "</note>",
            "<termNote type=\"termType\">", "acronym", "</termNote>", "<![CDATA[x]]>", "<!DOCTYPE x>",
        ]), 0..40)
    ) {
        let text: String = parts.concat();
        if let Err(e) = glossary::read_str(&text, Format::Tbx2, Path::new("t.tbx")) {
            prop_assert!(e.to_string().starts_with("t.tbx"), "{e}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Extraction and matching never panic, whatever the texts (brackets, quotes, mixed scripts).
    #[test]
    fn extract_and_match_never_panic(
        pairs in proptest::collection::vec(
            ("[牛油果實驗室的了(（）)「」\"A-Za-z0-9 ,.'’-]{0,40}", "[A-Za-z0-9 (),.'’\"-]{0,40}"), 0..8),
        terms in proptest::collection::vec(("[牛油果實驗A-Z a-z]{0,6}", "[A-Za-z ]{0,6}"), 0..5),
    ) {
        let g = Glossary::new(terms.iter().map(|(s, t)| Entry::new(s.as_str(), t.as_str())).collect());
        let proposals = glossary::extract::extract(&pairs, &g);
        prop_assert!(proposals.windows(2).all(|w| w[0].score >= w[1].score));
        let m = glossary::Matcher::new(&g);
        for (z, e) in &pairs {
            for h in m.find_src_text(z) {
                prop_assert!(h.start < h.end && h.end <= hanalign::script::normalize(z).len());
            }
            let _ = m.find_tgt(&hanalign::script::normalize(e));
        }
    }
}
