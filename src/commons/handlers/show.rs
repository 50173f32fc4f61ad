//! A commons' page and its GeoJSON; photos (adding one, serving the files).

use super::*;
use crate::commons::exports;
use crate::kit::translations::{Original, Shown, Subject, Version};
use crate::web::translations::shown;

#[derive(Template)]
#[template(path = "commons/show.html")]
pub(super) struct ShowPage {
    ctx: PageCtx,
    page: CommonsPage,
    map: MapView,
    errors: FormErrors,
    reasons: String,
    alt_text: String,
    max_photo_mb: usize,
    /// The commons' name and description in the reader's language, or the original.
    version: Version,
    /// The district's name likewise.
    district: Option<Shown>,
    /// The city's default language (of texts whose language nobody gave).
    default_lang: &'static str,
}

impl ShowPage {
    /// A pact's title in the reader's language, or the original.
    fn pact_title(&self, p: &crate::pacts::api::PactSummary) -> Shown {
        shown(
            self.ctx.lang.code(),
            self.default_lang,
            Original::title_only(&p.title),
            self.page.texts.get(Subject::Pact, p.id),
        )
        .title
    }
    /// The page comes back from a refused merge: the typed reasons are the merge's.
    fn merge_refused(&self) -> bool {
        self.errors.has("into") || self.errors.has("merge-reasons")
    }
    /// A pact's or call's moment in the timeline, with its number when it has one.
    fn moment_text(&self, item: &service::TimelineItem) -> String {
        match item.number() {
            Some((name, n)) => self.ctx.tn(&item.label_key(), name, n),
            None => self.ctx.t(item.label_key()),
        }
    }
    fn hours_text(&self) -> String {
        self.ctx.tn(
            "commons-volunteer-hours",
            "hours",
            self.page.volunteer_hours,
        )
    }
    fn changes_text(&self, e: &service::HistoryEvent) -> String {
        self.ctx
            .tn("commons-changes-count", "count", e.changes_count())
    }
    fn status_code(&self) -> &str {
        self.page.commons.status.code()
    }
    fn rules_lines(&self) -> Vec<&str> {
        self.page
            .commons
            .rules
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
    fn osm_url(&self) -> String {
        let l = self.page.commons.location;
        format!(
            "https://www.openstreetmap.org/?mlat={:.6}&mlon={:.6}#map=18/{:.6}/{:.6}",
            l.lat, l.lon, l.lat, l.lon
        )
    }
    fn lat(&self) -> String {
        format!("{:.6}", self.page.commons.location.lat)
    }
    fn lng(&self) -> String {
        format!("{:.6}", self.page.commons.location.lon)
    }
    /// The decisions an official can take now: (form value, label key).
    fn decisions(&self) -> Vec<(&'static str, &'static str)> {
        match self.page.commons.status {
            Status::Proposed => vec![
                ("recognise", "commons-decision-recognise"),
                ("decline", "commons-decision-decline"),
            ],
            Status::Recognised => vec![
                ("dormant", "commons-decision-dormant"),
                ("retire", "commons-decision-retire"),
            ],
            Status::Dormant => vec![
                ("revive", "commons-decision-revive"),
                ("retire", "commons-decision-retire"),
            ],
            Status::Declined => vec![("reconsider", "commons-decision-reconsider")],
            Status::Retired | Status::Merged => vec![],
        }
    }
}

pub(super) async fn show_page(
    ctx: PageCtx,
    state: &AppState,
    viewer: Option<CurrentUser>,
    id: i64,
    errors: FormErrors,
    reasons: String,
    alt_text: String,
) -> Result<ShowPage, AppError> {
    let page = service::show(state, viewer, id).await?;
    page_of(ctx, state, page, errors, reasons, alt_text).await
}

async fn page_of(
    ctx: PageCtx,
    state: &AppState,
    page: CommonsPage,
    errors: FormErrors,
    reasons: String,
    alt_text: String,
) -> Result<ShowPage, AppError> {
    let default = state.config.default_language.code();
    let reader = ctx.lang.code();
    let version = shown(
        reader,
        default,
        original_of(&page.commons),
        page.texts.get(Subject::Commons, page.commons.id),
    );
    let district = page.commons.district_id.map(|d| {
        let name = page.commons.district_name();
        shown(
            reader,
            default,
            Original::title_only(name),
            page.texts.get(Subject::District, d),
        )
        .title
    });
    Ok(ShowPage {
        default_lang: default,
        version,
        district,
        ctx,
        page,
        map: map_view(state).await?,
        errors,
        reasons,
        alt_text,
        max_photo_mb: uploads::MAX_PHOTO_BYTES / (1024 * 1024),
    })
}

/// `GET /commons/{id}`: the commons page.
pub async fn show(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let page = match service::show_or_moved(&state, user.0, id.into_inner()).await? {
        service::Shown::Page(p) => *p,
        service::Shown::MergedInto(into) => return Ok(moved(into, "")),
    };
    let empty = String::new;
    Ok(render(
        &page_of(ctx, &state, page, FormErrors::new(), empty(), empty()).await?,
    ))
}

/// `GET /commons/{id}.geojson`: the commons' point and site outline, for its map.
pub async fn show_geojson(
    ctx: PageCtx,
    user: MaybeUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> Res {
    let page = match service::show_or_moved(&state, user.0, id.into_inner()).await? {
        service::Shown::Page(p) => *p,
        service::Shown::MergedInto(into) => return Ok(moved(into, ".geojson")),
    };
    Ok(geojson_response(
        exports::commons_feature_collection(
            &ctx,
            &page.commons,
            &exports::Published {
                base_url: state.config.base_url.as_str(),
                licence: &state.config.open_data.licence,
            },
        ),
        false,
    ))
}

/// Whether a file name's extension, if it has one, is an image's. The type is decided
/// by the content; a name like `photo.exe` is refused so a mix-up shows.
pub(super) fn name_looks_like_image(filename: &str) -> bool {
    match filename.rsplit_once('.') {
        None => true,
        Some((_, ext)) => ["jpg", "jpeg", "png", "webp", "jfif"]
            .iter()
            .any(|e| ext.eq_ignore_ascii_case(e)),
    }
}

/// `POST /commons/{id}/photos`: adds a photo (multipart form).
pub async fn add_photo(
    ctx: PageCtx,
    session: Session,
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    req: HttpRequest,
    payload: web::Payload,
) -> Res {
    let id = id.into_inner();
    let form =
        crate::web::multipart::read(&req, payload, "photo", uploads::MAX_PHOTO_BYTES).await?;
    let filename = form.filename;
    let upload = PhotoUpload {
        bytes: form.bytes,
        alt_text: form.fields.get("alt_text").to_string(),
    };
    let alt = upload.alt_text.clone();
    let result = if !name_looks_like_image(&filename) {
        Err(Refusal::field("photo", "field-photo-name-not-image"))
    } else {
        service::add_photo(&state, &user, id, upload).await
    };
    match result {
        Ok(()) => {
            push_flash(&session, FlashLevel::Success, "commons-photo-added");
            Ok(see_other(&format!("/commons/{id}#photos")))
        }
        Err(Refusal::Form(errors)) => Ok(render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(ctx, &state, Some(user), id, errors, String::new(), alt).await?,
        )),
        Err(Refusal::App(e)) => Err(e),
    }
}

/// `GET /files/{hash}.{ext}`: a stored photo, if its commons is visible to the viewer.
pub async fn file(user: MaybeUser, state: web::Data<AppState>, name: web::Path<String>) -> Res {
    let name = name.into_inner();
    let (hash, ext) = name.split_once('.').ok_or(AppError::NotFound)?;
    let kind = ImageType::parse_extension(ext).ok_or(AppError::NotFound)?;
    let path =
        uploads::stored_path(&state.config.data_dir, hash, kind).ok_or(AppError::NotFound)?;
    let public = service::photo_visible(&state, user.0.clone(), hash.to_string(), kind).await?;
    if !public {
        return Err(AppError::NotFound);
    }
    let bytes = web::block(move || std::fs::read(path))
        .await
        .map_err(|e| AppError::internal(e.to_string()))?
        .map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind.mime()))
        .insert_header((header::CACHE_CONTROL, "private, max-age=86400"))
        .insert_header(("Content-Security-Policy", "default-src 'none'"))
        .body(bytes))
}

/// `GET /commons/{id}/timeline.json`: the stewardship timeline as open data (what the
/// page shows, without people's names).
pub async fn timeline_json(user: MaybeUser, state: web::Data<AppState>, id: web::Path<i64>) -> Res {
    let page = match service::show_or_moved(&state, user.0, id.into_inner()).await? {
        service::Shown::Page(p) => *p,
        service::Shown::MergedInto(into) => return Ok(moved(into, "/timeline.json")),
    };
    let config = &state.config;
    let link = |kind: &str, (id, title): &(i64, String)| {
        let url = config.absolute_url(&format!("/{kind}/{id}"));
        serde_json::json!({ "id": id, "title": title, "url": url })
    };
    let items: Vec<serde_json::Value> = page
        .timeline
        .iter()
        .map(|item| {
            let at = item.at.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            match (&item.event, &item.moment) {
                (Some(e), _) => serde_json::json!({
                    "at": at,
                    "kind": format!("commons.{}", e.kind),
                    "reasons": e.reasons,
                    "ledger_index": e.ledger_index,
                    "changes": e.changes.iter().map(|c| serde_json::json!({
                        "field": c.field, "old": c.old, "new": c.new,
                    })).collect::<Vec<_>>(),
                }),
                (None, Some(m)) => serde_json::json!({
                    "at": at,
                    "kind": m.kind,
                    "pact": m.pact.as_ref().map(|p| link("pacts", p)),
                    "call": m.call.as_ref().map(|c| link("calls", c)),
                    "volunteer_hours": m.hours,
                    "people": m.people,
                }),
                (None, None) => serde_json::Value::Null,
            }
        })
        .collect();
    let c = &page.commons;
    let texts = page.texts.texts(Subject::Commons, c.id);
    json(&serde_json::json!({
        "commons": {
            "id": c.id,
            "name": c.name,
            // The language of its own text, and its other language versions.
            "language": texts.original_lang(config.default_language.code()),
            "translations": crate::web::translations::translated_texts(&texts),
            "status": c.status.code(),
            "url": config.absolute_url(&format!("/commons/{}", c.id)),
        },
        "volunteer_hours": page.volunteer_hours,
        "timeline": items,
    }))
}
