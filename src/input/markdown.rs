//! Markdown (`.md`, CommonMark with tables and footnotes): the text a reader of the rendered page
//! sees, block by block.
//!
//! Parsed by pulldown-cmark. Headings, paragraphs, list items (`- `, or `3. ` in an ordered list),
//! block quotes, table cells and footnote definitions are blocks (see [`super::blocks`]); an image
//! becomes its alt text (nothing for `![]()`), a link its text; code blocks, raw HTML and front
//! matter are skipped; inline code is kept as text. A soft line break is a space (nothing between
//! Chinese characters), a hard break a line break inside the block.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::Blocks;

/// Extracts the text of a Markdown document.
pub(crate) fn extract(text: &str) -> String {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut blocks = Blocks::new();
    let mut skip = 0usize;
    let mut lists: Vec<Option<u64>> = Vec::new();
    for event in Parser::new_ext(text, opts) {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => skip += 1,
                Tag::List(start) => {
                    blocks.end_block();
                    lists.push(start);
                }
                Tag::Item => {
                    blocks.end_block();
                    match lists.last_mut() {
                        Some(Some(n)) => {
                            blocks.prefix(format!("{n}. "));
                            *n += 1;
                        }
                        _ => blocks.prefix("- "),
                    }
                }
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::TableCell
                | Tag::TableRow
                | Tag::TableHead
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition => blocks.end_block(),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_) => skip -= 1,
                TagEnd::List(_) => {
                    blocks.end_block();
                    lists.pop();
                }
                TagEnd::Item => blocks.end_item(),
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition => blocks.end_block(),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) if skip == 0 => blocks.text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) if skip == 0 => blocks.text(&t),
            Event::SoftBreak if skip == 0 => blocks.soft_break(),
            Event::HardBreak if skip == 0 => blocks.line_break(),
            _ => {}
        }
    }
    blocks.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_images_links_and_code() {
        let md = "# 標題\n\n![]()\n\n第一句,\n第二句。 [鏈接](http://x) ![圖](a.png)\n\n\
                  - one\n- two\n\n3. three\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n\
                  Soft\nbreak `x`.\n";
        assert_eq!(
            extract(md),
            "標題\n\n第一句,第二句。 鏈接 圖\n\n- one\n\n- two\n\n3. three\n\na\n\nb\n\nc\n\nd\n\nSoft break x.\n"
        );
    }

    #[test]
    fn a_loose_list_item_keeps_its_marker() {
        assert_eq!(extract("- first\n\n  more\n- second\n"), "- first\n\nmore\n\n- second\n");
    }
}
