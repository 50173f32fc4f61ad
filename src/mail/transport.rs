//! Where mail goes: an SMTP server (lettre; STARTTLS or TLS as the URL says) or, by
//! default, `.eml` files in the data dir's `outbox/` folder.

use std::path::PathBuf;

use lettre::message::{Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport as _};

use super::Email;

pub enum Transport {
    Smtp {
        transport: SmtpTransport,
        from: Mailbox,
    },
    Files {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Transport {
    /// `smtp_url` follows lettre: `smtp://user:pass@host:587?tls=required` for
    /// STARTTLS, `smtps://host:465` for TLS, `smtp://host:25` for plain (local relays).
    pub fn new(
        smtp_url: Option<&str>,
        outbox_dir: PathBuf,
        from: &str,
    ) -> Result<Transport, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("sender address: {e}"))?;
        match smtp_url {
            Some(url) => {
                let transport = SmtpTransport::from_url(url)
                    .map_err(|e| format!("SMTP URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build();
                Ok(Transport::Smtp { transport, from })
            }
            None => {
                crate::util::create_private_dir(&outbox_dir)
                    .map_err(|e| format!("cannot create {}: {e}", outbox_dir.display()))?;
                Ok(Transport::Files {
                    dir: outbox_dir,
                    from,
                })
            }
        }
    }

    pub fn message(&self, email: &Email) -> Result<Message, String> {
        let from = match self {
            Transport::Smtp { from, .. } | Transport::Files { from, .. } => from.clone(),
        };
        let to: Mailbox = email.to.parse().map_err(|e| format!("recipient: {e}"))?;
        Message::builder()
            .from(from)
            .to(to)
            .subject(email.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| format!("cannot build message: {e}"))
    }

    pub fn send(&self, email: &Email) -> Result<(), String> {
        let message = self.message(email)?;
        match self {
            Transport::Smtp { transport, .. } => transport
                .send(&message)
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}")),
            Transport::Files { dir, .. } => {
                let name = format!(
                    "{}-{}.eml",
                    chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ"),
                    &crate::util::random_token()[..12]
                );
                let tmp = dir.join(format!(".{name}.tmp"));
                // Messages hold reset and sign-in links: readable by the owner only.
                crate::util::write_private_file(&tmp, &message.formatted())
                    .and_then(|_| std::fs::rename(&tmp, dir.join(&name)))
                    .map_err(|e| format!("cannot write {}: {e}", dir.display()))
            }
        }
    }
}
