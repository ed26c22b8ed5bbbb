//! English words, function words and the light stemmer shared by the lexicon and the aligner.
//!
//! Only `std` (and `crate::chars`, std only as well): `build.rs` compiles this file too, to stem the embedded lexicon's glosses at build
//! time exactly as the library stems text at run time.

/// Splits English text into lower-case words of letters or digits (other characters separate).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

pub use crate::chars::is_stopword;

/// A light English stemmer, applied alike to text and glosses so that inflected forms meet:
/// plural, past and gerund endings and a final `e` are removed (`observed`, `observes`,
/// `observing` → `observ`).
pub fn stem(word: &str) -> String {
    let mut w = word.to_lowercase();
    if let Some(base) = irregular(&w) {
        w = base.to_string();
    }
    let n = w.chars().count();
    if n <= 3 || !w.is_ascii() {
        return w;
    }
    let mut s: &str = &w;
    let mut buf;
    if let Some(b) = s.strip_suffix("ies").filter(|b| b.len() >= 2) {
        buf = format!("{b}y");
        s = &buf;
    } else if let Some(b) = s.strip_suffix("sses") {
        buf = format!("{b}ss");
        s = &buf;
    } else if s.ends_with('s') && !s.ends_with("ss") && !s.ends_with("us") && !s.ends_with("is") {
        s = &s[..s.len() - 1];
    }
    for suf in ["ing", "ed", "ly"] {
        if let Some(b) = s.strip_suffix(suf).filter(|b| b.len() >= 3) {
            let bytes = b.as_bytes();
            let l = bytes.len();
            // undouble: stopped -> stop, running -> run
            let b = if l >= 2 && bytes[l - 1] == bytes[l - 2] && !b"lsz".contains(&bytes[l - 1]) {
                &b[..l - 1]
            } else {
                b
            };
            buf = b.to_string();
            s = &buf;
            break;
        }
    }
    let s = s.strip_suffix('e').filter(|b| b.len() >= 3).unwrap_or(s);
    s.to_string()
}

/// The base form of common irregular English verbs and plurals (`said` → `say`, `went` → `go`,
/// `children` → `child`), so that text meets the glosses, which use base forms.
fn irregular(w: &str) -> Option<&'static str> {
    const PAIRS: &[(&str, &str)] = &[
        ("said", "say"),
        ("says", "say"),
        ("went", "go"),
        ("gone", "go"),
        ("goes", "go"),
        ("saw", "see"),
        ("seen", "see"),
        ("came", "come"),
        ("took", "take"),
        ("taken", "take"),
        ("thought", "think"),
        ("told", "tell"),
        ("knew", "know"),
        ("known", "know"),
        ("got", "get"),
        ("gotten", "get"),
        ("gave", "give"),
        ("given", "give"),
        ("made", "make"),
        ("found", "find"),
        ("felt", "feel"),
        ("left", "leave"),
        ("stood", "stand"),
        ("sat", "sit"),
        ("ran", "run"),
        ("held", "hold"),
        ("brought", "bring"),
        ("began", "begin"),
        ("begun", "begin"),
        ("kept", "keep"),
        ("heard", "hear"),
        ("meant", "mean"),
        ("met", "meet"),
        ("paid", "pay"),
        ("sent", "send"),
        ("spoke", "speak"),
        ("spoken", "speak"),
        ("wrote", "write"),
        ("written", "write"),
        ("ate", "eat"),
        ("eaten", "eat"),
        ("fell", "fall"),
        ("fallen", "fall"),
        ("drove", "drive"),
        ("driven", "drive"),
        ("rose", "rise"),
        ("risen", "rise"),
        ("lost", "lose"),
        ("led", "lead"),
        ("built", "build"),
        ("bought", "buy"),
        ("caught", "catch"),
        ("taught", "teach"),
        ("fought", "fight"),
        ("sought", "seek"),
        ("wore", "wear"),
        ("worn", "wear"),
        ("won", "win"),
        ("sang", "sing"),
        ("sung", "sing"),
        ("drank", "drink"),
        ("slept", "sleep"),
        ("spent", "spend"),
        ("understood", "understand"),
        ("became", "become"),
        ("broke", "break"),
        ("broken", "break"),
        ("chose", "choose"),
        ("chosen", "choose"),
        ("forgot", "forget"),
        ("forgotten", "forget"),
        ("hid", "hide"),
        ("hidden", "hide"),
        ("flew", "fly"),
        ("flown", "fly"),
        ("grew", "grow"),
        ("grown", "grow"),
        ("drew", "draw"),
        ("drawn", "draw"),
        ("threw", "throw"),
        ("thrown", "throw"),
        ("shook", "shake"),
        ("woke", "wake"),
        ("struck", "strike"),
        ("wept", "weep"),
        ("laid", "lay"),
        ("lain", "lie"),
        ("sold", "sell"),
        ("stole", "steal"),
        ("stolen", "steal"),
        ("swore", "swear"),
        ("tore", "tear"),
        ("torn", "tear"),
        ("bore", "bear"),
        ("born", "bear"),
        ("bit", "bite"),
        ("bitten", "bite"),
        ("blew", "blow"),
        ("dug", "dig"),
        ("fed", "feed"),
        ("fled", "flee"),
        ("froze", "freeze"),
        ("frozen", "freeze"),
        ("hung", "hang"),
        ("knelt", "kneel"),
        ("lit", "light"),
        ("rode", "ride"),
        ("ridden", "ride"),
        ("rang", "ring"),
        ("shot", "shoot"),
        ("shut", "shut"),
        ("slid", "slide"),
        ("smelt", "smell"),
        ("spun", "spin"),
        ("sprang", "spring"),
        ("stuck", "stick"),
        ("stung", "sting"),
        ("swam", "swim"),
        ("swung", "swing"),
        ("wound", "wind"),
        ("dealt", "deal"),
        ("dreamt", "dream"),
        ("leapt", "leap"),
        ("learnt", "learn"),
        ("men", "man"),
        ("women", "woman"),
        ("children", "child"),
        ("feet", "foot"),
        ("teeth", "tooth"),
        ("mice", "mouse"),
        ("geese", "goose"),
        ("better", "good"),
        ("best", "good"),
        ("worse", "bad"),
        ("worst", "bad"),
        ("did", "do"),
        ("done", "do"),
        ("had", "have"),
        ("has", "have"),
    ];
    PAIRS.iter().find(|(form, _)| *form == w).map(|(_, base)| *base)
}
