//! Properties of the TMX writer and reader: write → read → write gives the same bytes for any
//! model, any string yields well-formed XML 1.0, and the reader never panics.

use std::path::Path;

use hanalign::tmx::write::is_xml_char;
use hanalign::tmx::{self, Attrs, Element, Header, Meta, Node, Note, Prop, Tmx, Tu, Tuv};
use proptest::prelude::*;

/// Strings rich in what breaks XML writers: controls, `]]>`, `&`, `<`, quotes, CR/LF, tabs,
/// U+FFFD (from lossy decoding), U+FFFE/U+FFFF, astral characters, Chinese.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        Just("]]>".to_string()),
        Just("&".to_string()),
        Just("&amp;".to_string()),
        Just("<".to_string()),
        Just("\"'".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\t".to_string()),
        Just("  ".to_string()),
        Just("\u{FFFD}".to_string()),
        Just("\u{FFFE}\u{FFFF}".to_string()),
        Just("\u{0}\u{1}\u{1B}\u{7F}\u{85}".to_string()),
        Just("😀".to_string()),
        Just("超級智能".to_string()),
        "[a-zA-Z .,]{1,6}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

fn attrs() -> impl Strategy<Value = Attrs> {
    let name = prop_oneof![Just("xml:lang".to_string()), Just("type".to_string()), "[a-z][a-z0-9-]{0,6}"];
    prop::collection::vec((name, nasty()), 0..3).prop_map(|v| {
        let mut a = Attrs::default();
        for (k, val) in v {
            if a.get(&k).is_none() {
                a.0.push((k, val));
            }
        }
        a
    })
}

fn inline() -> impl Strategy<Value = Node> {
    let leaf = nasty().prop_map(Node::Text);
    leaf.prop_recursive(3, 16, 4, |inner| {
        (
            prop_oneof![
                Just("bpt"),
                Just("ept"),
                Just("ph"),
                Just("it"),
                Just("hi"),
                Just("sub"),
                Just("ut")
            ],
            attrs(),
            prop::collection::vec(inner, 0..4),
        )
            .prop_map(|(name, attrs, children)| Node::Element(Element { name: name.into(), attrs, children }))
    })
}

fn meta() -> impl Strategy<Value = Meta> {
    prop_oneof![
        (attrs(), nasty()).prop_map(|(attrs, text)| Meta::Note(Note { attrs, text })),
        (attrs(), nasty()).prop_map(|(attrs, value)| Meta::Prop(Prop { attrs, value })),
        (attrs(), prop::collection::vec(inline(), 0..3)).prop_map(|(attrs, children)| Meta::Other(Element {
            name: "ude".into(),
            attrs,
            children
        })),
    ]
}

fn tuv() -> impl Strategy<Value = Tuv> {
    (attrs(), prop::collection::vec(meta(), 0..2), prop::collection::vec(inline(), 0..5))
        .prop_map(|(attrs, meta, seg)| Tuv { attrs, meta, seg })
}

fn tu() -> impl Strategy<Value = Tu> {
    (attrs(), prop::collection::vec(meta(), 0..3), prop::collection::vec(tuv(), 0..3))
        .prop_map(|(attrs, meta, tuvs)| Tu { attrs, meta, tuvs, line: None })
}

fn tmx_doc() -> impl Strategy<Value = Tmx> {
    (attrs(), attrs(), prop::collection::vec(meta(), 0..3), prop::collection::vec(tu(), 0..4)).prop_map(
        |(mut root, header_attrs, header_meta, tus)| {
            root.0.insert(0, ("version".into(), "1.4".into()));
            root.0.dedup_by(|a, b| a.0 == b.0);
            Tmx { attrs: root, header: Header { attrs: header_attrs, meta: header_meta }, tus }
        },
    )
}

fn write(t: &Tmx) -> Vec<u8> {
    let mut out = Vec::new();
    tmx::write(t, &mut out).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn write_read_write_is_byte_identical(t in tmx_doc()) {
        let first = write(&t);
        let back = tmx::read_bytes(&first, Path::new("p.tmx"))
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&first))))?;
        let second = write(&back);
        prop_assert_eq!(String::from_utf8(first).unwrap(), String::from_utf8(second).unwrap());
    }

    #[test]
    fn any_string_yields_well_formed_xml(s in nasty(), a in nasty()) {
        let mut t = Tmx::new("zh-TW");
        let mut tu = Tu::pair("zh-TW", &s, "en-US", &s);
        tu.meta.push(Meta::Note(Note::new(s.clone())));
        tu.meta.push(Meta::Prop(Prop::new("x-anchor", s.clone())));
        tu.attrs.set("x-attr", a.clone());
        t.tus.push(tu);
        let mut out = Vec::new();
        let dropped = tmx::write(&t, &mut out).unwrap();
        let xml = String::from_utf8(out.clone()).expect("UTF-8");
        prop_assert!(xml.chars().all(is_xml_char), "a character XML 1.0 forbids: {:?}", xml);
        prop_assert!(!xml[xml.find("<body>").unwrap()..].contains("]]>"));
        let legal: String = s.chars().filter(|c| is_xml_char(*c)).collect();
        let legal_a: String = a.chars().filter(|c| is_xml_char(*c)).collect();
        let illegal = s.chars().count() - legal.chars().count();
        let illegal_a = a.chars().count() - legal_a.chars().count();
        prop_assert_eq!(dropped, 4 * illegal + illegal_a);
        let back = tmx::read_bytes(&out, Path::new("p.tmx")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let tu = &back.tus[0];
        prop_assert_eq!(tu.tuvs[0].text(), legal.clone());
        prop_assert_eq!(&tu.notes().next().unwrap().text, &legal);
        prop_assert_eq!(tu.prop("x-anchor").unwrap(), legal.as_str());
        prop_assert_eq!(tu.attrs.get("x-attr").unwrap(), legal_a.as_str());
        prop_assert!(tmx::validate_bytes(&out, Path::new("p.tmx")).iter().all(|f| !f.message.contains("well-formed")));
    }

    #[test]
    fn reading_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = tmx::read_bytes(&bytes, Path::new("p.tmx"));
        let _ = tmx::validate_bytes(&bytes, Path::new("p.tmx"));
    }

    #[test]
    fn reading_mangled_tmx_never_panics(cut in 0usize..2000, junk in nasty()) {
        let mut t = Tmx::new("zh-TW");
        t.tus.push(Tu::pair("zh-TW", "按這裡。", "en-US", "Click here."));
        let mut doc = String::from_utf8(write(&t)).unwrap();
        let at = (cut % (doc.len() + 1)..=doc.len()).find(|i| doc.is_char_boundary(*i)).unwrap();
        doc.insert_str(at, &junk);
        let _ = tmx::read_bytes(doc.as_bytes(), Path::new("p.tmx"));
        let _ = tmx::validate_bytes(doc.as_bytes(), Path::new("p.tmx"));
    }
}

/// What the writer promises to keep of a model: every string minus the characters XML 1.0 cannot
/// carry, adjacent text runs joined, empty runs gone. Computed from the input model alone.
fn kept(t: &Tmx) -> Tmx {
    fn s(x: &str) -> String {
        x.chars().filter(|c| is_xml_char(*c)).collect()
    }
    fn a(x: &Attrs) -> Attrs {
        Attrs(x.0.iter().map(|(k, v)| (k.clone(), s(v))).collect())
    }
    fn nodes(ns: &[Node]) -> Vec<Node> {
        let mut out: Vec<Node> = Vec::new();
        for n in ns {
            match n {
                Node::Text(t) => {
                    let t = s(t);
                    match out.last_mut() {
                        _ if t.is_empty() => {}
                        Some(Node::Text(prev)) => prev.push_str(&t),
                        _ => out.push(Node::Text(t)),
                    }
                }
                Node::Element(e) => out.push(Node::Element(el(e))),
            }
        }
        out
    }
    fn el(e: &Element) -> Element {
        Element { name: e.name.clone(), attrs: a(&e.attrs), children: nodes(&e.children) }
    }
    fn meta(m: &[Meta]) -> Vec<Meta> {
        m.iter()
            .map(|m| match m {
                Meta::Note(n) => Meta::Note(Note { attrs: a(&n.attrs), text: s(&n.text) }),
                Meta::Prop(p) => Meta::Prop(Prop { attrs: a(&p.attrs), value: s(&p.value) }),
                Meta::Other(e) => Meta::Other(el(e)),
            })
            .collect()
    }
    Tmx {
        attrs: a(&t.attrs),
        header: Header { attrs: a(&t.header.attrs), meta: meta(&t.header.meta) },
        tus: t
            .tus
            .iter()
            .map(|tu| Tu {
                attrs: a(&tu.attrs),
                meta: meta(&tu.meta),
                tuvs: tu
                    .tuvs
                    .iter()
                    .map(|v| Tuv { attrs: a(&v.attrs), meta: meta(&v.meta), seg: nodes(&v.seg) })
                    .collect(),
                line: None,
            })
            .collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The streaming reader gives back the model that was written, unit by unit (compared with the
    /// input model, not with a second write).
    #[test]
    fn streaming_reader_gives_back_the_written_model(t in tmx_doc()) {
        let bytes = write(&t);
        let want = kept(&t);
        let mut r = tmx::TmxReader::from_read(Box::new(&bytes[..]), Path::new("p.tmx"))
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&bytes))))?;
        prop_assert_eq!(r.attrs(), &want.attrs);
        prop_assert_eq!(r.header(), &want.header);
        let mut got = Vec::new();
        for tu in &mut r {
            let mut tu = tu.map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(tu.line.is_some());
            tu.line = None;
            got.push(tu);
        }
        prop_assert_eq!(got, want.tus.clone());
        // The whole-file reader is the streaming one collected.
        let mut whole = tmx::read_bytes(&bytes, Path::new("p.tmx")).map_err(|e| TestCaseError::fail(e.to_string()))?;
        whole.tus.iter_mut().for_each(|tu| tu.line = None);
        prop_assert_eq!(whole, want);
    }
}

/// Hands out 1 to 7 bytes per read, so every character, control and reference can fall across
/// a read boundary (the same reader as fuzz/fuzz_targets/tmx_stream.rs).
struct Trickle<'a> {
    data: &'a [u8],
    pos: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.data[self.pos..];
        let n = (1 + rest.first().map_or(0, |b| (*b % 7) as usize)).min(rest.len()).min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.pos += n;
        Ok(n)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Read in tiny pieces or whole, a document gives the same units or the same error (line and
    /// column included), whatever junk was inserted where.
    #[test]
    fn tiny_reads_give_what_a_whole_read_gives(t in tmx_doc(), cut in 0usize..4000, junk in nasty()) {
        let mut doc = String::from_utf8(write(&t)).unwrap();
        let at = (cut % (doc.len() + 1)..=doc.len()).find(|i| doc.is_char_boundary(*i)).unwrap();
        doc.insert_str(at, &junk);
        let data = doc.as_bytes();
        let whole = tmx::read_bytes(data, Path::new("p.tmx"));
        let streamed = tmx::TmxReader::from_read(Box::new(Trickle { data, pos: 0 }), Path::new("p.tmx"))
            .and_then(|r| r.into_tmx());
        match (whole, streamed) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
            (a, b) => prop_assert!(false, "{:?} / {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }
}
