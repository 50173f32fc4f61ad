//! Reading a `multipart/form-data` form with one file: the file is kept up to a limit
//! (anything larger is drained without being held, and flagged), the other fields are
//! collected as an ordinary form.

use actix_multipart::Multipart;
use futures_util::StreamExt;

use crate::error::AppError;
use crate::web::forms::FormData;

/// The largest text field kept, in bytes.
const MAX_FIELD_BYTES: usize = 64 * 1024;

/// A multipart form as read.
pub struct Upload {
    /// The file's bytes (empty when none was sent, or when it was too large).
    pub bytes: Vec<u8>,
    /// The file name the browser sent (may be empty; never trusted for the type).
    pub filename: String,
    /// Whether the file or a field was larger than allowed.
    pub too_large: bool,
    /// The other fields.
    pub fields: FormData,
}

/// Reads a form whose file field is `file_field`, keeping at most `max_file` bytes of it.
pub async fn read(
    mut payload: Multipart,
    file_field: &str,
    max_file: usize,
) -> Result<Upload, AppError> {
    let bad = || AppError::BadRequest("error-bad-request-body");
    let mut out = Upload {
        bytes: Vec::new(),
        filename: String::new(),
        too_large: false,
        fields: FormData::default(),
    };
    let mut fields = url::form_urlencoded::Serializer::new(String::new());
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|_| bad())?;
        let name = field.name().unwrap_or("").to_string();
        let is_file = name == file_field;
        if is_file {
            out.filename = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .unwrap_or("")
                .to_string();
        }
        let limit = if is_file { max_file } else { MAX_FIELD_BYTES };
        let mut buf = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| bad())?;
            if buf.len() + chunk.len() > limit {
                out.too_large = true;
                continue; // drain the rest without keeping it
            }
            buf.extend_from_slice(&chunk);
        }
        if is_file {
            out.bytes = buf;
        } else {
            fields.append_pair(&name, &String::from_utf8_lossy(&buf));
        }
    }
    out.fields = FormData::parse(fields.finish().as_bytes());
    Ok(out)
}
