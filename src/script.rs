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

/// The converter used by default: built on first use and shared.
pub fn converter() -> &'static dyn Converter {
    static DEFAULT: OnceLock<FmmsegConverter> = OnceLock::new();
    DEFAULT.get_or_init(FmmsegConverter::new)
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
    converter().t2s(&fold_width(text)).to_lowercase()
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
    fn folds_width() {
        assert_eq!(fold_width("ＧＰＴ－５，　好"), "GPT-5, 好");
    }
}
