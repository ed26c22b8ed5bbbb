#!/usr/bin/env python3
"""Builds the seed pair (corpora/meta-avocado/{zh,en}.txt) as .docx, .html and .md documents with
real formatting, for tests/formats.rs: the same text, so each must segment and align as the .txt does.

Run from the repository root: python3 tests/data/formats/make.py (writes tests/data/formats/*).
What each format adds on top of the text:
- headings (short lines with no sentence-ending punctuation) as Heading 2 / <h2> / ##;
- the byline (2nd and 3rd paragraphs) as a one-row, two-cell table;
- the last paragraph as a footnote (docx: word/footnotes.xml; html: a footnotes section; md: [^1]);
- images (`![]()` lines) as drawings / <img> / ![]();
- bullets (`- `) as list items;
- docx only: a deleted revision, an inserted revision, hidden text, a PAGE field (all but the
  inserted text invisible) and a HYPERLINK field (its text visible);
- html only: a <head> with a <title> and <style>, a <nav>, a <script>, entities.
"""
import html, os, re, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def paragraphs(lang):
    text = open(os.path.join(ROOT, "corpora", "meta-avocado", f"{lang}.txt"), encoding="utf-8").read()
    return [p.strip() for p in re.split(r"\n+", text) if p.strip()]


def kind(p):
    if p == "![]()":
        return "image"
    if p.startswith("- "):
        return "bullet"
    if len(p) < 40 and not re.search(r"[。！？.!?:：;；,，)」”\"]$", p) and not p.startswith("http"):
        return "heading"
    return "text"


def x(s):
    return html.escape(s, quote=False)


def run(t, extra=""):
    return f'<w:r>{extra}<w:t xml:space="preserve">{x(t)}</w:t></w:r>'


def docx_para(p, i):
    k = kind(p)
    if k == "image":
        return '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="image"/></wp:inline></w:drawing></w:r></w:p>'
    ppr = ""
    if k == "heading":
        ppr = '<w:pPr><w:pStyle w:val="Heading2"/></w:pPr>'
    if k == "bullet":
        ppr = '<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        p = p[2:]
    runs = run(p)
    if k == "text" and i == 5:
        # Revisions and hidden text: only the inserted run is visible.
        half = len(p) // 2
        runs = (run(p[:half]) + '<w:del w:id="1" w:author="r"><w:r><w:delText>DELETED</w:delText></w:r></w:del>'
                + f'<w:ins w:id="2" w:author="r">{run(p[half:])}</w:ins>'
                + run("HIDDEN", "<w:rPr><w:vanish/></w:rPr>")
                + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>')
    if k == "text" and i == 8:
        # A hyperlink field around the whole paragraph: its result is the text.
        runs = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run(p) + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return f"<w:p>{ppr}{runs}</w:p>"


def docx(lang, ps):
    body, cells = [], ps[1:3]
    foot = ps[-1]
    for i, p in enumerate(ps[:-1]):
        if i == 1:
            tcs = "".join(f"<w:tc><w:p>{run(c)}</w:p></w:tc>" for c in cells)
            body.append(f"<w:tbl><w:tr>{tcs}</w:tr></w:tbl>")
        elif i == 2:
            continue
        elif i == len(ps) - 2:
            body.append(docx_para(p, i)[:-6] + '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>')
        else:
            body.append(docx_para(p, i))
    doc = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{"".join(body)}<w:sectPr/></w:body></w:document>'
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {W}>'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>CONT</w:t></w:r></w:p></w:footnote>'
             f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{run(" " + foot)}</w:p></w:footnote></w:footnotes>')
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    drels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>')
    with zipfile.ZipFile(os.path.join(HERE, f"{lang}.docx"), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("word/document.xml", doc),
                           ("word/_rels/document.xml.rels", drels), ("word/footnotes.xml", notes)]:
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def html_doc(lang, ps):
    out = [f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{x(ps[0] if ps[0] != "![]()" else ps[1])}</title>',
           "<style>td { padding: 4px }</style></head><body>", "<nav><a href='/'>Home</a> | <a href='/ai'>AI</a></nav>",
           "<script>var tracker = '<p>not text</p>';</script>", "<article>"]
    in_list = False
    for i, p in enumerate(ps[:-1]):
        k = kind(p)
        if k != "bullet" and in_list:
            out.append("</ul>"); in_list = False
        if i == 1:
            out.append(f"<table><tr><td>{x(ps[1])}</td><td>{x(ps[2])}</td></tr></table>")
        elif i == 2:
            continue
        elif k == "image":
            out.append('<figure><img src="data:," alt=""></figure>')
        elif k == "heading":
            out.append(f"<h2>{x(p)}</h2>")
        elif k == "bullet":
            if not in_list:
                out.append("<ul>"); in_list = True
            out.append(f"<li>{x(p[2:])}</li>")
        else:
            # Source line breaks inside a paragraph, as editors wrap HTML.
            out.append("<p>" + x(p).replace("。", "。\n", 1) + "</p>")
    out.append(f'</article><section class="footnotes"><p>{x(ps[-1])}</p></section></body></html>\n')
    open(os.path.join(HERE, f"{lang}.html"), "w", encoding="utf-8").write("\n".join(out))


def md_doc(lang, ps):
    out = []
    for i, p in enumerate(ps[:-1]):
        k = kind(p)
        if i == 1:
            out.append(f"| {ps[1]} | {ps[2]} |\n|---|---|")
        elif i == 2:
            continue
        elif k == "heading":
            out.append(f"## {p}")
        elif i == len(ps) - 2:
            out.append(p + "[^1]")
        else:
            out.append(p)
    out.append(f"[^1]: {ps[-1]}")
    # Bullets are consecutive list items: one blank line between blocks, none inside the list.
    text = "\n\n".join(out)
    text = re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", text)
    open(os.path.join(HERE, f"{lang}.md"), "w", encoding="utf-8").write(text + "\n")


for lang in ("zh", "en"):
    ps = paragraphs(lang)
    docx(lang, ps)
    html_doc(lang, ps)
    md_doc(lang, ps)
