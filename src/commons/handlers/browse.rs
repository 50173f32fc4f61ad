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

/// `GET /commons`: the list with filters and keyset pagination, or "near this place".
pub async fn index(ctx: PageCtx, req: HttpRequest, state: web::Data<AppState>) -> Res {
    let q = query_of(&req);
    let filters = Filters::from_form(&q);
    let after = cursor(&q);
    let (near, near_error) = match near_of(&q) {
        Ok(n) => (n, ""),
        Err(key) => (None, key),
    };
    let near_echo = near.as_ref().map(|n| {
        (
            format!("{:.6}", n.at.lat),
            format!("{:.6}", n.at.lon),
            format!("{}", n.radius_m.round() as i64),
        )
    });
    let f = filters.clone();
    // One trip to the database for the page: the districts and the commons.
    let (districts, (items, next)) = state
        .db
        .run(move |conn| {
            let districts = districts::list(conn)?;
            let page = match near {
                Some(n) => (queries::near(conn, &f, n.at, n.radius_m, 100)?, None),
                None => queries::list(conn, &f, after, PAGE)?,
            };
            Ok((districts, page))
        })
        .await?;
    Ok(render(&ListPage {
        ctx,
        items,
        filters,
        choices: choices_with(districts),
        next,
        first_page: after.is_none(),
        near: near_echo,
        near_error,
    }))
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
    let (items, next) = state
        .db
        .run(move |conn| queries::list(conn, &f, None, PAGE))
        .await?;
    Ok(render(&MapPage {
        ctx,
        map: map_view(&state).await?,
        items,
        filters,
        choices: choices(&state).await?,
        next,
    }))
}
