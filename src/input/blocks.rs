//! The text every structured reader produces: one block (paragraph, heading, list item, table cell,
//! footnote) per paragraph of plain text, blocks separated by a blank line, a line break inside a
//! block (`<br>`, `<w:br/>`, a Markdown hard break) as a single newline.
//!
//! So the segmenter sees exactly what it sees in a `.txt` file laid out one paragraph per line:
//! a blank line always ends a paragraph, also under `--wrapped`. Whitespace runs collapse to one
//! space, as a browser or word processor shows them; a run that holds a source line break between
//! a wide (CJK) character and a wide character or punctuation disappears, since Chinese has no
//! spaces between words.

/// Builds the extracted text, block by block.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    out: String,
    cur: String,
    /// Whitespace seen since the last character: `Some(true)` when it held a line break.
    pending_space: Option<bool>,
    /// A list marker (`- `, `3. `) to put before the block's first character.
    prefix: Option<String>,
}

impl Blocks {
    pub(crate) fn new() -> Blocks {
        Blocks::default()
    }

    /// Appends text as it appears in the source, collapsing whitespace.
    pub(crate) fn text(&mut self, s: &str) {
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{3000}' && c != '\u{a0}' {
                let newline = c == '\n' || c == '\r';
                self.pending_space = Some(self.pending_space.unwrap_or(false) || newline);
            } else {
                self.push_char(c);
            }
        }
    }

    /// Whitespace between two pieces of text (a tab, a soft break).
    pub(crate) fn space(&mut self) {
        self.pending_space = Some(self.pending_space.unwrap_or(false));
    }

    /// A soft line break of the source (a wrapped line): a space, or nothing between CJK characters.
    pub(crate) fn soft_break(&mut self) {
        self.pending_space = Some(true);
    }

    /// A line break inside the block (`<br>`): kept as a newline.
    pub(crate) fn line_break(&mut self) {
        if !self.cur.is_empty() {
            self.pending_space = None;
            self.cur.push('\n');
        }
    }

    /// Sets the marker the block starts with (a list item's `- `); dropped if the block stays empty.
    pub(crate) fn prefix(&mut self, marker: impl Into<String>) {
        self.prefix = Some(marker.into());
    }

    /// Ends the current block. An empty block writes nothing and keeps its marker for the next
    /// (a list item whose text is in a nested paragraph).
    pub(crate) fn end_block(&mut self) {
        self.pending_space = None;
        let block = self.cur.trim_end_matches(['\n', ' ']);
        if !block.is_empty() {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            self.out.push_str(block);
            self.prefix = None;
        }
        self.cur.clear();
    }

    /// Ends the current block and drops a marker no text took (the end of a list item).
    pub(crate) fn end_item(&mut self) {
        self.end_block();
        self.prefix = None;
    }

    /// The text of all blocks, ending with a newline (empty if there was none).
    pub(crate) fn finish(mut self) -> String {
        self.end_block();
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
    }

    fn push_char(&mut self, c: char) {
        if self.cur.is_empty() || self.cur.ends_with('\n') {
            if self.cur.is_empty()
                && let Some(p) = self.prefix.take()
            {
                self.cur.push_str(&p);
            }
        } else if let Some(newline) = self.pending_space {
            let prev = self.cur.chars().next_back();
            let wide = crate::chars::is_wide;
            let tight = prev.is_some_and(|p| {
                (wide(p) && (wide(c) || !c.is_alphanumeric())) || (wide(c) && !p.is_alphanumeric())
            });
            if !(newline && tight) {
                self.cur.push(' ');
            }
        }
        self.pending_space = None;
        self.cur.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_whitespace_and_separates_blocks_by_a_blank_line() {
        let mut b = Blocks::new();
        b.text("  Hello \n  world  ");
        b.end_block();
        b.prefix("- ");
        b.text("item");
        b.end_block();
        b.prefix("- ");
        b.end_item();
        b.text("after");
        assert_eq!(b.finish(), "Hello world\n\n- item\n\nafter\n");
    }

    #[test]
    fn a_source_line_break_between_chinese_characters_disappears() {
        let mut b = Blocks::new();
        b.text("中文\n句子, and\nEnglish 。\n");
        assert_eq!(b.finish(), "中文句子, and English 。\n");
    }

    #[test]
    fn line_breaks_inside_a_block_stay() {
        let mut b = Blocks::new();
        b.text("one");
        b.line_break();
        b.text(" two");
        b.line_break();
        assert_eq!(b.finish(), "one\ntwo\n");
    }
}
