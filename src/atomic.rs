//! The one way hanalign writes a file: whole or not at all.
//!
//! [`AtomicFile::create`] opens a temporary file (`.hanalign-XXXXXX`) in the destination's folder;
//! [`AtomicFile::commit`] flushes it, syncs it to disk, gives it the mode of the file it replaces
//! (or the umask's default for a new file), renames it over the destination and syncs the folder.
//! Until then the destination is untouched; dropping an uncommitted file removes the temporary
//! file, and so does [`remove_temporaries`], which the CLI calls on Ctrl-C and SIGTERM.
//!
//! - A destination that is not a regular file (`/dev/null`, a named pipe) is written in place:
//!   renaming over it would replace it.
//! - A symbolic link is kept: the file it points to is replaced.
//! - A file with several hard links is rewritten in place once the new content is complete, so
//!   every name keeps seeing the file (the final copy is the only step that is not atomic).
//!
//! [`check_outputs`] refuses, before any work, an output that is also an input or another output
//! (same file by device and inode, or the same path once canonicalised), and [`backup`] keeps a
//! `.bak` without overwriting an earlier one.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result};

/// Temporary files being written now, removed by [`remove_temporaries`].
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn register(p: &Path) {
    if let Ok(mut v) = LIVE.lock() {
        v.push(p.to_path_buf());
    }
}

fn unregister(p: &Path) {
    if let Ok(mut v) = LIVE.lock()
        && let Some(i) = v.iter().position(|x| x == p)
    {
        v.swap_remove(i);
    }
}

/// Removes every temporary file still being written (for a signal handler: the process is about
/// to end, and no destination has been touched). Returns how many were removed.
pub fn remove_temporaries() -> usize {
    let Ok(mut v) = LIVE.lock() else { return 0 };
    let n = v.iter().filter(|p| fs::remove_file(p).is_ok()).count();
    v.clear();
    n
}

enum Sink {
    /// A temporary file beside the destination.
    Temp { file: BufWriter<File>, tmp: tempfile::TempPath },
    /// A device or pipe, written directly.
    InPlace { file: BufWriter<File> },
}

/// A file being written; see the module documentation.
pub struct AtomicFile {
    /// `None` once committed.
    sink: Option<Sink>,
    /// Where the content goes (a symbolic link's target).
    dest: PathBuf,
    /// The name the caller gave, for messages.
    name: PathBuf,
}

/// The folder a path lives in (`.` for a bare file name).
fn folder(p: &Path) -> &Path {
    p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

impl AtomicFile {
    /// Starts writing `path`. Fails with a clear message when its folder does not exist or it is a
    /// folder itself.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let name = path.to_path_buf();
        let mut dest = path.to_path_buf();
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            dest = fs::canonicalize(path).map_err(|e| {
                Error::io(path, io::Error::new(e.kind(), format!("symbolic link to a missing file: {e}")))
            })?;
        }
        match fs::metadata(&dest) {
            Ok(m) if m.is_dir() => {
                return Err(Error::output(path, "is a folder; give a file name"));
            }
            Ok(m) if !m.is_file() => {
                let file = fs::OpenOptions::new().write(true).open(&dest).map_err(|e| Error::io(path, e))?;
                return Ok(AtomicFile {
                    sink: Some(Sink::InPlace { file: BufWriter::new(file) }),
                    dest,
                    name,
                });
            }
            _ => {}
        }
        let dir = folder(&dest);
        match fs::metadata(dir) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(Error::output(
                    path,
                    format!("cannot write it: {} is not a folder", dir.display()),
                ));
            }
            Err(_) => {
                return Err(Error::output(
                    path,
                    format!("cannot write it: the folder {} does not exist (create it first)", dir.display()),
                ));
            }
        }
        let mut b = tempfile::Builder::new();
        b.prefix(".hanalign-");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Created as a new file would be: 0666 less the umask.
            b.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = b.tempfile_in(dir).map_err(|e| Error::io(path, io::Error::new(e.kind(), e.to_string())))?;
        let (file, tmp) = tmp.into_parts();
        register(&tmp);
        Ok(AtomicFile { sink: Some(Sink::Temp { file: BufWriter::new(file), tmp }), dest, name })
    }

    /// The name given to [`AtomicFile::create`].
    pub fn name(&self) -> &Path {
        &self.name
    }

    /// Puts the complete file in place (see the module documentation).
    pub fn commit(mut self) -> Result<()> {
        let (dest, name) = (self.dest.clone(), self.name.clone());
        let err = |e: io::Error| Error::io(&name, e);
        match self.sink.take() {
            None => Ok(()),
            Some(Sink::InPlace { mut file }) => file.flush().map_err(err),
            Some(Sink::Temp { file, tmp }) => {
                let result = (|| {
                    let file = file.into_inner().map_err(|e| e.into_error())?;
                    file.sync_all()?;
                    let old = fs::metadata(&dest).ok();
                    #[cfg(unix)]
                    if let Some(m) = &old {
                        use std::os::unix::fs::MetadataExt;
                        if m.nlink() > 1 {
                            // Keep the hard links: copy the finished content into the file itself.
                            let mut out = fs::OpenOptions::new().write(true).truncate(true).open(&dest)?;
                            io::copy(&mut File::open(&tmp)?, &mut out)?;
                            out.sync_all()?;
                            return Ok(false);
                        }
                        file.set_permissions(m.permissions())?;
                    }
                    drop(file);
                    fs::rename(&tmp, &dest)?;
                    if let Ok(d) = File::open(folder(&dest)) {
                        let _ = d.sync_all();
                    }
                    Ok(true)
                })();
                match result {
                    Ok(renamed) => {
                        unregister(&tmp);
                        if renamed {
                            // The temporary path is the destination now: do not delete it on drop.
                            let _ = tmp.keep();
                        }
                        Ok(())
                    }
                    Err(e) => {
                        unregister(&tmp);
                        Err(err(e))
                    }
                }
            }
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(Sink::Temp { tmp, .. }) = &self.sink {
            // The TempPath removes the file itself; forget it here.
            unregister(tmp);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Some(Sink::Temp { file, .. } | Sink::InPlace { file }) => file.write(buf),
            None => Err(io::Error::other("write after commit")),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Some(Sink::Temp { file, .. } | Sink::InPlace { file }) => file.flush(),
            None => Ok(()),
        }
    }
}

/// Runs `fill` on a new [`AtomicFile`] for `path` and commits it when `fill` succeeds; on any
/// error the destination is left as it was.
pub fn write<T>(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<T>) -> Result<T> {
    let mut f = AtomicFile::create(path)?;
    let value = fill(&mut f)?;
    f.commit()?;
    Ok(value)
}

/// Copies `path` to a backup beside it before it is replaced: `FILE.bak`, or when that exists
/// already `FILE.bak.1`, `FILE.bak.2`, … (an earlier backup is never overwritten). Returns the
/// backup's name.
pub fn backup(path: &Path) -> Result<PathBuf> {
    let base = {
        let mut s = path.as_os_str().to_owned();
        s.push(".bak");
        PathBuf::from(s)
    };
    let mut candidate = base.clone();
    let mut n = 0;
    while fs::symlink_metadata(&candidate).is_ok() {
        n += 1;
        let mut s = base.as_os_str().to_owned();
        s.push(format!(".{n}"));
        candidate = PathBuf::from(s);
    }
    let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
    write(&candidate, |w| w.write_all(&bytes).map_err(|e| Error::io(&candidate, e)))?;
    Ok(candidate)
}

/// One file's identity: device and inode where the platform has them, else the canonical path.
fn identity(p: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = p;
        None
    }
}

/// A path made absolute and canonical as far as it exists (the file itself may not exist yet).
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(dir), Some(name)) => {
            canonical(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }).join(name)
        }
        _ => p.to_path_buf(),
    }
}

fn is_stream(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// True when `a` and `b` name the same file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    if is_stream(a) || is_stream(b) {
        return false;
    }
    match (identity(a), identity(b)) {
        (Some(x), Some(y)) => x == y,
        _ => canonical(a) == canonical(b),
    }
}

/// Refuses, before any work starts, an output that would overwrite an input or another output.
/// `inputs` and `outputs` are `(what, path)` pairs, the `what` naming the role in the message
/// (`"the Chinese document"`, `"--report"`); `-` (standard input/output) and devices (`/dev/null`)
/// never clash. Linear in the number of paths (a batch checks thousands).
pub fn check_outputs(inputs: &[(&str, &Path)], outputs: &[(&str, &Path)]) -> Result<()> {
    use std::collections::HashMap;
    let special = |p: &Path| fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir());
    let mut by_id: HashMap<(u64, u64), (&str, &Path, bool)> = HashMap::new();
    let mut by_path: HashMap<PathBuf, (&str, &Path, bool)> = HashMap::new();
    for &(what, p) in inputs {
        if is_stream(p) {
            continue;
        }
        if let Some(id) = identity(p) {
            by_id.entry(id).or_insert((what, p, true));
        }
        by_path.entry(canonical(p)).or_insert((what, p, true));
    }
    for &(what, out) in outputs {
        if is_stream(out) || special(out) {
            continue;
        }
        let id = identity(out);
        let canon = canonical(out);
        let clash = id.and_then(|i| by_id.get(&i).copied()).or_else(|| by_path.get(&canon).copied());
        match clash {
            Some((in_what, input, true)) => {
                return Err(Error::output(
                    out,
                    format!(
                        "{what} would overwrite {in_what} ({}); choose another output name",
                        input.display()
                    ),
                ));
            }
            Some((other_what, other, false)) => {
                return Err(Error::output(
                    out,
                    format!(
                        "{what} and {other_what} ({}) are the same file; give them different names",
                        other.display()
                    ),
                ));
            }
            None => {}
        }
        if let Some(i) = id {
            by_id.insert(i, (what, out, false));
        }
        by_path.insert(canon, (what, out, false));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_destination_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        fs::write(&p, "old").unwrap();
        let r: Result<()> = write(&p, |w| {
            w.write_all(b"half").unwrap();
            Err(Error::usage("stop"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn files_being_written_are_registered_until_committed_or_dropped() {
        // (Removal itself is tested end to end, with a signal, in tests/integration/hostile_input.rs: calling
        // remove_temporaries here would remove the other tests' files too.)
        let dir = tempfile::tempdir().unwrap();
        let live = |f: &AtomicFile| match &f.sink {
            Some(Sink::Temp { tmp, .. }) => LIVE.lock().unwrap().iter().any(|p| p == &tmp.to_path_buf()),
            _ => false,
        };
        let mut f = AtomicFile::create(&dir.path().join("a.tmx")).unwrap();
        f.write_all(b"<tmx>").unwrap();
        assert!(live(&f));
        let tmp = match &f.sink {
            Some(Sink::Temp { tmp, .. }) => tmp.to_path_buf(),
            _ => unreachable!(),
        };
        f.commit().unwrap();
        assert!(!LIVE.lock().unwrap().contains(&tmp));
        let g = AtomicFile::create(&dir.path().join("b.tmx")).unwrap();
        assert!(live(&g));
        drop(g);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "only a.tmx");
    }

    #[cfg(unix)]
    #[test]
    fn mode_symlinks_and_hard_links_are_kept() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.tsv");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.tsv");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, |w| w.write_all(b"new").map_err(|e| Error::io(&link, e))).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o640);
        let hard = dir.path().join("hard.tsv");
        fs::hard_link(&real, &hard).unwrap();
        write(&real, |w| w.write_all(b"newer").map_err(|e| Error::io(&real, e))).unwrap();
        assert_eq!(fs::read_to_string(&hard).unwrap(), "newer");
        assert_eq!(fs::metadata(&real).unwrap().nlink(), 2);
        // A new file gets the umask's default, not the temporary file's 0600.
        let new = dir.path().join("new.tsv");
        write(&new, |w| w.write_all(b"x").map_err(|e| Error::io(&new, e))).unwrap();
        let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
        if let Some(mask) = status.lines().find_map(|l| l.strip_prefix("Umask:")) {
            let mask = u32::from_str_radix(mask.trim(), 8).unwrap();
            assert_eq!(fs::metadata(&new).unwrap().permissions().mode() & 0o777, 0o666 & !mask);
        }
    }

    #[test]
    fn a_missing_folder_is_named_not_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope").join("out.tmx");
        let e = AtomicFile::create(&p).err().unwrap().to_string();
        assert!(e.contains("the folder") && e.contains("does not exist"), "{e}");
        assert!(!e.contains(".hanalign-"), "{e}");
    }

    #[test]
    fn backups_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("g.tsv");
        fs::write(&p, "one").unwrap();
        let b1 = backup(&p).unwrap();
        fs::write(&p, "two").unwrap();
        let b2 = backup(&p).unwrap();
        assert_eq!(b1, dir.path().join("g.tsv.bak"));
        assert_eq!(b2, dir.path().join("g.tsv.bak.1"));
        assert_eq!(fs::read_to_string(b1).unwrap(), "one");
        assert_eq!(fs::read_to_string(b2).unwrap(), "two");
    }

    #[test]
    fn outputs_over_inputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let zh = dir.path().join("zh.txt");
        fs::write(&zh, "x").unwrap();
        let other_name = dir.path().join(".").join("zh.txt");
        let e = check_outputs(&[("the Chinese document", &zh)], &[("-o", &other_name)]).unwrap_err();
        assert!(e.to_string().contains("would overwrite the Chinese document"), "{e}");
        let out = dir.path().join("out.tsv");
        let e = check_outputs(&[], &[("-o", &out), ("--report", &dir.path().join("./out.tsv"))]).unwrap_err();
        assert!(e.to_string().contains("are the same file"), "{e}");
        assert!(check_outputs(&[("in", &zh)], &[("-o", &out), ("-", Path::new("-"))]).is_ok());
    }
}
