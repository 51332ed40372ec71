//! Files only their owner may read, for a shared bastion: gantry creates its directories 0700 and
//! the audit trail and the log 0600 (as gh keeps its hosts file). It never changes the mode of
//! something that already exists (an operator may have chosen to share it with an auditor's
//! group), but says so when group or others have any access.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Mode of the directories gantry creates.
pub const DIR_MODE: u32 = 0o700;
/// Mode of the files gantry creates.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` and any missing parents 0700. Returns a warning when it already existed with
/// access for group or others.
pub fn ensure_dir(dir: &Path, what: &str) -> io::Result<Option<String>> {
    if dir.as_os_str().is_empty() {
        return Ok(None);
    }
    if dir.is_dir() {
        return Ok(loose(dir, what, DIR_MODE));
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)?;
    Ok(None)
}

/// Opens `path` to read and append, creating it 0600. Returns a warning when it already existed
/// with access for group or others.
pub fn open_append(path: &Path, what: &str) -> io::Result<(File, Option<String>)> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let file = options.open(path)?;
    Ok((file, loose(path, what, FILE_MODE)))
}

/// Creates the parent directory 0700 and opens the file 0600: every warning about either.
pub fn prepare_file(path: &Path, what: &str) -> io::Result<(File, Vec<String>)> {
    let mut warnings = Vec::new();
    if let Some(dir) = path.parent() {
        let dir_what = format!("directory of the {what}");
        warnings.extend(ensure_dir(dir, &dir_what)?);
    }
    let (file, warning) = open_append(path, what)?;
    warnings.extend(warning);
    Ok((file, warnings))
}

/// Warnings for an existing file and its directory, for readers that create nothing.
pub fn check_existing(path: &Path, what: &str) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Some(dir) = path.parent().filter(|d| d.is_dir()) {
        warnings.extend(loose(dir, &format!("directory of the {what}"), DIR_MODE));
    }
    if path.is_file() {
        warnings.extend(loose(path, what, FILE_MODE));
    }
    warnings
}

/// A warning when group or others have any access to `path`.
#[cfg(unix)]
fn loose(path: &Path, what: &str, want: u32) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "the {what} {} is open to other users (mode {mode:o}; gantry creates it {want:o}): \
             chmod {want:o} it unless that is intended",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn loose(_path: &Path, _what: &str, _want: u32) -> Option<String> {
    None
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn creates_private_dirs_and_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state/gantry/audit.jsonl");
        let (_file, warnings) = prepare_file(&path, "audit trail").unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&tmp.path().join("state/gantry")), 0o700);
        assert_eq!(mode(&tmp.path().join("state")), 0o700);
        assert!(check_existing(&path, "audit trail").is_empty());
    }

    #[test]
    fn loose_existing_modes_are_reported_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("shared");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        let path = dir.join("gantry.log");
        std::fs::write(&path, "").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

        let (_file, warnings) = prepare_file(&path, "log").unwrap();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("directory of the log") && warnings[0].contains("mode 755"));
        assert!(warnings[1].contains("gantry.log") && warnings[1].contains("mode 644"));
        assert_eq!(mode(&path), 0o644, "never silently changed");
        assert_eq!(mode(&dir), 0o755);
        assert_eq!(check_existing(&path, "log").len(), 2);
    }
}
