//! `hanalign segment`.

use std::io::Write;
use std::path::PathBuf;

use hanalign::Result;
use hanalign::segment::{Lang, SegmenterBuilder, UnitKind};

use super::{EXIT_OK, InputFormatArg, Output, out_err};

/// How `segment` prints sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One sentence per line.
    Lines,
    /// One JSON object per sentence: {"text", "start", "end", "paragraph"[, "kind"]}.
    Jsonl,
}

/// Split a document into sentences.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  hanalign segment corpora/meta-avocado/zh.txt\n  \
echo 'Mr. Smith left. He was late.' | hanalign segment --lang en --format jsonl -")]
pub struct Args {
    /// Rules to apply: auto picks Chinese or English per paragraph by script.
    #[arg(long, value_enum, default_value_t = Lang::Auto)]
    lang: Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Lines)]
    format: Format,
    /// How to read the document [default: by extension: .docx, .html, .md, else plain text].
    ///
    /// For .docx, .html and .md the text is first extracted, one paragraph (heading, list item,
    /// table cell, footnote) per block; `start`/`end` in jsonl are byte offsets into that text.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, hide_default_value = true)]
    input_format: InputFormatArg,
    /// Treat single line breaks as spaces (hard-wrapped text, e.g. extracted from PDF).
    #[arg(long)]
    wrapped: bool,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The document (text in UTF-8 or UTF-16 with BOM, .docx, .html, .md); `-` or nothing reads
    /// standard input.
    #[arg(default_value = "-")]
    file: PathBuf,
}

#[derive(serde::Serialize)]
struct JsonSentence<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    paragraph: usize,
    #[serde(skip_serializing_if = "is_text")]
    kind: UnitKind,
}

fn is_text(k: &UnitKind) -> bool {
    *k == UnitKind::Text
}

/// Runs `segment`.
pub fn run(args: Args) -> Result<u8> {
    let text = hanalign::input::read_document(&args.file, args.input_format.into())?;
    let seg = SegmenterBuilder::new().lang(args.lang).wrapped(args.wrapped).build();
    let mut out = Output::open(args.output.as_deref())?;
    for s in seg.segment(&text) {
        let r = match args.format {
            Format::Lines => writeln!(out, "{}", s.text),
            Format::Jsonl => {
                let j = JsonSentence {
                    text: &s.text,
                    start: s.start,
                    end: s.end,
                    paragraph: s.paragraph,
                    kind: s.kind,
                };
                writeln!(out, "{}", serde_json::to_string(&j).expect("serialisable"))
            }
        };
        r.map_err(out_err(&out))?;
    }
    out.finish()?;
    Ok(EXIT_OK)
}
