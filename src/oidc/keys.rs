//! Pactum's own key for `private_key_jwt` and signed request objects: an RSA key of at
//! least 2048 bits (RS256) or an EC P-256 key (ES256), read from PEM. Its public half,
//! with the RFC 7638 thumbprint as `kid`, is what `/oidc/jwks.json` publishes.

use jsonwebtoken::jwk::{Jwk, PublicKeyUse, ThumbprintHash};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde::Serialize;

#[derive(Clone)]
pub struct ClientKey {
    key: EncodingKey,
    alg: Algorithm,
    public: Jwk,
}

impl std::fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ClientKey({:?}, {})", self.alg, self.kid())
    }
}

impl ClientKey {
    /// Reads a PEM private key (PKCS#8, or PKCS#1 for RSA). The message of an error
    /// says what was wrong, never the key.
    pub fn from_pem(pem: &str) -> Result<ClientKey, String> {
        let (key, alg) = match EncodingKey::from_rsa_pem(pem.as_bytes()) {
            Ok(k) => (k, Algorithm::RS256),
            Err(_) => match EncodingKey::from_ec_pem(pem.as_bytes()) {
                Ok(k) => (k, Algorithm::ES256),
                Err(_) => {
                    return Err(
                        "not a PEM private key: an RSA key (RS256) or an EC P-256 key (ES256) is needed"
                            .into(),
                    );
                }
            },
        };
        let mut public = Jwk::from_encoding_key(&key, alg)
            .map_err(|e| format!("cannot derive the public key ({e})"))?;
        if let jsonwebtoken::jwk::AlgorithmParameters::RSA(rsa) = &public.algorithm {
            let bits = base64_len(&rsa.n) * 8;
            if bits < 2048 {
                return Err(format!(
                    "the RSA key has {bits} bits: at least 2048 are needed"
                ));
            }
        }
        if let jsonwebtoken::jwk::AlgorithmParameters::EllipticCurve(ec) = &public.algorithm
            && ec.curve != jsonwebtoken::jwk::EllipticCurve::P256
        {
            return Err("the EC key must be on P-256".into());
        }
        public.common.key_id = Some(public.thumbprint(ThumbprintHash::SHA256));
        public.common.public_key_use = Some(PublicKeyUse::Signature);
        // A signature over a test message proves the key is usable now, not at the
        // first sign-in.
        jsonwebtoken::encode(&Header::new(alg), &serde_json::json!({"probe": true}), &key)
            .map_err(|e| format!("the key cannot sign ({e})"))?;
        Ok(ClientKey { key, alg, public })
    }

    pub fn kid(&self) -> &str {
        self.public.common.key_id.as_deref().unwrap_or_default()
    }

    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The public key set for `/oidc/jwks.json`.
    pub fn jwks(&self) -> serde_json::Value {
        serde_json::json!({ "keys": [self.public] })
    }

    /// A compact JWS of `claims`, with `typ` when given and this key's `kid`.
    pub fn sign<T: Serialize>(&self, typ: Option<&str>, claims: &T) -> Result<String, String> {
        let mut header = Header::new(self.alg);
        header.typ = typ.map(str::to_string);
        header.kid = Some(self.kid().to_string());
        jsonwebtoken::encode(&header, claims, &self.key).map_err(|e| e.to_string())
    }
}

/// Bytes encoded by an unpadded base64url string.
fn base64_len(s: &str) -> usize {
    s.trim_end_matches('=').len() * 3 / 4
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test keys generated for these tests only (openssl genpkey).
    pub const RSA_PEM: &str = include_str!("../../tests/data/oidc/client-rsa.pem");
    pub const EC_PEM: &str = include_str!("../../tests/data/oidc/client-ec.pem");
    const SMALL_RSA_PEM: &str = include_str!("../../tests/data/oidc/client-rsa-1024.pem");

    #[test]
    fn an_rsa_key_signs_rs256_and_publishes_only_its_public_half() {
        let k = ClientKey::from_pem(RSA_PEM).unwrap();
        assert_eq!(k.alg(), Algorithm::RS256);
        let jwks = k.jwks();
        let key = &jwks["keys"][0];
        assert_eq!(key["kty"], "RSA");
        assert_eq!(key["use"], "sig");
        assert_eq!(key["kid"], k.kid());
        assert!(
            key.get("d").is_none() && key.get("p").is_none(),
            "no private part"
        );
        let jwt = k.sign(Some("JWT"), &serde_json::json!({"a": 1})).unwrap();
        let header = jsonwebtoken::decode_header(&jwt).unwrap();
        assert_eq!(header.kid.as_deref(), Some(k.kid()));
        let jwk: Jwk = serde_json::from_value(key.clone()).unwrap();
        let dk = jsonwebtoken::DecodingKey::from_jwk(&jwk).unwrap();
        let mut v = jsonwebtoken::Validation::new(Algorithm::RS256);
        v.required_spec_claims.clear();
        v.validate_exp = false;
        jsonwebtoken::decode::<serde_json::Value>(&jwt, &dk, &v).unwrap();
    }

    #[test]
    fn an_ec_key_signs_es256() {
        let k = ClientKey::from_pem(EC_PEM).unwrap();
        assert_eq!(k.alg(), Algorithm::ES256);
        assert_eq!(k.jwks()["keys"][0]["crv"], "P-256");
        // The RFC 7638 thumbprint is 43 base64url characters (SHA-256).
        assert_eq!(k.kid().len(), 43);
    }

    #[test]
    fn weak_or_unreadable_keys_are_refused() {
        assert!(
            ClientKey::from_pem(SMALL_RSA_PEM)
                .unwrap_err()
                .contains("1024 bits")
        );
        assert!(
            ClientKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                .is_err()
        );
    }
}
