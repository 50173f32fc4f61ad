//! Search: the search page and the read API's list, which run the same search.

use super::*;

#[derive(serde::Serialize)]
struct ApiPage {
    items: Vec<ListItem>,
    next: Option<String>,
    /// The open data's licence (`web::opendata`).
    license: serde_json::Value,
}

pub(super) fn json(v: &impl serde::Serialize) -> Res {
    let body = serde_json::to_string(v).map_err(|e| AppError::internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/json"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .body(body))
}

/// Runs a search: text, filters and radius; returns the hits and whether more follow.
pub(super) async fn run_search(
    state: &AppState,
    text: SearchText,
    filters: &Filters,
    near: Option<&Near>,
    offset: usize,
    limit: usize,
    reader: &'static str,
) -> Result<(Vec<(ListItem, String, String)>, usize), AppError> {
    let query = SearchQuery {
        text,
        filters: filters
            .pairs()
            .into_iter()
            .map(|(k, v)| (k.to_string(), vec![v]))
            .collect(),
        near: near.map(|n| {
            (
                GeoPoint {
                    lat: n.at.lat,
                    lng: n.at.lon,
                },
                n.radius_m,
            )
        }),
        limit,
        offset,
    };
    let results = crate::search::request::run(state.search.clone(), query).await?;
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    let default = state.config.default_language.code();
    let items = state
        .db
        .run(move |conn| {
            let mut items = queries::by_ids(conn, &ids)?;
            queries::translate_items(conn, &mut items, reader, default)?;
            Ok(items)
        })
        .await?;
    let mut out = Vec::with_capacity(items.len());
    for hit in results.hits {
        if let Some(mut item) = items.iter().find(|i| i.id == hit.id).cloned() {
            item.distance_m = hit.distance_m;
            out.push((item, hit.title_html, hit.snippet_html));
        }
    }
    Ok((out, results.total))
}

/// Counts one search against the searcher's limit: per account when signed in, else per
/// client address (the key sign-in uses).
pub(super) async fn count_search(
    req: &HttpRequest,
    state: &AppState,
    user: Option<&CurrentUser>,
) -> Result<(), AppError> {
    crate::search::request::count_search(&state.limiter, user.map(|u| u.id), || {
        client_ip(req, state.config.trust_proxy_headers)
    })
    .await
}

/// `GET /api/v1/commons`: the list as JSON (`cursor` for the next page); with `q`,
/// search results, best match first.
pub async fn api_list(req: HttpRequest, user: MaybeUser, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    if filters.invalid {
        return Err(bad_filters());
    }
    let limit = match q.get("limit").trim() {
        "" => PAGE,
        l => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=API_MAX).contains(l))
            .ok_or(AppError::BadRequest("error-bad-limit"))?,
    };
    let near = near_of(&q).map_err(|_| AppError::BadRequest("error-bad-near"))?;
    let text = SearchText::parse(q.get("q")).map_err(|e| AppError::BadRequest(e.message_key()))?;
    if !text.as_str().is_empty() || near.is_some() {
        let offset = crate::search::request::api_offset(q.get("cursor"))?;
        count_search(&req, &state, user.0.as_ref()).await?;
        let limit = usize::try_from(limit).unwrap_or(25);
        let reader = state.config.default_language.code();
        let (hits, total) =
            run_search(&state, text, &filters, near.as_ref(), offset, limit, reader).await?;
        let next = (offset + limit < total).then(|| (offset + limit).to_string());
        return json(&ApiPage {
            items: hits.into_iter().map(|h| h.0).collect(),
            next,
            license: crate::web::opendata::licence_json(&state.config.open_data.licence),
        });
    }
    let default = state.config.default_language.code();
    let after = match q.get("cursor").trim() {
        "" => None,
        c => Some(
            c.parse::<i64>()
                .map_err(|_| AppError::BadRequest("error-bad-cursor"))?,
        ),
    };
    let (items, next) = state
        .db
        .run(move |conn| {
            let (mut items, next) = queries::list(conn, &filters, after, limit)?;
            queries::translate_items(conn, &mut items, default, default)?;
            Ok((items, next))
        })
        .await?;
    json(&ApiPage {
        items,
        next: next.map(|n| n.to_string()),
        license: crate::web::opendata::licence_json(&state.config.open_data.licence),
    })
}

/// A search hit as the page shows it.
pub struct Hit {
    pub item: ListItem,
    pub title_html: String,
    pub snippet_html: String,
}

impl Hit {
    /// Whether the reader gets a translated name rather than the highlighted original.
    pub fn translated(&self) -> bool {
        self.item.name_shown().text != self.item.name
    }
}

#[derive(Template)]
#[template(path = "commons/search.html")]
pub(super) struct SearchPage {
    ctx: PageCtx,
    q: String,
    filters: Filters,
    choices: FilterChoices,
    hits: Vec<Hit>,
    total: i64,
    searched: bool,
    offset: usize,
    next_offset: Option<usize>,
    near: (String, String, String),
    near_error: &'static str,
    /// Why the text was refused (a translation key), or "".
    q_error: &'static str,
    /// "Near" as a typed address (resolved through the street gazetteer).
    place: PlaceField,
    errors: FormErrors,
}

impl SearchPage {
    fn page_url(&self, offset: usize) -> String {
        let mut s = ::url::form_urlencoded::Serializer::new(String::new());
        s.append_pair("q", &self.q);
        for (k, v) in self.filters.pairs() {
            s.append_pair(k, &v);
        }
        if !self.near.0.is_empty() {
            s.append_pair("near_lat", &self.near.0);
            s.append_pair("near_lng", &self.near.1);
            s.append_pair("radius", &self.near.2);
        } else if !self.place.value.is_empty() && self.errors.is_empty() {
            s.append_pair("near", &self.place.value);
            s.append_pair("radius", &self.near.2);
        }
        s.append_pair("cursor", &offset.to_string());
        format!("/search?{}", s.finish())
    }
    fn next_url(&self) -> String {
        self.page_url(self.next_offset.unwrap_or_default())
    }
    fn prev_url(&self) -> String {
        self.page_url(self.offset.saturating_sub(PAGE as usize))
    }
}

/// `GET /search?q=TEXT`: full-text search with filters and a radius; matches marked.
/// Text past the bounds is refused (400) with the form shown again and the reason.
pub async fn search_page(
    ctx: PageCtx,
    req: HttpRequest,
    user: MaybeUser,
    state: web::Data<AppState>,
) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    let raw = q.get("q");
    let (text, q_error) = match SearchText::parse(raw) {
        Ok(text) => (text, ""),
        Err(e) => (SearchText::default(), e.message_key()),
    };
    let offset = crate::search::request::page_offset(q.get("cursor"));
    let (mut near, near_error) = match near_of(&q) {
        Ok(n) => (n, ""),
        Err(key) => (None, key),
    };
    // "Near" as an address: the same rule as every place field (typed coordinates win).
    let mut place = PlaceField::new(
        "near",
        "places-near-label",
        "places-near-hint",
        q.get("near").trim(),
    )
    .filling("near_lat", "near_lng");
    place.value = place.value.chars().take(200).collect();
    let mut errors = FormErrors::new();
    if near_error.is_empty() {
        let (typed, choice) = (place.value.clone(), q.get("near_choice").to_string());
        let (lat, lng) = (q.get("near_lat").to_string(), q.get("near_lng").to_string());
        let outcome = state
            .db
            .run(move |conn| addresses::resolve_place(conn, &typed, &choice, &lat, &lng))
            .await?;
        if let Some(a) = place.settle(outcome, &mut errors) {
            near = Some(Near {
                at: Location {
                    lat: a.lat,
                    lon: a.lng,
                },
                radius_m: radius_of(&q).unwrap_or(NEAR_DEFAULT_M),
            });
        }
    }
    let near_echo = (
        q.get("near_lat").trim().chars().take(40).collect(),
        q.get("near_lng").trim().chars().take(40).collect(),
        q.get("radius").trim().chars().take(40).collect(),
    );
    let searched =
        q_error.is_empty() && (!text.as_str().is_empty() || near.is_some() || !filters.is_empty());
    let (hits, total) = if searched {
        count_search(&req, &state, user.0.as_ref()).await?;
        run_search(
            &state,
            text.clone(),
            &filters,
            near.as_ref(),
            offset,
            PAGE as usize,
            ctx.lang.code(),
        )
        .await?
    } else {
        (Vec::new(), 0)
    };
    let next_offset = (offset + (PAGE as usize) < total).then_some(offset + PAGE as usize);
    let reader = ctx.lang.code();
    let page = SearchPage {
        ctx,
        // The refused text is shown again, cut to what the field accepts.
        q: if q_error.is_empty() {
            text.as_str().to_string()
        } else {
            raw.trim()
                .chars()
                .take(crate::search::MAX_QUERY_CHARS)
                .collect()
        },
        filters,
        choices: choices(&state, reader).await?,
        hits: hits
            .into_iter()
            .map(|(item, title_html, snippet_html)| Hit {
                item,
                title_html,
                snippet_html,
            })
            .collect(),
        total: i64::try_from(total).unwrap_or(i64::MAX),
        searched,
        offset,
        next_offset,
        near: near_echo,
        near_error,
        q_error,
        place,
        errors,
    };
    Ok(if q_error.is_empty() {
        render(&page)
    } else {
        render_with_status(StatusCode::BAD_REQUEST, &page)
    })
}
