//! One error type for the whole application, with one mapping to status codes.
//!
//! Doctrine: services return `AppError`; handlers pass it up with `?`. The cause is
//! logged once, here, when the response is built; a user sees a translated page (or a
//! JSON body under `/api/`) that names the kind of problem and never internal text.
//! Form validation errors normally never reach this type: handlers re-render their
//! form with messages (status 422). `Invalid` exists for the rare case they do not.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// What the error page shows; attached to the response so the page renderer (which
/// knows the request's language and user) can build it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPageKind {
    BadRequest,
    SignInRequired,
    Forbidden,
    CsrfRejected,
    NotFound,
    Conflict,
    Invalid,
    TooManyRequests,
    Unavailable,
    Internal,
    TooLarge,
    UnsupportedType,
}

impl ErrorPageKind {
    /// The translation key prefix of the page (`error-<slug>-title`, `-body`).
    pub fn slug(self) -> &'static str {
        match self {
            ErrorPageKind::BadRequest => "bad-request",
            ErrorPageKind::SignInRequired => "sign-in-required",
            ErrorPageKind::Forbidden => "forbidden",
            ErrorPageKind::CsrfRejected => "csrf",
            ErrorPageKind::NotFound => "not-found",
            ErrorPageKind::Conflict => "conflict",
            ErrorPageKind::Invalid => "invalid",
            ErrorPageKind::TooManyRequests => "too-many-requests",
            ErrorPageKind::Unavailable => "unavailable",
            ErrorPageKind::Internal => "internal",
            ErrorPageKind::TooLarge => "too-large",
            ErrorPageKind::UnsupportedType => "unsupported-type",
        }
    }
}

/// A short, user-safe detail (a translation key) some errors carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail(pub &'static str);

/// The size limit (bytes) a refused request went over, for the 413 page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeLimit(pub usize);

/// The content type the refused request should have had, for the 415 page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcceptedType(pub &'static str);

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("sign-in required")]
    SignInRequired,
    #[error("forbidden")]
    Forbidden,
    /// Forbidden, with the reason to show (a translation key).
    #[error("forbidden: {0}")]
    ForbiddenBecause(&'static str),
    #[error("CSRF check failed: {0}")]
    Csrf(&'static str),
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("invalid input: {0}")]
    Invalid(&'static str),
    #[error("too many requests; retry after {retry_after_secs}s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
    #[error("request body larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("unsupported content type (expected {0})")]
    UnsupportedType(&'static str),
}

impl AppError {
    pub fn internal(msg: impl Into<String>) -> AppError {
        AppError::Internal(msg.into())
    }

    pub fn page_kind(&self) -> ErrorPageKind {
        match self {
            AppError::BadRequest(_) => ErrorPageKind::BadRequest,
            AppError::SignInRequired => ErrorPageKind::SignInRequired,
            AppError::Forbidden | AppError::ForbiddenBecause(_) => ErrorPageKind::Forbidden,
            AppError::Csrf(_) => ErrorPageKind::CsrfRejected,
            AppError::NotFound => ErrorPageKind::NotFound,
            AppError::Conflict(_) => ErrorPageKind::Conflict,
            AppError::Invalid(_) => ErrorPageKind::Invalid,
            AppError::TooManyRequests { .. } => ErrorPageKind::TooManyRequests,
            AppError::Unavailable(_) => ErrorPageKind::Unavailable,
            AppError::Internal(_) => ErrorPageKind::Internal,
            AppError::TooLarge { .. } => ErrorPageKind::TooLarge,
            AppError::UnsupportedType(_) => ErrorPageKind::UnsupportedType,
        }
    }
}

impl From<crate::kit::refusal::Denied> for AppError {
    fn from(_: crate::kit::refusal::Denied) -> AppError {
        AppError::Forbidden
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound,
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::Conflict("error-conflict-duplicate"),
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::ClosedConnection
                | diesel::result::DatabaseErrorKind::UnableToSendCommand,
                info,
            ) => AppError::Unavailable(info.message().to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::SignInRequired => StatusCode::SEE_OTHER,
            AppError::Forbidden | AppError::ForbiddenBecause(_) | AppError::Csrf(_) => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::Unavailable(cause) => tracing::error!(%cause, "database unavailable"),
            AppError::Internal(cause) => tracing::error!(%cause, "internal error"),
            AppError::Csrf(why) => tracing::warn!(why, "CSRF check refused a request"),
            other => tracing::debug!(error = %other, "request refused"),
        }
        let mut res = HttpResponse::build(self.status_code());
        if let AppError::TooManyRequests { retry_after_secs } = self {
            res.insert_header(("Retry-After", retry_after_secs.to_string()));
        }
        let mut res = res.finish();
        res.extensions_mut().insert(self.page_kind());
        if let AppError::BadRequest(key)
        | AppError::Conflict(key)
        | AppError::Invalid(key)
        | AppError::ForbiddenBecause(key) = self
        {
            res.extensions_mut().insert(ErrorDetail(key));
        }
        if let AppError::TooLarge { limit } = self {
            res.extensions_mut().insert(SizeLimit(*limit));
        }
        if let AppError::UnsupportedType(accepted) = self {
            res.extensions_mut().insert(AcceptedType(accepted));
        }
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
