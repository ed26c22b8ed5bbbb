//! The "Examples:" sections of `--help`, laid out so that clap never wraps a command mid-line.
//!
//! clap wraps help text to the terminal's width; an example longer than the terminal would be
//! broken into two lines, and a reader who copies them runs half a command. So every example is
//! rewritten here, once, for every subcommand: a trailing `# comment` goes on its own line above
//! the command, and a long command is split between arguments into lines ending in ` \`, none wider
//! than [`WIDTH`] (a 60-column terminal shows them unwrapped).

/// The widest example line, indentation included.
pub const WIDTH: usize = 56;

/// Rewrites the examples of `cmd` and all its subcommands.
pub fn fit_all(cmd: clap::Command) -> clap::Command {
    let cmd = match cmd.get_after_help().map(|h| h.to_string()) {
        Some(help) if help.contains("Examples:") => cmd.after_help(fit(&help, WIDTH)),
        _ => cmd,
    };
    cmd.mut_subcommands(fit_all)
}

/// Rewrites the lines after `Examples:` in one help text; the text before it is left alone.
pub fn fit(help: &str, width: usize) -> String {
    let mut out = Vec::new();
    let mut in_examples = false;
    for line in help.lines() {
        if !in_examples || line.trim().is_empty() {
            in_examples |= line.trim_end() == "Examples:";
            out.push(line.to_string());
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let (command, comment) = split_comment(line.trim());
        if let Some(comment) = comment {
            fill(&mut out, &format!("{indent}# "), comment, width, "");
        }
        fill(&mut out, indent, command, width, " \\");
        // Continuation lines are indented two more columns (still copy-pasteable).
    }
    out.join("\n")
}

/// `cmd   # why` -> (`cmd`, Some(`why`)); a `#` inside quotes is not a comment.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quote = None;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if i > 0 && line[..i].ends_with(' ') => {
                return (line[..i].trim_end(), Some(line[i + 1..].trim()));
            }
            _ => {}
        }
    }
    (line, None)
}

/// Shell words of `s`, quoted spans kept whole.
fn words(s: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let (mut start, mut quote) = (None, None);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, ' ') => {
                if let Some(st) = start.take() {
                    words.push(&s[st..i]);
                }
                continue;
            }
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        start.get_or_insert(i);
    }
    if let Some(st) = start {
        words.push(&s[st..]);
    }
    words
}

/// Packs the words of `text` into lines of at most `width` columns that start with `prefix`
/// (continuations with `prefix` plus two spaces) and end, all but the last, with `join`.
fn fill(out: &mut Vec<String>, prefix: &str, text: &str, width: usize, join: &str) {
    let cont = if join.is_empty() { prefix.to_string() } else { format!("{prefix}  ") };
    let mut line = prefix.to_string();
    let mut empty = true;
    // An option stays on one line with its value: `--glossary FILE`, `-o out.tmx`.
    let mut units: Vec<String> = Vec::new();
    for w in words(text) {
        match units.last_mut() {
            Some(last)
                if !join.is_empty() && is_option(last) && !w.starts_with('-') && !"|<>".contains(w) =>
            {
                last.push(' ');
                last.push_str(w);
            }
            _ => units.push(w.to_string()),
        }
    }
    for w in &units {
        let cols = |s: &str| s.chars().map(|c| if c as u32 >= 0x1100 { 2 } else { 1 }).sum::<usize>();
        if !empty && cols(&line) + 1 + cols(w) + join.len() > width {
            out.push(format!("{line}{join}"));
            line = cont.clone();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(w);
        empty = false;
    }
    out.push(line);
}

/// `-o`, `--glossary` (not `-`, standard input).
fn is_option(unit: &str) -> bool {
    unit.len() > 1 && unit.starts_with('-') && !unit.contains(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_example_is_split_between_words_with_backslashes() {
        let help = "Finds things.\n\nExamples:\n  hanalign align corpora/meta-avocado/zh.txt \
                    corpora/meta-avocado/en.txt --glossary glossary/ai-industry.tsv --format tsv";
        let got = fit(help, 40);
        assert_eq!(
            got,
            "Finds things.\n\nExamples:\n  hanalign align \\\n    corpora/meta-avocado/zh.txt \\\n    \
             corpora/meta-avocado/en.txt \\\n    --glossary glossary/ai-industry.tsv \\\n    --format tsv"
        );
        // Joined back as the shell would, the command is the original one.
        let joined = got.split("Examples:\n").nth(1).unwrap().replace(" \\\n", " ");
        let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            joined,
            "hanalign align corpora/meta-avocado/zh.txt corpora/meta-avocado/en.txt --glossary \
             glossary/ai-industry.tsv --format tsv"
        );
    }

    #[test]
    fn comment_moves_above_and_quotes_stay_whole() {
        let help = "Examples:\n  echo 'Mr. Smith left. # not a comment' | hanalign segment -   # one a line";
        assert_eq!(
            fit(help, 30),
            "Examples:\n  # one a line\n  echo \\\n    'Mr. Smith left. # not a comment' \\\n    | hanalign segment -"
        );
    }

    #[test]
    fn text_before_examples_and_short_examples_are_unchanged() {
        let help =
            "A long description that clap may wrap as it likes.\n\nExamples:\n  hanalign tmx stats out.tmx";
        assert_eq!(fit(help, WIDTH), help);
    }
}
