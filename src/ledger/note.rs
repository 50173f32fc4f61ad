//! C2SP signed notes with Ed25519 keys (the format of Go's `sumdb/note`, used by
//! transparency-log checkpoints and witnesses).
//!
//! - signer key: `PRIVATE+KEY+<name>+<hash>+<base64(0x01 ‖ seed)>`
//! - verifier key: `<name>+<hash>+<base64(0x01 ‖ public key)>`
//! - key hash: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)
//! - signed note: the text (ending in a newline), an empty line, then one line per
//!   signature: `— <name> <base64(key hash ‖ signature)>`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer as _, SigningKey, Verifier as _, VerifyingKey};
use sha2::{Digest, Sha256};

const ALG_ED25519: u8 = 1;
const SIG_PREFIX: &str = "\u{2014} ";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed key")]
    MalformedKey,
    #[error("invalid key name")]
    InvalidName,
    #[error("the key hash does not match the key")]
    KeyHashMismatch,
    #[error("unsupported signature algorithm")]
    UnsupportedAlgorithm,
    #[error(
        "the note text must be non-empty, end with a newline and contain no empty signature section"
    )]
    MalformedText,
    #[error("malformed signed note")]
    MalformedNote,
    #[error("no valid signature by the expected key")]
    NoValidSignature,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains('+')
        && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn key_hash(name: &str, public: &[u8; 32]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ALG_ED25519]);
    h.update(public);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// A key that signs notes.
pub struct NoteSigner {
    name: String,
    hash: u32,
    key: SigningKey,
}

impl NoteSigner {
    /// A new signer from a 32-byte seed (generate it from the OS random source).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<NoteSigner, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        let key = SigningKey::from_bytes(seed);
        let hash = key_hash(name, key.verifying_key().as_bytes());
        Ok(NoteSigner {
            name: name.to_string(),
            hash,
            key,
        })
    }

    /// Parses `PRIVATE+KEY+<name>+<hash>+<key>`.
    pub fn parse(text: &str) -> Result<NoteSigner, NoteError> {
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or(NoteError::MalformedKey)?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(hash), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::MalformedKey);
        };
        let hash = u32::from_str_radix(hash, 16).map_err(|_| NoteError::MalformedKey)?;
        let bytes = B64.decode(key).map_err(|_| NoteError::MalformedKey)?;
        let (alg, seed) = bytes.split_first().ok_or(NoteError::MalformedKey)?;
        if *alg != ALG_ED25519 {
            return Err(NoteError::UnsupportedAlgorithm);
        }
        let seed: [u8; 32] = seed.try_into().map_err(|_| NoteError::MalformedKey)?;
        let signer = NoteSigner::from_seed(name, &seed)?;
        if signer.hash != hash {
            return Err(NoteError::KeyHashMismatch);
        }
        Ok(signer)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The signer key in its text form (secret: keep it private).
    pub fn to_text(&self) -> String {
        let mut bytes = vec![ALG_ED25519];
        bytes.extend_from_slice(self.key.as_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.hash,
            B64.encode(bytes)
        )
    }

    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            hash: self.hash,
            key: self.key.verifying_key(),
        }
    }

    /// Signs `text` (which must end with a newline) and returns the signed note.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        check_text(text)?;
        let sig = self.key.sign(text.as_bytes());
        let mut blob = self.hash.to_be_bytes().to_vec();
        blob.extend_from_slice(&sig.to_bytes());
        Ok(format!(
            "{text}\n{SIG_PREFIX}{} {}\n",
            self.name,
            B64.encode(blob)
        ))
    }
}

fn check_text(text: &str) -> Result<(), NoteError> {
    if text.is_empty()
        || !text.ends_with('\n')
        || text.contains("\n\n")
        || text.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(NoteError::MalformedText);
    }
    Ok(())
}

/// A key that verifies notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    hash: u32,
    key: VerifyingKey,
}

impl NoteVerifier {
    /// Parses `<name>+<hash>+<key>`.
    pub fn parse(text: &str) -> Result<NoteVerifier, NoteError> {
        let mut parts = text.trim().splitn(3, '+');
        let (Some(name), Some(hash), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::MalformedKey);
        };
        if !valid_name(name) {
            return Err(NoteError::InvalidName);
        }
        let hash = u32::from_str_radix(hash, 16).map_err(|_| NoteError::MalformedKey)?;
        let bytes = B64.decode(key).map_err(|_| NoteError::MalformedKey)?;
        let (alg, public) = bytes.split_first().ok_or(NoteError::MalformedKey)?;
        if *alg != ALG_ED25519 {
            return Err(NoteError::UnsupportedAlgorithm);
        }
        let public: [u8; 32] = public.try_into().map_err(|_| NoteError::MalformedKey)?;
        if key_hash(name, &public) != hash {
            return Err(NoteError::KeyHashMismatch);
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| NoteError::MalformedKey)?;
        Ok(NoteVerifier {
            name: name.to_string(),
            hash,
            key,
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn to_text(&self) -> String {
        let mut bytes = vec![ALG_ED25519];
        bytes.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.hash, B64.encode(bytes))
    }

    /// Verifies a signed note and returns its text. Signatures by other keys are
    /// ignored; at least one valid signature by this key is required.
    pub fn open<'a>(&self, signed: &'a str) -> Result<&'a str, NoteError> {
        let split = signed.rfind("\n\n").ok_or(NoteError::MalformedNote)?;
        let text = &signed[..split + 1];
        let sigs = &signed[split + 2..];
        check_text(text).map_err(|_| NoteError::MalformedNote)?;
        if sigs.is_empty() || !sigs.ends_with('\n') {
            return Err(NoteError::MalformedNote);
        }
        let mut ok = false;
        for line in sigs.lines() {
            let rest = line
                .strip_prefix(SIG_PREFIX)
                .ok_or(NoteError::MalformedNote)?;
            let (name, blob) = rest.split_once(' ').ok_or(NoteError::MalformedNote)?;
            let blob = B64.decode(blob).map_err(|_| NoteError::MalformedNote)?;
            if blob.len() < 5 {
                return Err(NoteError::MalformedNote);
            }
            let hash = u32::from_be_bytes([blob[0], blob[1], blob[2], blob[3]]);
            if name != self.name || hash != self.hash {
                continue;
            }
            let sig = ed25519_dalek::Signature::from_slice(&blob[4..])
                .map_err(|_| NoteError::NoValidSignature)?;
            if self.key.verify(text.as_bytes(), &sig).is_err() {
                return Err(NoteError::NoValidSignature);
            }
            ok = true;
        }
        if ok {
            Ok(text)
        } else {
            Err(NoteError::NoValidSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_open_round_trip_and_tampering_fails() {
        let s = NoteSigner::from_seed("city.example/ledger", &[9; 32]).unwrap();
        let v = NoteVerifier::parse(&s.verifier().to_text()).unwrap();
        assert_eq!(
            NoteSigner::parse(&s.to_text()).unwrap().to_text(),
            s.to_text()
        );
        let note = s.sign("city.example/ledger\n3\nAAAA\n").unwrap();
        assert_eq!(v.open(&note).unwrap(), "city.example/ledger\n3\nAAAA\n");
        let tampered = note.replacen("\n3\n", "\n4\n", 1);
        assert_eq!(v.open(&tampered), Err(NoteError::NoValidSignature));
        let other = NoteSigner::from_seed("city.example/ledger", &[8; 32]).unwrap();
        assert_eq!(
            other.verifier().open(&note),
            Err(NoteError::NoValidSignature)
        );
        assert!(s.sign("no newline").is_err());
        assert!(s.sign("two\n\nparagraphs\n").is_err());
    }
}
