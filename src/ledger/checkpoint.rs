//! C2SP tlog-checkpoint notes (`<origin>\n<size>\n<base64 root>\n`), the signing
//! key's storage, and the job that signs new checkpoints.
//!
//! Rule: a checkpoint is signed only if the stored tree still reproduces the previous
//! checkpoint's root and a consistency proof between the two verifies, so the log
//! never signs a history that contradicts what it signed before.

use std::path::Path;

use super::hash::{Hash, from_base64, to_base64};
use super::note::{NoteError, NoteSigner, NoteVerifier};
use super::store::{self, Checkpoint};
use super::verify::verify_consistency;
use crate::db::AnyConnection;
use crate::error::AppError;

/// The text of a checkpoint (before signing).
pub fn text(origin: &str, size: u64, root: &Hash) -> String {
    format!("{origin}\n{size}\n{}\n", to_base64(root))
}

/// A checkpoint read back from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCheckpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

pub fn parse(text: &str) -> Option<ParsedCheckpoint> {
    let mut lines = text.split('\n');
    let origin = lines.next().filter(|o| !o.is_empty())?;
    let size = lines.next()?;
    if size.is_empty()
        || (size.len() > 1 && size.starts_with('0'))
        || !size.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let root = from_base64(lines.next()?)?;
    Some(ParsedCheckpoint {
        origin: origin.to_string(),
        size: size.parse().ok()?,
        root,
    })
}

/// Opens a signed checkpoint with the log's key and parses it.
pub fn open(verifier: &NoteVerifier, signed: &str) -> Result<ParsedCheckpoint, NoteError> {
    let text = verifier.open(signed)?;
    let c = parse(text).ok_or(NoteError::MalformedNote)?;
    if c.origin != verifier.name() {
        return Err(NoteError::MalformedNote);
    }
    Ok(c)
}

/// The log's name for a site: its host (and port, and path), then `/ledger`.
pub fn default_origin(base_url: &url::Url) -> String {
    let host = base_url.host_str().unwrap_or("localhost");
    let port = base_url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = base_url.path().trim_matches('/');
    let path = if path.is_empty() {
        String::new()
    } else {
        format!("/{path}")
    };
    format!("{host}{port}{path}/ledger")
}

/// The signing key: `configured` (the text of `PACTUM_LEDGER_KEY`) or the key in
/// `<data dir>/ledger.key`, created (mode 0600) on first start.
pub fn load_or_create_key(
    data_dir: &Path,
    configured: Option<&str>,
    origin: &str,
) -> Result<NoteSigner, String> {
    if let Some(text) = configured {
        return NoteSigner::parse(text).map_err(|e| format!("PACTUM_LEDGER_KEY: {e}"));
    }
    let path = data_dir.join("ledger.key");
    if !path.exists() {
        let signer = NoteSigner::from_seed(origin, &crate::util::random_bytes::<32>())
            .map_err(|e| format!("ledger key: {e}"))?;
        let text = format!("{}\n", signer.to_text());
        if crate::util::create_private_file_once(&path, text.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?
        {
            return Ok(signer);
        }
        // Another instance sharing the data dir created it first: sign with that one.
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    NoteSigner::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Refuses a signer that did not sign the log's latest checkpoint: instances of one
/// city must share one ledger key, or each would sign its own view of the log and no
/// auditor could follow it.
pub fn check_signer(conn: &mut AnyConnection, signer: &NoteSigner) -> Result<(), String> {
    let latest = store::latest_checkpoint(conn).map_err(|e| e.to_string())?;
    match latest {
        Some(c) if signer.verifier().open(&c.note).is_err() => Err(format!(
            "the ledger key ({}) did not sign the log's latest checkpoint (size {}): \
             every instance must use the same key (a shared data dir, or the same \
             PACTUM_LEDGER_KEY)",
            signer.verifier().to_text(),
            c.size
        )),
        _ => Ok(()),
    }
}

/// Signs a checkpoint for the current size if it is new; returns it.
pub fn sign_pending(
    conn: &mut AnyConnection,
    signer: &NoteSigner,
) -> Result<Option<Checkpoint>, AppError> {
    let size = store::size(conn)?;
    let last = store::latest_checkpoint(conn)?;
    if last.as_ref().is_some_and(|c| c.size == size) {
        return Ok(None);
    }
    let root = store::root_at(conn, size)?;
    // The new entries' bodies, leaf hashes and stored level-0 hashes must agree.
    let from = last.as_ref().map_or(0, |c| c.size.min(size));
    let mut at = from;
    while at < size {
        let to = (at + 1000).min(size);
        let stored_leaves = store::hashes(conn, 0, at, to)?;
        let entries = store::entries(conn, at, to)?;
        if entries.len() != stored_leaves.len() || entries.len() as u64 != to - at {
            return Err(AppError::internal(format!(
                "ledger: entries {at}..{to} are incomplete; refusing to sign"
            )));
        }
        for (e, h) in entries.iter().zip(&stored_leaves) {
            if super::hash::leaf_hash(e.body.as_bytes()) != *h || e.leaf_hash != *h {
                return Err(AppError::internal(format!(
                    "ledger: entry {} does not match its stored hash; refusing to sign",
                    e.index
                )));
            }
        }
        at = to;
    }
    if let Some(prev) = &last {
        if prev.size > size {
            return Err(AppError::internal(format!(
                "ledger: the log shrank from {} to {size} entries; refusing to sign",
                prev.size
            )));
        }
        if store::root_at(conn, prev.size)? != prev.root {
            return Err(AppError::internal(format!(
                "ledger: the stored tree no longer matches checkpoint {}; refusing to sign",
                prev.size
            )));
        }
        let proof = store::consistency_proof(conn, prev.size, size)?
            .map_err(|e| AppError::internal(e.to_string()))?;
        verify_consistency(prev.size, size, &prev.root, &root, &proof).map_err(|e| {
            AppError::internal(format!(
                "ledger: inconsistent with checkpoint {}: {e}; refusing to sign",
                prev.size
            ))
        })?;
    }
    let note = signer
        .sign(&text(signer.name(), size, &root))
        .map_err(|e| AppError::internal(format!("ledger: cannot sign: {e}")))?;
    let c = Checkpoint { size, root, note };
    if store::save_checkpoint(conn, &c)? {
        Ok(Some(c))
    } else {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoint_text_round_trips() {
        let root = [7u8; 32];
        let t = text("city.example/ledger", 42, &root);
        assert_eq!(
            t,
            format!("city.example/ledger\n42\n{}\n", to_base64(&root))
        );
        assert_eq!(
            parse(&t),
            Some(ParsedCheckpoint {
                origin: "city.example/ledger".into(),
                size: 42,
                root
            })
        );
        assert_eq!(parse("o\n042\nAAAA\n"), None);
        assert_eq!(parse("o\n-1\nAAAA\n"), None);
    }

    #[test]
    fn origins_come_from_the_base_url() {
        let u = |s: &str| url::Url::parse(s).unwrap();
        assert_eq!(
            default_origin(&u("https://commons.bologna.example/")),
            "commons.bologna.example/ledger"
        );
        assert_eq!(
            default_origin(&u("http://127.0.0.1:8080/")),
            "127.0.0.1:8080/ledger"
        );
        assert_eq!(
            default_origin(&u("https://city.example/pactum/")),
            "city.example/pactum/ledger"
        );
    }

    #[test]
    fn the_key_is_created_once_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let a = load_or_create_key(dir.path(), None, "x.example/ledger").unwrap();
        let b = load_or_create_key(dir.path(), None, "other.example/ledger").unwrap();
        assert_eq!(
            a.to_text(),
            b.to_text(),
            "the stored key (and its name) is kept"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("ledger.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(load_or_create_key(dir.path(), Some("nonsense"), "x").is_err());
    }
}
