//! Web pages (`.html`, `.htm`): the text a browser shows, block by block.
//!
//! Parsed by html5ever (through `scraper`), the HTML5 parsing algorithm browsers use, so broken
//! markup reads as a browser reads it. Block elements (`p`, `div`, `li`, `h1`–`h6`, table cells,
//! …) are paragraphs (see [`super::blocks`]); `<br>` is a line break inside one; a list item starts
//! with `- ` (or `3. ` in an ordered list); `script`, `style`, `nav`, `pre`, `template`, `noscript`,
//! forms and embedded objects are skipped, as is the `head` (the `title` too, which usually repeats
//! the first heading).
//!
//! The encoding: a byte-order mark, else the `<meta charset>` (or `http-equiv` content type) in the
//! first 1,024 bytes, as browsers pre-scan; else UTF-8 when the bytes are valid UTF-8; else an
//! error, since guessing a legacy encoding silently would misalign the whole document.

use std::path::Path;

use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::blocks::Blocks;
use crate::error::{Error, Location, Result};

/// Extracts the text of an HTML file's bytes.
pub(crate) fn extract(bytes: &[u8], path: &Path) -> Result<String> {
    let text = decode(bytes, path)?;
    let doc = Html::parse_document(&text);
    let mut blocks = Blocks::new();
    // Open elements that hide their content, and list counters (None for `ul`).
    let mut skip = 0usize;
    let mut lists: Vec<Option<usize>> = Vec::new();
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if SKIPPED.contains(&name) {
                        skip += 1;
                        continue;
                    }
                    if skip > 0 {
                        continue;
                    }
                    match name {
                        "br" => blocks.line_break(),
                        "ul" | "menu" => lists.push(None),
                        "ol" => {
                            let start = el.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
                            lists.push(Some(start));
                        }
                        _ => {}
                    }
                    if BLOCKS.contains(&name) {
                        blocks.end_block();
                    }
                    if name == "li" {
                        match lists.last_mut() {
                            Some(Some(n)) => {
                                blocks.prefix(format!("{n}. "));
                                *n += 1;
                            }
                            _ => blocks.prefix("- "),
                        }
                    }
                }
                Node::Text(t) if skip == 0 => blocks.text(t),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if SKIPPED.contains(&name) {
                        skip -= 1;
                        continue;
                    }
                    if skip > 0 {
                        continue;
                    }
                    if matches!(name, "ul" | "ol" | "menu") {
                        lists.pop();
                    }
                    if name == "li" {
                        blocks.end_item();
                    } else if BLOCKS.contains(&name) {
                        blocks.end_block();
                    }
                }
            }
        }
    }
    Ok(blocks.finish())
}

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "menu",
];

/// Elements whose content a reader of the page does not see as its text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "pre", "iframe", "object", "embed", "svg",
    "math", "canvas", "select", "textarea", "button", "audio", "video",
];

fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        return if bad {
            Err(Error::parse(
                Location::file(path),
                format!("invalid {} after the byte-order mark", enc.name()),
            ))
        } else {
            Ok(text.into_owned())
        };
    }
    if let Some(label) = declared_charset(&bytes[..bytes.len().min(1024)]) {
        let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) else {
            return Err(Error::parse(
                Location::file(path),
                format!("the page declares charset `{label}`, which is not a known encoding"),
            ));
        };
        // A page saved as UTF-8 that still declares its old charset is common: the bytes decide
        // when they are valid UTF-8 and the declaration names an ASCII-compatible legacy encoding.
        let enc = if enc != encoding_rs::UTF_8 && std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii() {
            encoding_rs::UTF_8
        } else {
            enc
        };
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(Error::parse(
                Location::file(path),
                format!("bytes that are not {} although the page declares that charset", enc.name()),
            ));
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => Err(Error::parse(
            Location::file(path).with_byte(e.valid_up_to() as u64),
            "not UTF-8, and the page declares no charset: add `<meta charset=\"…\">` naming its \
             encoding (e.g. gb18030 or big5), or convert it to UTF-8",
        )),
    }
}

/// The charset named by a `<meta charset=…>` or `<meta http-equiv="content-type"
/// content="…; charset=…">` in `head` (the first 1,024 bytes).
fn declared_charset(head: &[u8]) -> Option<String> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(i) = tag.find("charset") {
            let v = tag[i + 7..].trim_start();
            if let Some(v) = v.strip_prefix('=') {
                let v = v.trim_start().trim_start_matches(['"', '\'']);
                let end =
                    v.find(|c: char| c == '"' || c == '\'' || c == ';' || c == '/' || c.is_whitespace());
                let label = &v[..end.unwrap_or(v.len())];
                if !label.is_empty() {
                    return Some(label.to_string());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(s: &str) -> String {
        extract(s.as_bytes(), Path::new("x.html")).unwrap()
    }

    #[test]
    fn blocks_become_paragraphs_and_scripts_are_skipped() {
        let page = "<html><head><title>T</title><style>p{}</style></head><body><nav>Home</nav>\
                    <h1>標題</h1><p>第一句。<br>第二行。</p><script>var x;</script>\
                    <ul><li>one</li><li>two</li></ul><ol start=3><li>three</li></ol>\
                    <table><tr><td>a</td><td>b</td></tr></table><pre>$ ls</pre></body></html>";
        assert_eq!(html(page), "標題\n\n第一句。\n第二行。\n\n- one\n\n- two\n\n3. three\n\na\n\nb\n");
    }

    #[test]
    fn entities_and_markup_in_text_stay_text() {
        assert_eq!(html("<p>&lt;b&gt; &amp; <b>bold</b>&#x4e2d;</p>"), "<b> & bold中\n");
    }

    #[test]
    fn honours_the_declared_charset() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<meta charset=\"gbk\"><p>中文。</p>");
        assert_eq!(extract(&gbk, Path::new("g.html")).unwrap(), "中文。\n");
    }

    #[test]
    fn non_utf8_without_a_charset_is_an_error_naming_the_file() {
        let (gbk, _, _) = encoding_rs::GBK.encode("<p>中文。</p>");
        let err = extract(&gbk, Path::new("g.html")).unwrap_err().to_string();
        assert!(err.starts_with("g.html: byte 3: not UTF-8, and the page declares no charset"), "{err}");
    }
}
