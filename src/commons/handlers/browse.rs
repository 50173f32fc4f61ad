//! Browsing the registry: the list with its filters, and the map page.

use super::*;

impl ListItem {
    pub fn category_label_key(&self) -> String {
        self.category.label_key()
    }
    pub fn status_label_key(&self) -> String {
        self.status.label_key()
    }
    pub fn district_label(&self) -> &str {
        self.district_name.as_deref().unwrap_or("")
    }
    /// The distance as whole metres, or "".
    pub fn distance_label(&self) -> String {
        self.distance_m
            .map(|d| format!("{}", d.round() as i64))
            .unwrap_or_default()
    }
}

#[derive(Template)]
#[template(path = "commons/list.html")]
pub(super) struct ListPage {
    ctx: PageCtx,
    items: Vec<ListItem>,
    filters: Filters,
    choices: FilterChoices,
    next: Option<i64>,
    first_page: bool,
    near: Option<(String, String, String)>,
    near_error: &'static str,
    /// The address "near" was typed as (echoed), and its field.
    place: PlaceField,
    errors: FormErrors,
    /// The address "near" came to, when it came to one.
    near_address: String,
    /// Several addresses matched "near": (label, link to the list near it).
    near_candidates: Vec<(String, String)>,
    near_more: bool,
    /// The sector facets: (label key, count, link to the list with that sector and
    /// the other filters, whether it is the sector chosen); empty "near a place".
    facets: Vec<(String, i64, String, bool)>,
    /// The list with the other filters and any sector.
    facets_all: String,
}

impl ListPage {
    fn next_url(&self) -> String {
        let q = self.filters.query();
        let sep = if q.is_empty() { "" } else { "&" };
        format!("/commons?{q}{sep}cursor={}", self.next.unwrap_or_default())
    }
    fn filter_query(&self) -> String {
        self.filters.query()
    }
}

/// `GET /commons`: the list with filters and keyset pagination, or "near this place":
/// typed coordinates (`near_lat`, `near_lng`), or an address (`near`) resolved through
/// the street gazetteer; an ambiguous address lists its candidates as links.
pub async fn index(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    let after = cursor(&q);
    let (near, mut near_error) = match near_of(&q) {
        Ok(n) => (n, ""),
        Err(key) => (None, key),
    };
    let near_text: String = q.get("near").trim().chars().take(200).collect();
    // Typed coordinates win over a typed address (as in every place field).
    let by_address = near.is_none() && near_error.is_empty() && !near_text.is_empty();
    let radius_m = if by_address {
        match radius_of(&q) {
            Ok(r) => r,
            Err(key) => {
                near_error = key;
                NEAR_DEFAULT_M
            }
        }
    } else {
        NEAR_DEFAULT_M
    };
    let by_address = by_address && near_error.is_empty();
    let near_echo = near.as_ref().map(|n| {
        (
            format!("{:.6}", n.at.lat),
            format!("{:.6}", n.at.lon),
            format!("{}", n.radius_m.round() as i64),
        )
    });
    let f = filters.clone();
    let typed = near_text.clone();
    let (reader, default) = (ctx.lang.code(), state.config.default_language.code());
    let memo = state.derived.clone();
    // One trip to the database for the page: the districts and the commons.
    let (districts, (items, next), resolution, facet_counts) = state
        .db
        .run(move |conn| {
            let districts = districts::list_in(conn, reader, default)?;
            // The sector facets count the list's other filters, "near" aside.
            let facet_counts = if by_address || near.is_some() {
                Vec::new()
            } else {
                let covered = f.district.as_deref().map(|slug| {
                    let tree = districts::DistrictTree::new(districts.clone());
                    tree.by_slug(slug)
                        .map(|d| tree.descendants(d.id))
                        .unwrap_or_default()
                });
                // The same counts for every page of the list and every visitor, until
                // the data changes.
                let key = Filters {
                    provisioning: None,
                    ..f.clone()
                }
                .query();
                let kept = memo.shared(conn, &format!("commons/facets?{key}"), |conn| {
                    crate::commons::sectors::facets(conn, &f, covered.as_deref())
                })?;
                Vec::clone(&kept)
            };
            let resolution = if by_address {
                Some(addresses::resolve(conn, &typed)?)
            } else {
                None
            };
            let near = match (&near, &resolution) {
                (Some(n), _) => Some((n.at, n.radius_m)),
                (None, Some(addresses::Resolution::One(a))) => Some((
                    Location {
                        lat: a.lat,
                        lon: a.lng,
                    },
                    radius_m,
                )),
                _ => None,
            };
            let mut page = match near {
                Some((at, r)) => (queries::near(conn, &f, at, r, 100)?, None),
                None if by_address => (Vec::new(), None),
                None => queries::list(conn, &f, after, PAGE)?,
            };
            queries::translate_items(conn, &mut page.0, reader, default)?;
            Ok((districts, page, resolution, facet_counts))
        })
        .await?;
    let facets = sector_facets(&filters, &facet_counts);
    let facets_all = {
        let mut f = filters.clone();
        f.provisioning = None;
        let q = f.query();
        if q.is_empty() {
            "/commons".to_string()
        } else {
            format!("/commons?{q}")
        }
    };
    let radius_text = format!("{}", radius_m.round() as i64);
    let mut errors = FormErrors::new();
    let mut near_address = String::new();
    let mut near_candidates = Vec::new();
    let mut near_more = false;
    let mut near = near_echo;
    match resolution {
        Some(addresses::Resolution::One(a)) => {
            near_address = a.label();
            // The coordinates stay empty, so that a new address typed is looked up.
            near = Some((String::new(), String::new(), radius_text.clone()));
        }
        Some(addresses::Resolution::Several(found, more)) => {
            errors.add("near", "places-address-several");
            near_more = more;
            near_candidates = found
                .iter()
                .map(|a| {
                    let mut s = ::url::form_urlencoded::Serializer::new(String::new());
                    for (k, v) in filters.pairs() {
                        s.append_pair(k, &v);
                    }
                    s.append_pair("near", &a.label());
                    s.append_pair("radius", &radius_text);
                    (a.label(), format!("/commons?{}", s.finish()))
                })
                .collect();
        }
        Some(addresses::Resolution::None) => errors.add("near", "places-address-none"),
        None => {}
    }
    let place = PlaceField::new(
        "near",
        "places-near-label",
        "places-near-hint",
        &if near_address.is_empty() {
            near_text
        } else {
            near_address.clone()
        },
    )
    .filling("near_lat", "near_lng");
    Ok(render(&ListPage {
        ctx,
        items,
        filters,
        choices: choices_with(districts),
        next,
        first_page: after.is_none(),
        near,
        near_error,
        place,
        errors,
        near_address,
        near_candidates,
        near_more,
        facets,
        facets_all,
    }))
}

/// Every sector with its count among the commons matching the other filters (zeros
/// left out, the chosen sector kept), each linking to the list narrowed to it.
fn sector_facets(filters: &Filters, counts: &[(String, i64)]) -> Vec<(String, i64, String, bool)> {
    if counts.is_empty() {
        return Vec::new();
    }
    Provisioning::ALL
        .iter()
        .filter_map(|p| {
            let n = counts
                .iter()
                .find(|(c, _)| c == p.code())
                .map(|x| x.1)
                .unwrap_or(0);
            let chosen = filters.provisioning == Some(*p);
            if n == 0 && !chosen {
                return None;
            }
            let mut f = filters.clone();
            f.provisioning = Some(*p);
            Some((p.label_key(), n, format!("/commons?{}", f.query()), chosen))
        })
        .collect()
}

#[derive(Template)]
#[template(path = "commons/map.html")]
pub(super) struct MapPage {
    ctx: PageCtx,
    map: MapView,
    items: Vec<ListItem>,
    filters: Filters,
    choices: FilterChoices,
    next: Option<i64>,
}

impl MapPage {
    /// Where the map asks what is in its view (the filters kept).
    fn view_url(&self) -> String {
        let q = self.filters.query();
        if q.is_empty() {
            "/commons/map.json".to_string()
        } else {
            format!("/commons/map.json?{q}")
        }
    }

    fn data_url(&self) -> String {
        let q = self.filters.query();
        if q.is_empty() {
            "/commons.geojson".to_string()
        } else {
            format!("/commons.geojson?{q}")
        }
    }
    fn filter_query(&self) -> String {
        self.filters.query()
    }
}

/// `GET /commons/map`: the interactive map, with the same commons as a list below.
pub async fn map(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    let f = filters.clone();
    let (reader, default) = (ctx.lang.code(), state.config.default_language.code());
    let (items, next) = state
        .db
        .run(move |conn| {
            let (mut items, next) = queries::list(conn, &f, None, PAGE)?;
            queries::translate_items(conn, &mut items, reader, default)?;
            Ok((items, next))
        })
        .await?;
    Ok(render(&MapPage {
        ctx,
        map: map_view(&state).await?,
        items,
        filters,
        choices: choices(&state, reader).await?,
        next,
    }))
}
