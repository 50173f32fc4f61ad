//! Photos of a commons: adding one (checked, cleaned, stored by content hash) and
//! whether a stored photo may be served.

use super::*;

/// A photo as uploaded: the raw bytes and the alt text typed with it.
pub struct PhotoUpload {
    pub bytes: Vec<u8>,
    pub alt_text: String,
}

/// Adds a photo: checked by content (JPEG, PNG or WebP), size-limited, stripped of
/// location and camera metadata, stored once under its content hash.
pub async fn add_photo(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    upload: PhotoUpload,
) -> Result<(), Refusal> {
    state
        .limiter
        .hit(&format!("commons-photo:{}", actor.id), PHOTOS_PER_HOUR)
        .map_err(|r| AppError::TooManyRequests {
            retry_after_secs: r.0,
        })?;
    let alt = upload.alt_text.trim().to_string();
    let mut errors = crate::web::forms::FormErrors::new();
    if alt.is_empty() {
        errors.add("alt_text", "field-photo-alt-required");
    } else if alt.chars().count() > 300 {
        errors.add("alt_text", "field-text-too-long");
    }
    let cleaned = match uploads::clean_photo(&upload.bytes) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.add("photo", e.key());
            None
        }
    };
    let (kind, bytes) = match cleaned {
        Some(c) if errors.is_empty() => c,
        _ => return Err(Refusal::Form(errors)),
    };
    let who = actor.who();
    let photos = state
        .db
        .run(move |conn| {
            let c = load(conn, id)?;
            let actor = self::actor(conn, Some(who))?;
            if !visible_to(&c, actor.as_ref()) {
                return Err(AppError::NotFound);
            }
            policy::may(actor.as_ref(), &c.as_object(), Action::AddPhoto)?;
            let n: i64 = commons_photos::table
                .filter(commons_photos::commons_id.eq(id))
                .count()
                .get_result(conn)?;
            Ok(n)
        })
        .await?;
    if photos >= MAX_PHOTOS {
        return Err(Refusal::field("photo", "field-photo-too-many"));
    }
    let dir = state.config.data_dir.clone();
    let size = i64::try_from(bytes.len()).map_err(|_| AppError::internal("photo size"))?;
    let hash = actix_web::web::block(move || uploads::store(&dir, kind, &bytes))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|e| AppError::internal(format!("cannot store photo: {e}")))?;
    let uid = actor.id;
    state
        .db
        .transaction(move |conn| {
            diesel::insert_into(commons_photos::table)
                .values((
                    commons_photos::commons_id.eq(id),
                    commons_photos::file_hash.eq(&hash),
                    commons_photos::file_type.eq(kind.extension()),
                    commons_photos::byte_size.eq(size),
                    commons_photos::alt_text.eq(&alt),
                    commons_photos::uploaded_by.eq(Some(uid)),
                    commons_photos::created_at.eq(crate::util::now()),
                ))
                .execute(conn)?;
            event(conn, id, "photo_added", Some(uid), None, None, None)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Whether a stored file is a photo of a public commons (files are served only then,
/// or to people involved with the commons).
pub async fn photo_visible(
    state: &Ports,
    viewer: Option<CurrentUser>,
    hash: String,
    kind: ImageType,
) -> Result<bool, AppError> {
    state
        .db
        .run(move |conn| {
            let ids: Vec<i64> = commons_photos::table
                .filter(commons_photos::file_hash.eq(&hash))
                .filter(commons_photos::file_type.eq(kind.extension()))
                .select(commons_photos::commons_id)
                .load(conn)?;
            let actor = actor(conn, viewer.as_ref().map(CurrentUser::who))?;
            for id in ids {
                let c = load(conn, id)?;
                if visible_to(&c, actor.as_ref()) {
                    return Ok(true);
                }
            }
            Ok(false)
        })
        .await
}
