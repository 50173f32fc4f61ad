//! Photos of a commons: adding one (checked, cleaned, stored by content hash) and
//! whether a stored photo may be served.

use super::*;

/// A photo as uploaded: the raw bytes and the alt text typed with it.
pub struct PhotoUpload {
    pub bytes: Vec<u8>,
    pub alt_text: String,
}

/// Adds a photo: checked by content (JPEG, PNG or WebP), size-limited, stripped of
/// location and camera metadata, stored once under its content hash, with its two
/// thumbnails (a photo that cannot be decoded is refused).
pub async fn add_photo(
    state: &Ports,
    actor: &CurrentUser,
    id: i64,
    upload: PhotoUpload,
) -> Result<(), Refusal> {
    state
        .limiter
        .check(&format!("commons-photo:{}", actor.id), PHOTOS_PER_HOUR)
        .await?;
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
    let stored = actix_web::web::block(move || {
        let (small, medium) = match uploads::thumbnails(kind, &bytes) {
            Ok(t) => t,
            Err(e) => return Ok(Err(e)),
        };
        let hash = uploads::store(&dir, kind, &bytes)?;
        let small = uploads::store(&dir, ImageType::Jpeg, &small)?;
        let medium = uploads::store(&dir, ImageType::Jpeg, &medium)?;
        Ok::<_, std::io::Error>(Ok((hash, small, medium)))
    })
    .await
    .map_err(|e| AppError::internal(e.to_string()))?
    .map_err(|e| AppError::internal(format!("cannot store photo: {e}")))?;
    let (hash, small, medium) = match stored {
        Ok(s) => s,
        Err(e) => return Err(Refusal::field("photo", e.key())),
    };
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
                    commons_photos::small_hash.eq(Some(&small)),
                    commons_photos::medium_hash.eq(Some(&medium)),
                ))
                .execute(conn)?;
            event(conn, id, "photo_added", Some(uid), None, None, None)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Whether a stored file is a photo, or a photo's thumbnail, of a public commons
/// (files are served only then, or to people involved with the commons); a hidden
/// photo only to the city.
pub async fn photo_visible(
    state: &Ports,
    viewer: Option<CurrentUser>,
    hash: String,
    kind: ImageType,
) -> Result<bool, AppError> {
    state
        .db
        .run(move |conn| {
            let ext = kind.extension();
            let rows: Vec<(i64, String, String, bool)> = commons_photos::table
                .filter(
                    commons_photos::file_hash
                        .eq(&hash)
                        .or(commons_photos::small_hash.eq(&hash))
                        .or(commons_photos::medium_hash.eq(&hash)),
                )
                .select((
                    commons_photos::commons_id,
                    commons_photos::file_hash,
                    commons_photos::file_type,
                    commons_photos::hidden_at.is_not_null(),
                ))
                .limit(50)
                .load(conn)?;
            let actor = actor(conn, viewer.as_ref().map(CurrentUser::who))?;
            for (id, original, file_type, hidden) in rows {
                // The original under its own type; a thumbnail is always a JPEG.
                let named = if original == hash {
                    file_type == ext
                } else {
                    kind == ImageType::Jpeg
                };
                if !named {
                    continue;
                }
                let c = load(conn, id)?;
                let Object::Commons(facts) = c.as_object() else {
                    continue;
                };
                let moderator = policy::allowed(
                    actor.as_ref(),
                    &Object::Photo {
                        commons: facts,
                        uploader: None,
                    },
                    Action::ModeratePhoto,
                );
                if visible_to(&c, actor.as_ref()) && (!hidden || moderator) {
                    return Ok(true);
                }
            }
            Ok(false)
        })
        .await
}
