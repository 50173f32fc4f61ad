//! Reading a `multipart/form-data` form with one file, bounded. The whole body may be at
//! most the route's file limit plus [`MARGIN`]: a longer `Content-Length` is refused
//! before anything is read, and reading stops as soon as the stream goes past it. The
//! form may have at most [`MAX_PARTS`] parts and one file; its text fields must be UTF-8
//! and may not repeat. Past any limit the request is refused (413 or 400) and the rest
//! of the body is not read.

use std::cell::Cell;
use std::rc::Rc;

use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderMap};
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

use crate::error::AppError;
use crate::web::forms::FormData;

/// Room for the text fields, part headers and boundaries besides the file.
pub const MARGIN: usize = 64 * 1024;
/// The largest text field.
pub const MAX_FIELD_BYTES: usize = 16 * 1024;
/// The most parts (text fields and the file) a form may have.
pub const MAX_PARTS: usize = 16;
/// The content type of a form with a file.
pub const CONTENT_TYPE: &str = "multipart/form-data";
/// The longest multipart body any route accepts (its largest file plus the margin):
/// the CSRF layer refuses longer ones by their length before routing.
pub const LARGEST_BODY: usize = crate::web::uploads::MAX_PHOTO_BYTES + MARGIN;

/// A multipart form as read.
#[derive(Debug)]
pub struct Upload {
    /// The file's bytes (empty when none was sent).
    pub bytes: Vec<u8>,
    /// The file name the browser sent (may be empty; never trusted for the type).
    pub filename: String,
    /// The text fields.
    pub fields: FormData,
}

/// Whether the headers announce a multipart form.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.get(..CONTENT_TYPE.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(CONTENT_TYPE))
        })
}

/// The body length the client announced, if any (unparsable counts as none: the
/// stream is bounded anyway).
pub fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX))
}

/// Reads a form whose file field is `file_field`, accepting a file of at most
/// `max_file` bytes.
pub async fn read(
    req: &HttpRequest,
    payload: web::Payload,
    file_field: &str,
    max_file: usize,
) -> Result<Upload, AppError> {
    if !is_multipart(req.headers()) {
        return Err(AppError::UnsupportedType(CONTENT_TYPE));
    }
    let too_large = AppError::TooLarge { limit: max_file };
    let total = max_file.saturating_add(MARGIN);
    if declared_length(req.headers()).is_some_and(|n| n > total) {
        return Err(too_large);
    }
    let over = Rc::new(Cell::new(false));
    let mut left = total;
    let limited = {
        let over = over.clone();
        payload.map(move |chunk| {
            let chunk = chunk?;
            left = left.checked_sub(chunk.len()).ok_or_else(|| {
                over.set(true);
                PayloadError::Overflow
            })?;
            Ok(chunk)
        })
    };
    let failed = |over: &Cell<bool>| {
        if over.get() {
            AppError::TooLarge { limit: max_file }
        } else {
            AppError::BadRequest("error-bad-request-body")
        }
    };
    let mut multipart = Multipart::new(req.headers(), limited);
    let mut out = Upload {
        bytes: Vec::new(),
        filename: String::new(),
        fields: FormData::default(),
    };
    let mut texts: Vec<(String, String)> = Vec::new();
    let (mut parts, mut files) = (0usize, 0usize);
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| failed(&over))?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::BadRequest("error-form-too-many-fields"));
        }
        let name = field.name().unwrap_or("").to_string();
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_string);
        let is_file = name == file_field || filename.is_some();
        if is_file {
            files += 1;
            if files > 1 || name != file_field {
                return Err(AppError::BadRequest("error-form-too-many-files"));
            }
            out.filename = filename.unwrap_or_default();
        }
        let limit = if is_file { max_file } else { MAX_FIELD_BYTES };
        let mut buf = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| failed(&over))?;
            if buf.len() + chunk.len() > limit {
                return Err(AppError::TooLarge { limit });
            }
            buf.extend_from_slice(&chunk);
        }
        if is_file {
            out.bytes = buf;
        } else {
            let value = String::from_utf8(buf).map_err(|_| crate::web::forms::invalid_text())?;
            texts.push((name, value));
        }
    }
    out.fields = FormData::from_pairs(texts, &[])?;
    Ok(out)
}
