//! A TMX writer that fails midway leaves no file at the destination and an old file intact.

use std::io::{self, Write};
use std::path::Path;

use hanalign::tmx::{self, Tmx, Tu};
use hanalign::{Error, ErrorKind};

/// A writer that accepts `left` bytes, then fails like a full disk.
struct FailAfter<'a> {
    inner: &'a mut dyn Write,
    left: usize,
}

impl Write for FailAfter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::new(io::ErrorKind::StorageFull, "no space left on device"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        self.inner.write(&buf[..n])
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn memory(n: usize) -> Tmx {
    let mut t = Tmx::new("zh-TW");
    for i in 0..n {
        t.tus.push(Tu::pair("zh-TW", &format!("第{i}句。"), "en-US", &format!("Sentence {i}.")));
    }
    t
}

fn stray_temp_files(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".hanalign-"))
        .collect()
}

fn fail_midway(dest: &Path) -> hanalign::Result<usize> {
    // BufWriter inside atomic::write flushes in 8 KiB blocks; a 2,000-unit memory is far larger.
    hanalign::atomic::write(dest, |w| {
        let mut failing = FailAfter { inner: w, left: 20_000 };
        tmx::write(&memory(2000), &mut failing).map_err(|e| Error::io(dest, e))
    })
}

#[test]
fn failing_midway_leaves_no_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("out.tmx");
    let err = fail_midway(&dest).unwrap_err();
    assert!(err.to_string().contains("no space left"), "{err}");
    assert!(!dest.exists(), "a partial TMX was left at the destination");
    assert_eq!(stray_temp_files(tmp.path()), Vec::<String>::new());
}

#[test]
fn failing_midway_keeps_the_old_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("out.tmx");
    tmx::write_file(&memory(3), &dest).unwrap();
    let old = std::fs::read(&dest).unwrap();
    assert!(fail_midway(&dest).is_err());
    assert_eq!(std::fs::read(&dest).unwrap(), old, "the old file was touched");
    assert_eq!(stray_temp_files(tmp.path()), Vec::<String>::new());
    // And a successful write does replace it.
    tmx::write_file(&memory(5), &dest).unwrap();
    assert_eq!(tmx::read_file(&dest).unwrap().tus.len(), 5);
}

#[test]
fn a_rename_that_fails_leaves_the_destination_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("out.tmx");
    std::fs::create_dir(&dest).unwrap();
    std::fs::write(dest.join("inside"), "old").unwrap();
    let err = tmx::write_file(&memory(3), &dest).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Output { path, .. } if *path == dest), "{err}");
    assert_eq!(std::fs::read_to_string(dest.join("inside")).unwrap(), "old");
    assert_eq!(stray_temp_files(tmp.path()), Vec::<String>::new());
}

#[test]
fn a_missing_folder_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join("no/such/dir/out.tmx");
    let err = tmx::write_file(&memory(1), &dest).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Output { path, .. } if *path == dest), "{err}");
}
