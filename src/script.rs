//! Chinese script handling: detect Traditional vs Simplified, convert between them, fold
//! full-width/half-width forms. Conversion sits behind the small [`Converter`] trait so the backend
//! can change: the default is pure Rust ([`FmmsegConverter`], chosen by measurement: see
//! BENCHMARKS.md, "Script conversion"); the cargo feature `opencc-cpp` adds the C++ OpenCC through
//! opencc-rust (`CppConverter`).

use std::sync::OnceLock;

/// Which Chinese script a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Script {
    /// Traditional characters (zh-Hant, zh-TW).
    Traditional,
    /// Simplified characters (zh-Hans, zh-CN).
    Simplified,
    /// No Chinese characters that tell the scripts apart.
    Unknown,
}

impl Script {
    /// The BCP 47 tag a TMX or TBX file should carry for Chinese in this script.
    pub fn bcp47(self) -> &'static str {
        match self {
            Script::Traditional => "zh-TW",
            Script::Simplified | Script::Unknown => "zh-CN",
        }
    }
}

/// Converts Chinese text between scripts. Implementations are built once and shared across threads.
pub trait Converter: Send + Sync {
    /// Traditional → Simplified.
    fn t2s(&self, text: &str) -> String;
    /// Simplified → Traditional.
    fn s2t(&self, text: &str) -> String;
    /// A short name for messages and benchmarks.
    fn name(&self) -> &'static str;
}

/// The pure-Rust backend (opencc-fmmseg, OpenCC's dictionaries embedded in the binary).
pub struct FmmsegConverter {
    inner: opencc_fmmseg::OpenCC,
}

impl FmmsegConverter {
    /// Loads the embedded dictionaries. Conversion runs on the calling thread (parallelism
    /// belongs to the batch level).
    pub fn new() -> FmmsegConverter {
        let mut inner = opencc_fmmseg::OpenCC::new();
        inner.set_parallel(false);
        FmmsegConverter { inner }
    }
}

impl Default for FmmsegConverter {
    fn default() -> Self {
        Self::new()
    }
}

impl Converter for FmmsegConverter {
    fn t2s(&self, text: &str) -> String {
        self.inner.t2s(text, false)
    }

    fn s2t(&self, text: &str) -> String {
        self.inner.s2t(text, false)
    }

    fn name(&self) -> &'static str {
        "opencc-fmmseg"
    }
}

/// The real OpenCC (C++, through opencc-rust), with its dictionaries embedded in the binary.
///
/// Needs OpenCC ≥ 1.4 at build time; see `.ci/checks/20-opencc-cpp.sh` for a recipe that links
/// the static libraries from the PyPI wheel `opencc`.
#[cfg(feature = "opencc-cpp")]
pub struct CppConverter {
    t2s: opencc_rust::OpenCC,
    s2t: opencc_rust::OpenCC,
}

#[cfg(feature = "opencc-cpp")]
impl CppConverter {
    /// Writes the embedded dictionaries to a per-user cache folder (once) and opens them.
    pub fn new() -> crate::Result<CppConverter> {
        use opencc_rust::{DefaultConfig, OpenCC, generate_static_dictionaries};
        let dir = std::env::temp_dir().join(format!("hanalign-opencc-{}", env!("CARGO_PKG_VERSION")));
        let usage =
            |what: &str| crate::Error::usage(format!("OpenCC dictionaries in {}: {what}", dir.display()));
        generate_static_dictionaries(&dir, &[DefaultConfig::T2S, DefaultConfig::S2T]).map_err(usage)?;
        let open =
            |c: DefaultConfig| OpenCC::new(dir.join(c.get_file_name())).map_err(|e| usage(&e.to_string()));
        Ok(CppConverter { t2s: open(DefaultConfig::T2S)?, s2t: open(DefaultConfig::S2T)? })
    }
}

#[cfg(feature = "opencc-cpp")]
impl Converter for CppConverter {
    fn t2s(&self, text: &str) -> String {
        // OpenCC fails only on invalid UTF-8, which a `&str` never is.
        self.t2s.convert(text).unwrap_or_else(|_| text.to_string())
    }

    fn s2t(&self, text: &str) -> String {
        self.s2t.convert(text).unwrap_or_else(|_| text.to_string())
    }

    fn name(&self) -> &'static str {
        "opencc-cpp"
    }
}

/// The converter used by default: built on first use and shared. Building it decompresses every
/// table of opencc-fmmseg (45–60 ms); for Traditional → Simplified alone, [`to_simplified`] is
/// the same conversion and costs nothing on text that needs none.
pub fn converter() -> &'static dyn Converter {
    static DEFAULT: OnceLock<FmmsegConverter> = OnceLock::new();
    DEFAULT.get_or_init(FmmsegConverter::new)
}

/// OpenCC's Traditional → Simplified tables, the two that opencc-fmmseg's `t2s` uses (see
/// `src/script/README.md`; a test checks they equal the crate's own).
const TS_CHARACTERS: &str = include_str!("script/TSCharacters.txt");
const TS_PHRASES: &str = include_str!("script/TSPhrases.txt");

/// `key → first value` of an OpenCC table, read as opencc-fmmseg reads one.
fn table_pairs(table: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    table.lines().filter_map(|line| {
        let line = line.trim_end();
        let line = line.strip_prefix('\u{FEFF}').unwrap_or(line);
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let (k, v) = line.split_once('\t')?;
        Some((k, v.split_whitespace().next().unwrap_or("")))
    })
}

/// What decides whether Traditional → Simplified can change a text: the characters the
/// character table changes, and the phrases that change a text without any of those.
struct T2sIndex {
    /// Basic Multilingual Plane characters the character table changes, one bit each.
    bmp: Vec<u64>,
    /// The same above the BMP, sorted.
    astral: Vec<char>,
    /// Phrases the phrase table changes whose characters the character table leaves alone
    /// (反覆 → 反复, 沈默 → 沉默), sorted.
    phrases: Vec<&'static str>,
}

impl T2sIndex {
    fn changes_char(&self, c: char) -> bool {
        let u = c as usize;
        if u < 0x10000 {
            self.bmp[u / 64] >> (u % 64) & 1 == 1
        } else {
            self.astral.binary_search(&c).is_ok()
        }
    }
}

fn t2s_index() -> &'static T2sIndex {
    static INDEX: OnceLock<T2sIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut ix = T2sIndex { bmp: vec![0; 0x10000 / 64], astral: Vec::new(), phrases: Vec::new() };
        for (k, v) in table_pairs(TS_CHARACTERS) {
            if k != v {
                for c in k.chars() {
                    let u = c as usize;
                    if u < 0x10000 {
                        ix.bmp[u / 64] |= 1 << (u % 64);
                    } else {
                        ix.astral.push(c);
                    }
                }
            }
        }
        ix.astral.sort_unstable();
        ix.astral.dedup();
        ix.phrases = table_pairs(TS_PHRASES)
            .filter(|(k, v)| k != v && !k.chars().any(|c| ix.changes_char(c)))
            .map(|(k, _)| k)
            .collect();
        ix.phrases.sort_unstable();
        ix
    })
}

/// Whether Traditional → Simplified ([`to_simplified`]) can change `text`. Exact in this
/// sense: when it says no, the conversion returns `text` unchanged. The conversion replaces
/// matches of its two tables' keys by their values; a key that differs from its value either is
/// one character the character table changes, or holds one, or is one of the few phrases listed
/// apart, so a text with none of them converts to itself.
pub fn t2s_changes(text: &str) -> bool {
    let ix = t2s_index();
    text.chars().any(|c| ix.changes_char(c))
        || (!ix.phrases.is_empty() && ix.phrases.iter().any(|p| text.contains(p)))
}

/// Traditional → Simplified (OpenCC's `t2s`, the same as [`converter`]`().t2s`), with the two
/// tables it needs built on first use (about a millisecond, not the 45–60 ms of every table),
/// and nothing built or copied for text that needs no conversion.
pub fn to_simplified(text: &str) -> std::borrow::Cow<'_, str> {
    if !t2s_changes(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    static T2S: OnceLock<opencc_fmmseg::OpenCC> = OnceLock::new();
    let cc = T2S.get_or_init(|| {
        let owned = |it: &mut dyn Iterator<Item = (&'static str, &'static str)>| {
            it.map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>()
        };
        let mut d = opencc_fmmseg::DictionaryMaxlength::default();
        d.ts_characters = opencc_fmmseg::DictMaxLen::build_from_pairs(owned(&mut table_pairs(TS_CHARACTERS)));
        d.ts_phrases = opencc_fmmseg::DictMaxLen::build_from_pairs(owned(&mut table_pairs(TS_PHRASES)));
        let mut cc = opencc_fmmseg::OpenCC::from_dictionary(d.finish());
        cc.set_parallel(false);
        cc
    });
    std::borrow::Cow::Owned(cc.t2s(text, false))
}

/// Detects the script of `text` by comparing it with its own conversions.
pub fn detect(text: &str) -> Script {
    let conv = converter();
    let han: String = text.chars().filter(|c| is_han(*c)).take(2000).collect();
    if han.is_empty() {
        return Script::Unknown;
    }
    let as_simp = conv.t2s(&han);
    let as_trad = conv.s2t(&han);
    let trad_marks = han.chars().zip(as_simp.chars()).filter(|(a, b)| a != b).count();
    let simp_marks = han.chars().zip(as_trad.chars()).filter(|(a, b)| a != b).count();
    match trad_marks.cmp(&simp_marks) {
        std::cmp::Ordering::Greater => Script::Traditional,
        std::cmp::Ordering::Less => Script::Simplified,
        std::cmp::Ordering::Equal => Script::Unknown,
    }
}

/// True for Han characters, extensions B–I included (the one definition, shared by every stage).
pub use crate::chars::is_han;

/// Folds full-width ASCII forms (Ａ, １, ，) to half-width and the ideographic space to a space.
/// Chinese punctuation without an ASCII twin (。、「」) is kept.
pub fn fold_width(text: &str) -> String {
    // One definition, in the lexicon's table builder, which `build.rs` compiles on its own.
    crate::lexicon::table::fold_width(text)
}

/// The form the aligner and glossary matcher compare: Simplified, half-width, lower case.
pub fn normalize(text: &str) -> String {
    to_simplified(&fold_width(text)).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_scripts() {
        assert_eq!(detect("扎克伯格的帝國正經歷20年來最劇烈的震蕩"), Script::Traditional);
        assert_eq!(detect("扎克伯格的帝国正经历20年来最剧烈的震荡"), Script::Simplified);
        assert_eq!(detect("Meta AI"), Script::Unknown);
    }

    #[test]
    fn converts_both_ways() {
        assert_eq!(converter().t2s("超級智能實驗室"), "超级智能实验室");
        assert_eq!(converter().s2t("超级智能实验室"), "超級智能實驗室");
    }

    #[test]
    fn embedded_t2s_tables_are_opencc_fmmsegs() {
        let d = opencc_fmmseg::DictionaryMaxlength::new().expect("opencc-fmmseg's tables");
        for (name, theirs, ours) in
            [("TSCharacters", &d.ts_characters, TS_CHARACTERS), ("TSPhrases", &d.ts_phrases, TS_PHRASES)]
        {
            let theirs: std::collections::BTreeMap<String, String> =
                theirs.iter().map(|(k, v)| (k.iter().collect(), v.to_string())).collect();
            let ours: std::collections::BTreeMap<String, String> =
                table_pairs(ours).map(|(k, v)| (k.to_string(), v.to_string())).collect();
            assert!(theirs.len() > 400, "{name}: {} entries", theirs.len());
            assert!(theirs == ours, "{name}: src/script/{name}.txt differs from opencc-fmmseg's table");
        }
    }

    #[test]
    fn to_simplified_is_the_full_converters_t2s() {
        let seed = include_str!("../corpora/meta-avocado/zh.txt");
        let texts = [
            seed,
            "扎克伯格的帝国正经历20年来最剧烈的震荡",
            "他反覆思量，沈默良久。打坏了一个碗。",
            "Meta AI, ＧＰＴ－５",
            "",
        ];
        for text in texts {
            assert_eq!(to_simplified(text), converter().t2s(text), "{text}");
        }
        assert!(t2s_changes(seed), "the seed article is Traditional");
        assert!(t2s_changes("反覆") && t2s_changes("沈默"), "phrases whose characters are all Simplified");
        assert!(!t2s_changes("扎克伯格的帝国正经历20年来最剧烈的震荡") && !t2s_changes("Meta AI"));
    }

    #[test]
    fn text_that_t2s_leaves_alone_is_every_character_it_does_not_change() {
        // every BMP character the index says t2s leaves alone, in one text: the conversion must
        // return it unchanged (phrases across neighbours included)
        let ix = t2s_index();
        let text: String = (0x20u32..0x10000)
            .filter_map(char::from_u32)
            .filter(|&c| !ix.changes_char(c) && c != '\0')
            .collect();
        let keep: String = text.chars().filter(|&c| ix.phrases.iter().all(|p| !p.starts_with(c))).collect();
        assert!(!t2s_changes(&keep));
        assert_eq!(converter().t2s(&keep), keep);
    }

    #[test]
    fn folds_width() {
        assert_eq!(fold_width("ＧＰＴ－５，　好"), "GPT-5, 好");
    }
}
