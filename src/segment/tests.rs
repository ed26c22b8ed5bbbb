use super::*;

fn texts(lang: Lang, wrapped: bool, input: &str) -> Vec<String> {
    SegmenterBuilder::new()
        .lang(lang)
        .wrapped(wrapped)
        .build()
        .segment(input)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

/// (rule, input, expected sentences) for English.
const EN: &[(&str, &str, &[&str])] = &[
    ("plain periods", "The model shipped. Nobody used it.", &["The model shipped.", "Nobody used it."]),
    ("question and exclamation", "Is it late? Yes! We go.", &["Is it late?", "Yes!", "We go."]),
    ("repeated marks", "Really?! Fine.", &["Really?!", "Fine."]),
    (
        "title before a name",
        "We met Dr. Chen and Prof. Wang today.",
        &["We met Dr. Chen and Prof. Wang today."],
    ),
    (
        "initials",
        "The memo came from Mark E. Zuckerberg himself.",
        &["The memo came from Mark E. Zuckerberg himself."],
    ),
    (
        "pronoun I at the end",
        "It was him or I. Then the call came.",
        &["It was him or I.", "Then the call came."],
    ),
    ("number prefix", "See fig. 4 and p. 12 for details.", &["See fig. 4 and p. 12 for details."]),
    (
        "U.S. as an adjective",
        "The U.S. Commerce Department objected.",
        &["The U.S. Commerce Department objected."],
    ),
    ("U.S. at the end", "They moved to the U.S. It was 2019.", &["They moved to the U.S.", "It was 2019."]),
    ("U.S. then lower case", "Sales in the U.S. grew fast.", &["Sales in the U.S. grew fast."]),
    (
        "company suffix ends",
        "The lab belongs to Meta Platforms Inc. Its chief left.",
        &["The lab belongs to Meta Platforms Inc.", "Its chief left."],
    ),
    ("company suffix mid", "Alphabet Inc. shares rose.", &["Alphabet Inc. shares rose."]),
    ("time at the start", "By 9 a.m. Ms. Lee had left.", &["By 9 a.m. Ms. Lee had left."]),
    (
        "time at the end",
        "The results came out at 4 p.m. Investors sold.",
        &["The results came out at 4 p.m.", "Investors sold."],
    ),
    ("e.g. mid-sentence", "Labs, e.g. FAIR, were merged.", &["Labs, e.g. FAIR, were merged."]),
    (
        "decimals and money",
        "Revenue rose 3.5% to $51.24 billion. Costs rose too.",
        &["Revenue rose 3.5% to $51.24 billion.", "Costs rose too."],
    ),
    (
        "number at the end",
        "It cost 14.3 billion. That was in June.",
        &["It cost 14.3 billion.", "That was in June."],
    ),
    (
        "quote then attribution",
        "\"Is this the end?\" asked one engineer.",
        &["\"Is this the end?\" asked one engineer."],
    ),
    (
        "quote closes a sentence",
        "He said \"We ship today.\" Nobody believed him.",
        &["He said \"We ship today.\"", "Nobody believed him."],
    ),
    (
        "curly quotes",
        "She wrote “It is over.” The team agreed.",
        &["She wrote “It is over.”", "The team agreed."],
    ),
    (
        "bracket stays",
        "The model (a dense one.) was late. Then it shipped.",
        &["The model (a dense one.) was late.", "Then it shipped."],
    ),
    ("brand with exclamation", "He joined Yahoo! in 2001.", &["He joined Yahoo! in 2001."]),
    (
        "email",
        "Write to press@meta.example. We answer daily.",
        &["Write to press@meta.example.", "We answer daily."],
    ),
    (
        "url",
        "Read https://example.org/a.b/c.html. It explains.",
        &["Read https://example.org/a.b/c.html.", "It explains."],
    ),
    ("missing space", "It failed.Then it worked.", &["It failed.", "Then it worked."]),
    ("numbered list", "1. Train the model 2. Ship it", &["1. Train the model", "2. Ship it"]),
    ("numbered list with parens", "1) Train. 2) Ship.", &["1) Train.", "2) Ship."]),
    ("lettered list", "a. Open b. Close", &["a. Open", "b. Close"]),
    ("inline bullets", "• Speed • Cost", &["• Speed", "• Cost"]),
    ("ellipsis trailing off", "I thought so... maybe not.", &["I thought so... maybe not."]),
    ("ellipsis then new sentence", "We waited.... Nothing came.", &["We waited....", "Nothing came."]),
    (
        "omission in brackets",
        "\"The lab [...] was closed\" (Smith 3).",
        &["\"The lab [...] was closed\" (Smith 3)."],
    ),
    ("spaced ellipsis inside", "It was . . . odd.", &["It was . . . odd."]),
    ("Chinese terminator in English", "He said 好。 Then left.", &["He said 好。", "Then left."]),
];

/// (rule, input, expected sentences) for Chinese.
const ZH: &[(&str, &str, &[&str])] = &[
    ("full stop", "模型發布了。沒人用。", &["模型發布了。", "沒人用。"]),
    ("question and exclamation", "為何跳票？太慢了！", &["為何跳票？", "太慢了！"]),
    ("half-width marks", "為何跳票?太慢了!好。", &["為何跳票?", "太慢了!", "好。"]),
    (
        "title keeps its marks",
        "他們在讀《為什麼？AI！》這本書。好。",
        &["他們在讀《為什麼？AI！》這本書。", "好。"],
    ),
    ("closing quote stays", "他說:「我們走吧。」大家都走了。", &["他說:「我們走吧。」", "大家都走了。"]),
    ("quotation the sentence continues after", "他喊「快跑！」然後就跑了。", &["他喊「快跑！」然後就跑了。"]),
    ("bracket stays", "結果很好（見附錄。）後來呢？", &["結果很好（見附錄。）", "後來呢？"]),
    ("commas never break", "模型、數據；算力:都要,一樣不少。", &["模型、數據；算力:都要,一樣不少。"]),
    (
        "Latin inside Chinese",
        "Google Inc.和(U.S.)政府在2025.07.01談了3.5億的GPT-5.5合同。",
        &["Google Inc.和(U.S.)政府在2025.07.01談了3.5億的GPT-5.5合同。"],
    ),
    ("url inside Chinese", "見https://x.example/a?b=1。好。", &["見https://x.example/a?b=1。", "好。"]),
    ("ellipsis running on is a pause", "我們支持很多……大家都知道。", &["我們支持很多……大家都知道。"]),
    ("ellipsis closing a quotation ends", "他說:「我想……」然後走了。", &["他說:「我想……」", "然後走了。"]),
    ("ellipsis before a terminator", "真的嗎……？好。", &["真的嗎……？", "好。"]),
    ("space after terminator", "閉源了。 也就是說,不開放。", &["閉源了。", "也就是說,不開放。"]),
    ("no empty sentence", "?點贊?", &["?點贊?"]),
];

#[test]
fn english_rules() {
    for (rule, input, want) in EN {
        assert_eq!(texts(Lang::En, false, input), *want, "{rule}: {input}");
    }
}

#[test]
fn chinese_rules() {
    for (rule, input, want) in ZH {
        assert_eq!(texts(Lang::Zh, false, input), *want, "{rule}: {input}");
    }
}

#[test]
fn auto_picks_rules_per_paragraph() {
    // Chinese rules keep `Inc.和` together; the English paragraph still breaks on its periods.
    let input = "Google Inc.和Meta談了。\nIt was a deal. Both agreed.";
    assert_eq!(
        texts(Lang::Auto, false, input),
        ["Google Inc.和Meta談了。", "It was a deal.", "Both agreed."]
    );
    // A few Han characters do not make an English paragraph Chinese.
    assert_eq!(
        texts(Lang::Auto, false, "The word 開源 means open. It is common."),
        ["The word 開源 means open.", "It is common."]
    );
}

#[test]
fn line_breaks() {
    let cases: &[(&str, bool, &str, &[&str])] = &[
        (
            "each line is a unit",
            false,
            "Title\nFirst line\nsecond line",
            &["Title", "First line", "second line"],
        ),
        ("break after a space, lower case next", false, "It was a long \nday.", &["It was a long day."]),
        (
            "blank line ends a paragraph",
            true,
            "One line\ngoes on.\n\nNext part.",
            &["One line goes on.", "Next part."],
        ),
        ("wrapped Chinese joins without space", true, "模型發布\n了。", &["模型發布了。"]),
        ("CRLF", false, "A line.\r\nAnother.\r\n", &["A line.", "Another."]),
        ("lone CR", false, "A line.\rAnother.", &["A line.", "Another."]),
        (
            "bullet lines stay apart when wrapped",
            true,
            "Results:\n· fast\n· cheap",
            &["Results:", "· fast", "· cheap"],
        ),
        (
            "image lines stay apart when wrapped",
            true,
            "Text here\n![](a.png)\nmore text",
            &["Text here", "![](a.png)", "more text"],
        ),
    ];
    for (rule, wrapped, input, want) in cases {
        assert_eq!(texts(Lang::Auto, *wrapped, input), *want, "{rule}");
    }
}

#[test]
fn paragraphs_and_kinds() {
    let input = "![]()\n動蕩的一年\n·第一點;\n今年很難。明年呢?\n\nThe end.";
    let got = SegmenterBuilder::new().build().segment(input);
    let summary: Vec<(&str, usize, UnitKind)> =
        got.iter().map(|s| (s.text.as_str(), s.paragraph, s.kind)).collect();
    assert_eq!(
        summary,
        [
            ("![]()", 0, UnitKind::Markup),
            ("動蕩的一年", 1, UnitKind::Heading),
            ("·第一點;", 2, UnitKind::Bullet),
            ("今年很難。", 3, UnitKind::Text),
            ("明年呢?", 3, UnitKind::Text),
            ("The end.", 4, UnitKind::Text),
        ]
    );
}

#[test]
fn spans_point_into_the_original() {
    let input = "  第一句。 第二句!\r\n\r\nLine one \nwraps here.  ";
    let seg = Segmenter::default();
    let got = seg.segment(input);
    assert_eq!(got.len(), 3);
    assert_eq!(&input[got[0].start..got[0].end], "第一句。");
    assert_eq!(&input[got[1].start..got[1].end], "第二句!");
    assert_eq!(&input[got[2].start..got[2].end], "Line one \nwraps here.");
    assert_eq!(got[2].text, "Line one wraps here.");
    let spans: Vec<_> = got.iter().map(|s| s.start..s.end).collect();
    assert_eq!(seg.spans(input), spans);
}

#[test]
fn markup_detection() {
    for (s, want) in [
        ("![]()", true),
        ("![alt](https://x/y.png)", true),
        ("![]() ![]()", true),
        ("---", true),
        ("![](x) caption", false),
        ("![broken", false),
    ] {
        assert_eq!(is_markup(s), want, "{s}");
    }
}
