//! `hanalign glossary …`: convert, lint, extract, check, merge.

use std::io::Write;
use std::path::{Path, PathBuf};

use hanalign::glossary::{self, Format, Glossary, check, lint, merge};
use hanalign::pipeline;

use super::config::{Config, ConfigArgs};
use hanalign::{Error, Result};

use super::{EXIT_FINDINGS, EXIT_OK, InputFormatArg, Output, out_err};

/// Glossary subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Convert a glossary between OmegaT TSV, CSV, TBX v2 and TBX v3 (Core, Basic).
    Convert(ConvertArgs),
    /// Report problems in glossary files (exit 1 when there are any); `--fix` repairs what it can.
    Lint(LintArgs),
    /// Propose new term pairs from a document pair (or a TMX), best first.
    Extract(ExtractArgs),
    /// Terminology QA: source terms whose target is missing, forbidden or deprecated terms used.
    Check(CheckArgs),
    /// Merge glossaries into one, reporting conflicts.
    Merge(MergeArgs),
}

/// A format name for `--from` / `--to`.
fn parse_format(s: &str) -> std::result::Result<Format, String> {
    Format::from_name(s)
        .ok_or_else(|| format!("unknown format `{s}`; use tsv, csv, tbx (v2), tbx-core or tbx-basic"))
}

/// Convert a glossary from one format to another.
#[derive(Debug, clap::Args)]
#[command(after_help = "Formats: tsv (OmegaT: .txt .tsv .utf8), csv (with a header), tbx (TBX v2 martif, \
the default for .tbx), tbx-core and tbx-basic (TBX v3). Whatever the target format cannot hold is \
reported as a warning.\n\nExamples:\n  hanalign glossary convert glossary/ai-industry.tsv ai.tbx\n  \
hanalign glossary convert glossary/ai-industry.tsv ai-core.tbx --to tbx-core\n  \
hanalign glossary convert termbase.tbx glossary.csv")]
pub struct ConvertArgs {
    /// The glossary to read.
    input: PathBuf,
    /// Where to write (`-` for standard output; then give `--to`).
    output: PathBuf,
    /// Input format (default: from the file name and content).
    #[arg(long, value_parser = parse_format)]
    from: Option<Format>,
    /// Output format (default: from the file name; `.tbx` is TBX v2).
    #[arg(long, value_parser = parse_format)]
    to: Option<Format>,
}

/// Report problems in glossary files.
#[derive(Debug, clap::Args)]
#[command(after_help = "Finds: lines that cannot be read, a header row read as a term, stray, full-width \
and no-break spaces, duplicates, one concept entered twice in different scripts, a source term with \
conflicting targets, empty sides. Prints `path:line: message`; exit 1 when anything is found.\n\n\
Examples:\n  hanalign glossary lint glossary/*.tsv\n  hanalign glossary lint --fix my-terms.txt   \
# cleaned in place, original kept as my-terms.txt.bak")]
pub struct LintArgs {
    /// The glossary files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Fix what can be fixed safely (the file is replaced atomically; the original is kept as
    /// `FILE.bak`); conflicting targets are only reported.
    #[arg(long)]
    fix: bool,
}

/// Propose new term pairs.
#[derive(Debug, clap::Args)]
#[command(after_help = "Output is OmegaT TSV, best first: source, target, an empty comment for you, \
and the evidence (score; beads; glosses; method) in a fifth column that OmegaT and `glossary merge` \
leave out. The output must not be one of the inputs.\n\nExamples:\n  \
hanalign glossary extract corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt --top 20\n  \
hanalign glossary extract zh.txt en.txt --glossary glossary/ai-industry.tsv -o new-terms.tsv")]
pub struct ExtractArgs {
    /// The source document (Chinese).
    zh: Option<PathBuf>,
    /// The target document (English).
    en: Option<PathBuf>,
    /// Read aligned pairs from this TMX instead of aligning two documents.
    #[arg(long, conflicts_with_all = ["zh", "en"])]
    tmx: Option<PathBuf>,
    /// An existing glossary: its pairs anchor the alignment and are not proposed again.
    #[arg(long, short = 'g')]
    glossary: Vec<PathBuf>,
    /// The documents are already one sentence per line.
    #[arg(long)]
    presegmented: bool,
    /// How to read the documents [default: by extension: .docx, .html, .md, else plain text].
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, hide_default_value = true)]
    input_format: InputFormatArg,
    /// How many proposals to print (0 = all).
    #[arg(long, default_value_t = 0)]
    top: usize,
    /// A reference glossary: report on standard error how many of the top 10 and top 20
    /// proposals it contains (precision).
    #[arg(long)]
    gold: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Terminology QA over aligned pairs.
#[derive(Debug, clap::Args)]
#[command(after_help = "One line per finding: `bead N (zh I, en J-K): message | zh: … | en: …`, beads and \
sentences counted from 0 as in `align --format jsonl`; exit 1 when anything is found.\n\nExamples:\n  hanalign glossary check corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt \
--glossary glossary/ai-industry.tsv\n  hanalign glossary check --tmx out.tmx --glossary glossary/ai-industry.tsv")]
pub struct CheckArgs {
    /// The source document (Chinese).
    zh: Option<PathBuf>,
    /// The target document (English).
    en: Option<PathBuf>,
    /// Check the translation units of this TMX instead of aligning two documents.
    #[arg(long, conflicts_with_all = ["zh", "en"])]
    tmx: Option<PathBuf>,
    /// The glossary to check against (repeatable).
    #[arg(long, short = 'g', required = true)]
    glossary: Vec<PathBuf>,
    /// The documents are already one sentence per line.
    #[arg(long)]
    presegmented: bool,
    /// How to read the documents [default: by extension: .docx, .html, .md, else plain text].
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, hide_default_value = true)]
    input_format: InputFormatArg,
    /// One JSON object per finding (JSON Lines): `pair`, `kind` (missing-target, forbidden,
    /// deprecated), `message`, `src`, `tgt`, `glossary_line`.
    #[arg(long)]
    json: bool,
}

/// Merge glossaries.
#[derive(Debug, clap::Args)]
#[command(after_help = "Entries sharing a source term (in either script) and a target are merged; \
sharing a source term but no target is a conflict: the earlier file wins, the conflict is reported \
on standard error and the exit code is 1. The first file stays as it was (its `#` lines, ids, rows \
and comments); later files add new terms and concepts; every folded entry is named. The output may \
be one of the inputs: an existing output is kept as OUT.bak (or OUT.bak.N when that exists).\n\nExamples:\n  \
hanalign glossary merge glossary/ai-industry.tsv new-terms.tsv -o merged.tsv")]
pub struct MergeArgs {
    /// The glossaries, in order of priority.
    #[arg(required = true, num_args = 2..)]
    inputs: Vec<PathBuf>,
    /// Where to write the result (`-` for standard output).
    #[arg(short, long)]
    output: PathBuf,
    /// Output format (default: from the output file name; TSV for `-`).
    #[arg(long, value_parser = parse_format)]
    to: Option<Format>,
}

/// Runs a `glossary` subcommand.
pub fn run(cmd: Command) -> Result<u8> {
    match cmd {
        Command::Convert(a) => convert(a),
        Command::Lint(a) => lint_files(a),
        Command::Extract(a) => extract(a),
        Command::Check(a) => check_pairs(a),
        Command::Merge(a) => merge_files(a),
    }
}

fn warn_all(diags: &[glossary::Diagnostic]) {
    for d in diags {
        eprintln!("hanalign: warning: {d}");
    }
}

fn load_with(path: &Path, format: Option<Format>) -> Result<Glossary> {
    let (g, diags) = match format {
        Some(f) => {
            let text = hanalign::input::read_text(path)?;
            glossary::read_str(&text, f, path)?
        }
        None => glossary::load(path)?,
    };
    warn_all(&diags);
    Ok(g)
}

fn output_format(path: &Path, to: Option<Format>) -> Result<Format> {
    if let Some(f) = to {
        return Ok(f);
    }
    if path.as_os_str() == "-" {
        return Ok(Format::Tsv);
    }
    Format::detect(path, None).ok_or_else(|| {
        Error::usage(format!(
            "cannot tell the output format from `{}`; name it .tsv, .csv or .tbx, or give --to",
            path.display()
        ))
    })
}

fn write_glossary(g: &Glossary, path: &Path, format: Format) -> Result<()> {
    let mut out = Output::open(Some(path))?;
    let warnings = glossary::write(g, format, &mut out).map_err(out_err(&out))?;
    for w in warnings {
        eprintln!("hanalign: warning: {w}");
    }
    out.finish()
}

fn convert(a: ConvertArgs) -> Result<u8> {
    let to = output_format(&a.output, a.to)?;
    hanalign::atomic::check_outputs(&[("the glossary to convert", &a.input)], &[("the output", &a.output)])?;
    let g = load_with(&a.input, a.from)?;
    write_glossary(&g, &a.output, to)?;
    Ok(EXIT_OK)
}

fn lint_files(a: LintArgs) -> Result<u8> {
    let mut any = false;
    let mut stdout = std::io::stdout().lock();
    for f in &a.files {
        let report = lint::lint(f)?;
        let total = report.findings.len();
        // With --fix, only what is left after fixing is printed (a finding a person must resolve),
        // with lines of the fixed file.
        let (findings, fixed) = if a.fix && !report.findings.is_empty() {
            let outcome = lint::fix(&report)?;
            for w in &outcome.warnings {
                eprintln!("hanalign: warning: {w}");
            }
            (lint::lint(f)?.findings, Some(outcome))
        } else {
            (report.findings, None)
        };
        for finding in &findings {
            writeln!(stdout, "{}", finding.diagnostic).map_err(|e| Error::io("-", e))?;
        }
        if let Some(outcome) = fixed {
            let kept = if outcome.fixed > 0 {
                format!("; original kept as {}", outcome.backup.display())
            } else {
                String::new()
            };
            let left = match findings.len() {
                0 => String::new(),
                1 => "; 1 left, printed above: fix it by hand".to_string(),
                n => format!("; {n} left, printed above: fix them by hand"),
            };
            eprintln!("hanalign: {}: fixed {} of {total} findings{kept}{left}", f.display(), outcome.fixed);
        }
        any |= !findings.is_empty();
    }
    Ok(if any { EXIT_FINDINGS } else { EXIT_OK })
}

fn load_all(paths: &[PathBuf]) -> Result<Glossary> {
    let mut all = Glossary::default();
    for p in paths {
        all.entries.extend(load_with(p, None)?.entries);
    }
    Ok(all)
}

/// Aligns two documents (with `glossary` as anchors) and returns the bead pairs.
fn aligned_pairs(
    zh: &Path,
    en: &Path,
    glossary: &Glossary,
    presegmented: bool,
    format: InputFormatArg,
) -> Result<Vec<check::Pair>> {
    let Config { segmentation, aligner, .. } = Config::with_glossaries(
        vec![glossary.clone()],
        Glossary::default(),
        ConfigArgs { glossaries: &[], presegmented, aligner: None, min_confidence: None },
    )?;
    let doc = pipeline::align_files_as(zh, en, format.into(), &segmentation, &aligner)?;
    for w in &doc.alignment.warnings {
        eprintln!("hanalign: warning: {w}");
    }
    // Beads and sentences count from 0, as in `align --format jsonl` and `--format beads`.
    let span = |v: &[usize]| match (v.first(), v.last()) {
        (Some(a), Some(b)) if a == b => format!("{a}"),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => "-".into(),
    };
    Ok(doc
        .alignment
        .beads
        .iter()
        .enumerate()
        .map(|(i, b)| check::Pair {
            label: format!("bead {i} (zh {}, en {})", span(&b.src), span(&b.tgt)),
            src: doc.src_text(i),
            tgt: doc.tgt_text(i),
        })
        .collect())
}

fn pairs_from(
    zh: Option<&Path>,
    en: Option<&Path>,
    tmx: Option<&Path>,
    g: &Glossary,
    preseg: bool,
    format: InputFormatArg,
) -> Result<Vec<check::Pair>> {
    match (zh, en, tmx) {
        (_, _, Some(t)) => Ok(hanalign::tmx::read_file(t)?
            .text_pairs()
            .into_iter()
            .map(|p| check::Pair { label: p.label, src: p.src, tgt: p.tgt })
            .collect()),
        (Some(z), Some(e), None) => aligned_pairs(z, e, g, preseg, format),
        _ => Err(Error::usage("give two documents (ZH EN) or --tmx FILE")),
    }
}

fn check_pairs(a: CheckArgs) -> Result<u8> {
    let g = load_all(&a.glossary)?;
    let pairs =
        pairs_from(a.zh.as_deref(), a.en.as_deref(), a.tmx.as_deref(), &g, a.presegmented, a.input_format)?;
    let findings = check::check(&g, &pairs);
    let mut out = Output::open(None)?;
    for f in &findings {
        let p = &pairs[f.pair];
        let r = if a.json {
            let kind = match f.kind {
                check::Kind::MissingTarget => "missing-target",
                check::Kind::Forbidden => "forbidden",
                check::Kind::Deprecated => "deprecated",
            };
            let j = serde_json::json!({
                "pair": p.label, "kind": kind, "message": f.message, "src": p.src, "tgt": p.tgt,
                "glossary_line": g.entries[f.entry].line,
            });
            writeln!(out, "{j}")
        } else {
            writeln!(out, "{}: {} | zh: {} | en: {}", p.label, f.message, p.src, p.tgt)
        };
        r.map_err(out_err(&out))?;
    }
    out.finish()?;
    eprintln!("hanalign: {} findings in {} pairs", findings.len(), pairs.len());
    Ok(if findings.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

fn merge_files(a: MergeArgs) -> Result<u8> {
    let to = output_format(&a.output, a.to)?;
    let mut inputs = Vec::new();
    for p in &a.inputs {
        inputs.push((p.clone(), load_with(p, None)?));
    }
    let m = merge::merge(&inputs);
    for c in &m.conflicts {
        eprintln!("hanalign: conflict: {c}");
    }
    for f in &m.folded {
        eprintln!("hanalign: {f}");
    }
    // The output may be one of the inputs (the GUIDE's way to add candidates): keep the old file.
    let backup = if a.output.as_os_str() != "-" && std::fs::metadata(&a.output).is_ok_and(|m| m.is_file()) {
        Some(hanalign::atomic::backup(&a.output)?)
    } else {
        None
    };
    write_glossary(&m.glossary, &a.output, to)?;
    eprintln!(
        "hanalign: {} entries written, {} folded into an earlier entry, {} conflicts",
        m.glossary.entries.len(),
        m.folded.len(),
        m.conflicts.len()
    );
    if let Some(b) = backup {
        eprintln!("hanalign: the previous {} is kept as {}", a.output.display(), b.display());
    }
    Ok(if m.conflicts.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

fn extract(a: ExtractArgs) -> Result<u8> {
    if let Some(o) = &a.output {
        let mut inputs: Vec<(&str, &Path)> = Vec::new();
        inputs.extend(a.zh.as_deref().map(|p| ("the Chinese document", p)));
        inputs.extend(a.en.as_deref().map(|p| ("the English document", p)));
        inputs.extend(a.tmx.as_deref().map(|p| ("--tmx", p)));
        inputs.extend(a.gold.as_deref().map(|p| ("--gold", p)));
        inputs.extend(a.glossary.iter().map(|p| ("the glossary", p.as_path())));
        hanalign::atomic::check_outputs(&inputs, &[("-o", o)])?;
    }
    let existing = load_all(&a.glossary)?;
    let pairs = pairs_from(
        a.zh.as_deref(),
        a.en.as_deref(),
        a.tmx.as_deref(),
        &existing,
        a.presegmented,
        a.input_format,
    )?;
    let texts: Vec<(String, String)> = pairs.into_iter().map(|p| (p.src, p.tgt)).collect();
    let mut proposals = glossary::extract::extract(&texts, &existing);
    let pairs_word = if a.tmx.is_some() { "translation units" } else { "beads" };
    if proposals.is_empty() {
        eprintln!(
            "hanalign: 0 candidates from {} {pairs_word}: a term pair is proposed when it is glossed in \
             brackets, is a Latin name written on both sides, or its two sides occur together in at \
             least 2 {pairs_word} (3 for lower-case English terms), and is not in the glossary yet; \
             a short pair rarely has any",
            texts.len()
        );
    } else {
        let shown = if a.top > 0 { proposals.len().min(a.top) } else { proposals.len() };
        eprintln!("hanalign: {shown} of {} candidates from {} {pairs_word}", proposals.len(), texts.len());
    }
    if let Some(gold) = &a.gold {
        let g = load_with(gold, None)?;
        for k in [10, 20] {
            let n = k.min(proposals.len());
            let hits = glossary::extract::hits_at(&proposals, &g, k);
            let p = if n == 0 { 0.0 } else { hits as f64 / n as f64 };
            eprintln!("hanalign: top {k}: {hits} of {n} proposals in {} (precision {p:.2})", gold.display());
        }
    }
    if a.top > 0 {
        proposals.truncate(a.top);
    }
    let mut out = Output::open(a.output.as_deref())?;
    glossary::extract::write_tsv(&proposals, &mut out).map_err(out_err(&out))?;
    out.finish()?;
    Ok(EXIT_OK)
}
