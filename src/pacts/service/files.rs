//! Files attached to a pact (documents, and photos of reports): who may attach them,
//! checking and storing them by content hash, and who may download them.

use diesel::prelude::*;

use super::{WRITES_PER_HOUR, allow, limit};
use crate::db::AnyConnection;
use crate::db::schema::pact_reports;
use crate::error::AppError;
use crate::pacts::policy::{self, Action};
use crate::pacts::store::{self, Env, Who};
use crate::ports::Ports;
use crate::web::forms::Refusal;
use crate::web::uploads::{self, ImageType};

/// Most files attached to one pact.
pub const MAX_ATTACHMENTS: i64 = 50;

/// A stored file to attach (already checked and written under its hash).
#[derive(Debug, Clone)]
pub struct StoredFile {
    pub hash: String,
    pub kind: crate::web::uploads::ImageType,
    pub name: String,
    pub size: i64,
}

/// Whether `who` may attach files now, and to which report: the proposing side and
/// the city while the pact is open (report photos go with the proposing side's own
/// reports). Checked before the file is stored.
pub fn may_attach_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    report: Option<i64>,
) -> Result<(), Refusal> {
    use crate::db::schema::pact_attachments;
    let p = store::load(conn, id)?;
    let action = match report {
        Some(_) => Action::AttachToReport,
        None => Action::Attach,
    };
    allow(conn, env, &p, Some(who), action)?;
    if let Some(r) = report {
        let of: Option<i64> = pact_reports::table
            .find(r)
            .select(pact_reports::pact_id)
            .first(conn)
            .optional()?;
        if of != Some(id) {
            return Err(AppError::Forbidden.into());
        }
    }
    let n: i64 = pact_attachments::table
        .filter(pact_attachments::pact_id.eq(id))
        .count()
        .get_result(conn)?;
    if n >= MAX_ATTACHMENTS {
        return Err(Refusal::field("file", "field-pact-too-many-files"));
    }
    Ok(())
}

/// Records an attachment (checked again in this transaction) with the pact's state.
pub fn attach_in(
    conn: &mut AnyConnection,
    env: &Env,
    who: &Who,
    id: i64,
    report: Option<i64>,
    file: &StoredFile,
) -> Result<i64, Refusal> {
    use crate::db::schema::pact_attachments;
    may_attach_in(conn, env, who, id, report)?;
    let p = store::load(conn, id)?;
    let aid = diesel::insert_into(pact_attachments::table)
        .values((
            pact_attachments::pact_id.eq(id),
            pact_attachments::report_id.eq(report),
            pact_attachments::file_hash.eq(&file.hash),
            pact_attachments::file_type.eq(file.kind.extension()),
            pact_attachments::file_name.eq(&file.name),
            pact_attachments::byte_size.eq(file.size),
            pact_attachments::state.eq(p.state.code()),
            pact_attachments::uploaded_by.eq(Some(who.id)),
            pact_attachments::created_at.eq(env.now),
        ))
        .returning(pact_attachments::id)
        .get_result(conn)?;
    let member = store::pact_facts(conn, &p, Some(who), env.today())?
        .ties
        .member;
    store::event(
        conn,
        id,
        "attachment",
        None,
        None,
        Some(who.id),
        if member { "proposer" } else { "official" },
        Some(&file.name),
        None,
        None,
        env.now,
    )?;
    Ok(aid)
}

/// Whether a stored file attached to pact `id` may be served to `viewer`.
pub fn file_visible(
    conn: &mut AnyConnection,
    today: chrono::NaiveDate,
    viewer: Option<&Who>,
    id: i64,
    hash: &str,
    ext: &str,
) -> Result<Option<String>, AppError> {
    use crate::db::schema::pact_attachments;
    let p = store::load(conn, id)?;
    if policy::may(
        viewer,
        &store::pact_facts(conn, &p, viewer, today)?,
        Action::See,
    )
    .is_err()
    {
        return Ok(None);
    }
    Ok(pact_attachments::table
        .filter(pact_attachments::pact_id.eq(id))
        .filter(pact_attachments::file_hash.eq(hash))
        .filter(pact_attachments::file_type.eq(ext))
        .select(pact_attachments::file_name)
        .first(conn)
        .optional()?)
}

/// A file as uploaded: its bytes and the name it came with.
#[derive(Debug, Clone)]
pub struct Upload {
    pub bytes: Vec<u8>,
    pub name: String,
}

/// A file name as shown: its last path part, without control characters, at most 120
/// characters.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base.chars().filter(|c| !c.is_control()).take(120).collect();
    if cleaned.trim().is_empty() {
        "file".to_string()
    } else {
        cleaned.trim().to_string()
    }
}

/// Attaches a document (PDF) or photo to pact `id`, or a photo to one of its reports:
/// who may is checked before the file is looked at, the file is checked (a PDF's
/// structure; a photo is re-encoded without its metadata) and stored under its hash,
/// and recorded in a transaction that checks again.
pub async fn attach(
    ports: &Ports,
    who: &Who,
    id: i64,
    report: Option<i64>,
    upload: Upload,
) -> Result<i64, Refusal> {
    limit(ports, "write", who.id, WRITES_PER_HOUR).await?;
    {
        let (who, env) = (who.clone(), Env::from_ports(ports));
        ports
            .db
            .try_transaction(move |conn| may_attach_in(conn, &env, &who, id, report))
            .await?;
    }
    let Upload { bytes, name } = upload;
    let (kind, bytes) = if bytes.starts_with(b"%PDF-") && report.is_none() {
        uploads::check_pdf(&bytes)
            .map(|()| (ImageType::Pdf, bytes))
            .map_err(|e| Refusal::field("file", e.key()))?
    } else {
        uploads::clean_photo(&bytes).map_err(|e| {
            Refusal::field(
                "file",
                if report.is_none() && e == uploads::UploadError::NotAnImage {
                    "field-pact-file-type"
                } else {
                    e.key()
                },
            )
        })?
    };
    let dir = ports.config.data_dir.clone();
    let size = i64::try_from(bytes.len()).map_err(|_| AppError::internal("size"))?;
    let hash = actix_web::web::block(move || uploads::store(&dir, kind, &bytes))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| AppError::internal(format!("cannot store file: {e}")))?;
    let file = StoredFile {
        hash,
        kind,
        name: clean_name(&name),
        size,
    };
    let (env, who) = (Env::from_ports(ports), who.clone());
    ports
        .db
        .try_transaction(move |conn| attach_in(conn, &env, &who, id, report, &file))
        .await
}
