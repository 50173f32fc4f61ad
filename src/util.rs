//! Small helpers with no better home: randomness, hex, hashing, private files.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The current time in UTC, as stored in the database (timestamps without zone).
pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Cryptographically random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // The OS random source failing is not recoverable; refuse to continue.
    if let Err(e) = getrandom::fill(&mut buf) {
        panic!("the operating system's random number source failed: {e}");
    }
    buf
}

/// A random URL-safe token with 256 bits of entropy.
pub fn random_token() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

pub fn hex_encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    s
}

pub fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex_encode(&Sha256::digest(data))
}

/// Creates a directory and any missing parents readable only by their owner (0700 on
/// Unix, whatever the umask), and tightens the directory to 0700 if it already exists.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path)?;
    restrict(path, 0o700)
}

/// Removes every permission for group and others from an existing file or directory
/// (Unix; a no-op elsewhere), leaving the owner's as they are within `mode`.
pub fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if current != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
    }
    Ok(())
}

/// Options to create a new file readable only by its owner (0600 on Unix).
pub fn private_file_options() -> std::fs::OpenOptions {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts
}

/// Writes a file readable only by its owner (0600 on Unix), failing if it exists.
pub fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut f = private_file_options().open(path)?;
    f.write_all(contents)?;
    f.sync_all()
}

/// Creates a file readable only by its owner with its whole contents at once, unless
/// it exists: false when another process (an instance starting at the same moment on a
/// shared data dir) created it first. Readers never see it half-written: the contents
/// go to a temporary file first, which is then hard-linked into place (a link never
/// replaces an existing file).
pub fn create_private_file_once(path: &Path, contents: &[u8]) -> std::io::Result<bool> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", hex_encode(&random_bytes::<8>())));
    write_private_file(&tmp, contents)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_created_once_keeps_the_first_contents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secret.key");
        let racers: Vec<_> = (0..8u8)
            .map(|i| {
                let path = path.clone();
                std::thread::spawn(move || create_private_file_once(&path, &[i; 64]).unwrap())
            })
            .collect();
        let created = racers
            .into_iter()
            .map(|t| t.join().unwrap())
            .filter(|c| *c)
            .count();
        assert_eq!(created, 1);
        let kept = std::fs::read(&path).unwrap();
        assert_eq!(kept.len(), 64);
        assert!(kept.iter().all(|b| *b == kept[0]));
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn hex_round_trips() {
        let data = [0u8, 1, 0xab, 0xff];
        assert_eq!(hex_encode(&data), "0001abff");
        assert_eq!(hex_decode("0001abff").unwrap(), data);
        assert_eq!(hex_decode("0g"), None);
        assert_eq!(hex_decode("abc"), None);
    }

    #[test]
    fn tokens_are_random_and_long() {
        let a = random_token();
        assert_eq!(a.len(), 43);
        assert_ne!(a, random_token());
    }

    #[test]
    fn sha256_matches_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
