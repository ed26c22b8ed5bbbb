//! Reading documents: plain text (UTF-8 with or without BOM, UTF-16 or UTF-32 with a BOM), Word
//! (`.docx`), web pages (`.html`) and Markdown (`.md`). Anything that is not valid text is an error
//! naming the file and the byte offset; text is never silently dropped.
//!
//! A structured document is reduced to the plain text a reader sees, one paragraph (heading, list
//! item, table cell, footnote) per block, blocks separated by a blank line (see [`InputFormat`]);
//! every later stage, and every offset they report, refers to that extracted text.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, ErrorKind, Location, Result};

mod blocks;
mod docx;
mod html;
mod markdown;

/// The format of an input document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum InputFormat {
    /// By the file's extension: `.docx`, `.html`/`.htm`/`.xhtml`, `.md`/`.markdown`; anything else
    /// (and standard input) is plain text.
    #[default]
    Auto,
    /// Plain text, one paragraph per line (or per blank-line-separated block).
    Text,
    /// A Word document (Office Open XML): body, tables cell by cell, then footnotes and endnotes.
    Docx,
    /// An HTML page: block elements as paragraphs; scripts, styles, navigation and `pre` skipped.
    Html,
    /// Markdown (CommonMark with tables and footnotes): code blocks skipped, images and links as text.
    Markdown,
}

impl InputFormat {
    /// The format a file's name says (`Text` when it says none). `Auto` is resolved this way.
    pub fn of_path(path: &Path) -> InputFormat {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("docx") => InputFormat::Docx,
            Some("html" | "htm" | "xhtml") => InputFormat::Html,
            Some("md" | "markdown") => InputFormat::Markdown,
            _ => InputFormat::Text,
        }
    }
}

/// Reads a document (or standard input for `-`) in `format` and returns its text: decoded for plain
/// text, extracted for the structured formats.
pub fn read_document(path: &Path, format: InputFormat) -> Result<String> {
    let bytes = read_bytes(path)?;
    extract(&bytes, path, format)
}

/// Turns a document's bytes into text; `path` names it in errors and resolves [`InputFormat::Auto`].
pub fn extract(bytes: &[u8], path: &Path, format: InputFormat) -> Result<String> {
    let format = match format {
        InputFormat::Auto => InputFormat::of_path(path),
        f => f,
    };
    match format {
        InputFormat::Docx => docx::extract(bytes, path),
        InputFormat::Html => html::extract(bytes, path),
        InputFormat::Markdown => Ok(markdown::extract(&decode(bytes, path)?)),
        InputFormat::Auto | InputFormat::Text => {
            if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
                return Err(ErrorKind::NotPlainText { location: Location::file(path) }.into());
            }
            decode(bytes, path)
        }
    }
}

/// Decodes raw bytes to text. `path` is used only in error messages.
///
/// A UTF-8 BOM is removed; UTF-16 and UTF-32, LE or BE, with a BOM are decoded. Line endings are left as they are
/// (the segmenter understands LF and CRLF), so byte offsets refer to the decoded text.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    if let Some(what) = binary_format(bytes) {
        return Err(Error::parse(Location::file(path).with_byte(0), format!("{what}, not a text file")));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, path, 3);
    }
    // UTF-32 before UTF-16: the UTF-32 LE mark begins with the UTF-16 LE one.
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE, 0x00, 0x00]) {
        return utf32(rest, path, u32::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0x00, 0x00, 0xFE, 0xFF]) {
        return utf32(rest, path, u32::from_be_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, path, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, path, u16::from_be_bytes);
    }
    utf8(bytes, path, 0)
}

/// Names a document format that is not text, from its first bytes (so the error does not suggest
/// a text encoding conversion for a Word file).
fn binary_format(bytes: &[u8]) -> Option<&'static str> {
    // ZIP (.docx) and OLE2 (.doc) files are caught by `extract`, which can name the right option.
    const FORMATS: [(&[u8], &str); 3] = [
        (b"%PDF-", "a PDF document, not supported yet: extract its text first (e.g. `pdftotext`)"),
        (b"{\\rtf", "an RTF document, not supported yet: save it as .docx or plain text"),
        (b"\x1F\x8B", "a gzip archive: decompress it first (`gunzip`)"),
    ];
    FORMATS.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|&(_, what)| what)
}

fn utf8(bytes: &[u8], path: &Path, offset: usize) -> Result<String> {
    match std::str::from_utf8(bytes) {
        // Text never holds NUL; NULs in valid UTF-8 mean UTF-16 without a BOM, or binary data.
        Ok(_) if let Some(at) = memchr::memchr(0, bytes) => Err(Error::parse(
            Location::file(path).with_byte((offset + at) as u64),
            "NUL byte: not a text file, or UTF-16 without a byte-order mark; save it as UTF-8 \
             (or UTF-16 with a BOM)",
        )),
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(Error::parse(
                Location::file(path).with_byte((offset + at) as u64),
                format!(
                    "invalid UTF-8 (line {line}); convert the file to UTF-8 first, e.g. \
                     `iconv -f GB18030 -t UTF-8`"
                ),
            ))
        }
    }
}

fn utf16(bytes: &[u8], path: &Path, unit: fn([u8; 2]) -> u16) -> Result<String> {
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::parse(
            Location::file(path).with_byte(bytes.len() as u64 + 1),
            "UTF-16 text with an odd number of bytes",
        ));
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len());
    for (i, r) in char::decode_utf16(units).enumerate() {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                return Err(Error::parse(
                    Location::file(path).with_byte(2 + 2 * i as u64),
                    "invalid UTF-16 (unpaired surrogate)",
                ));
            }
        }
    }
    Ok(out)
}

fn utf32(bytes: &[u8], path: &Path, unit: fn([u8; 4]) -> u32) -> Result<String> {
    if !bytes.len().is_multiple_of(4) {
        return Err(Error::parse(
            Location::file(path).with_byte(4 + bytes.len() as u64 / 4 * 4),
            "UTF-32 text whose length is not a multiple of 4 bytes",
        ));
    }
    let mut out = String::with_capacity(bytes.len() / 2);
    for (i, c) in bytes.chunks_exact(4).enumerate() {
        match char::from_u32(unit([c[0], c[1], c[2], c[3]])) {
            Some(ch) => out.push(ch),
            None => {
                return Err(Error::parse(
                    Location::file(path).with_byte(4 + 4 * i as u64),
                    "invalid UTF-32 (not a Unicode scalar value)",
                ));
            }
        }
    }
    Ok(out)
}

/// Reads a whole file (or standard input for `-`) and decodes it with [`decode`].
pub fn read_text(path: &Path) -> Result<String> {
    decode(&read_bytes(path)?, path)
}

fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(|e| Error::io(path, e))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| Error::io(path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_office_file_read_as_text_is_its_own_kind() {
        let e = extract(b"PK\x03\x04rest", Path::new("report.txt"), InputFormat::Auto).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::NotPlainText { location } if location.path.as_deref() == Some(Path::new("report.txt"))),
            "{e}"
        );
        assert!(!e.to_string().contains("--"), "the library names no flag: {e}");
    }

    fn p() -> &'static Path {
        Path::new("x.txt")
    }

    #[test]
    fn strips_utf8_bom() {
        assert_eq!(decode("\u{FEFF}你好".as_bytes(), p()).unwrap(), "你好");
    }

    #[test]
    fn decodes_utf16_both_orders() {
        let le: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("中a".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
        let be: Vec<u8> =
            [0xFE, 0xFF].into_iter().chain("中a".encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
        assert_eq!(decode(&le, p()).unwrap(), "中a");
        assert_eq!(decode(&be, p()).unwrap(), "中a");
    }

    #[test]
    fn utf32_with_bom_is_decoded_not_read_as_utf16() {
        let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain("中a\n".chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF]
            .into_iter()
            .chain("中a\n".chars().flat_map(|c| (c as u32).to_be_bytes()))
            .collect();
        assert_eq!(decode(&le, p()).unwrap(), "中a\n");
        assert_eq!(decode(&be, p()).unwrap(), "中a\n");
        let bad = [0xFF, 0xFE, 0, 0, 0, 0xD8, 0, 0];
        assert!(decode(&bad, p()).unwrap_err().to_string().contains("invalid UTF-32"));
        assert!(decode(&[0xFF, 0xFE, 0, 0, 1], p()).unwrap_err().to_string().contains("multiple of 4"));
    }

    #[test]
    fn utf16_without_bom_is_refused() {
        let le: Vec<u8> = "Hi".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let err = decode(&le, p()).unwrap_err().to_string();
        assert!(err.starts_with("x.txt: byte 1: NUL byte"), "{err}");
    }

    #[test]
    fn invalid_utf8_names_file_and_byte() {
        let err = decode(b"ab\ncd\xFFef", p()).unwrap_err().to_string();
        assert!(err.starts_with("x.txt: byte 5: invalid UTF-8 (line 2)"), "{err}");
    }
}
