use super::*;

/// Filter fields of the test indexes.
pub(crate) const FILTER_FIELDS: &[&str] = &["category", "provisioning", "district", "status"];

/// Piazza Maggiore, Bologna.
pub(crate) const CENTER: GeoPoint = GeoPoint {
    lat: 44.4939,
    lng: 11.3428,
};

/// The point `metres` north of [`CENTER`].
pub(crate) fn north_of_center(metres: f64) -> GeoPoint {
    GeoPoint {
        lat: CENTER.lat + (metres / EARTH_RADIUS_M).to_degrees(),
        lng: CENTER.lng,
    }
}

pub(crate) fn doc(
    id: i64,
    title: &str,
    body: &str,
    filters: &[(&str, &str)],
    geo: Option<GeoPoint>,
    rank: i64,
) -> SearchDoc {
    SearchDoc {
        id,
        title: title.into(),
        body: body.into(),
        filters: filters
            .iter()
            .map(|(f, v)| ((*f).into(), (*v).into()))
            .collect(),
        geo,
        rank,
    }
}

pub(crate) fn query(text: &str) -> SearchQuery {
    SearchQuery {
        text: SearchText::parse(text).unwrap(),
        ..SearchQuery::default()
    }
}

pub(crate) fn filter(field: &str, values: &[&str]) -> (String, Vec<String>) {
    (
        field.into(),
        values.iter().map(|v| (*v).to_string()).collect(),
    )
}

pub(crate) fn ids(r: &SearchResults) -> Vec<i64> {
    r.hits.iter().map(|h| h.id).collect()
}

/// Fails, showing `haystack`, unless it contains `needle`.
pub(crate) fn assert_contains(haystack: &str, needle: &str) {
    assert!(haystack.contains(needle), "{needle:?} not in {haystack:?}");
}

/// Fails if `html` holds any markup but `<mark>`/`</mark>`.
pub(crate) fn assert_safe_html(html: &str) {
    let rest = html.replace("<mark>", "").replace("</mark>", "");
    assert!(
        !rest.contains(['<', '>', '"', '\'']),
        "unescaped markup in {html:?}"
    );
}

fn corpus() -> Vec<SearchDoc> {
    vec![
        doc(
            1,
            "Giardino dei Ciliegi",
            "Un giardino condiviso nel quartiere, con orti e panchine.",
            &[
                ("category", "green_area"),
                ("provisioning", "care"),
                ("provisioning", "food"),
                ("district", "centro-storico"),
                ("status", "recognised"),
            ],
            Some(CENTER),
            10,
        ),
        doc(
            2,
            "Biblioteca di quartiere",
            "Una biblioteca aperta a tutti, con libri e riviste.",
            &[
                ("category", "building"),
                ("provisioning", "culture"),
                ("district", "navile"),
                ("status", "recognised"),
            ],
            Some(north_of_center(1200.0)),
            20,
        ),
        doc(
            3,
            "<script>alert('x')</script> Tom & Jerry park",
            "Kids <b>love</b> the park & the \"fountain\".",
            &[
                ("category", "green_area"),
                ("district", "navile"),
                ("status", "proposed"),
            ],
            Some(north_of_center(3000.0)),
            30,
        ),
        doc(
            4,
            "Community garden",
            "Neighbours grow vegetables together every weekend and share the harvest.",
            &[
                ("category", "green_area"),
                ("district", "bolognina"),
                ("status", "recognised"),
            ],
            None,
            40,
        ),
    ]
}

/// The behaviour every backend must show. Starts by clearing the index and leaves it
/// empty.
pub(crate) fn check_behaviour(index: &dyn SearchIndex) {
    index.clear().unwrap();
    index.upsert(&corpus()).unwrap();

    // Exact match, highlighted in title and snippet.
    let r = index.search(&query("biblioteca")).unwrap();
    assert_eq!((ids(&r), r.total), (vec![2], 1));
    let hit = &r.hits[0];
    assert_contains(&hit.title_html, "<mark>Biblioteca</mark>");
    assert_contains(&hit.snippet_html, "<mark>biblioteca</mark>");
    assert_eq!(hit.distance_m, None);

    // A typo.
    assert_eq!(ids(&index.search(&query("bibloteca")).unwrap()), [2]);

    // Filters: OR within a field, AND across fields; without text, by rank.
    let by = |filters: Vec<(String, Vec<String>)>| {
        let q = SearchQuery {
            filters,
            ..SearchQuery::default()
        };
        let r = index.search(&q).unwrap();
        assert_eq!(r.total, r.hits.len());
        ids(&r)
    };
    assert_eq!(
        by(vec![
            filter("category", &["green_area", "building"]),
            filter("status", &["recognised"]),
        ]),
        [4, 2, 1]
    );
    assert_eq!(
        by(vec![
            filter("category", &["green_area"]),
            filter("district", &["navile"]),
        ]),
        [3]
    );
    // Multi-valued fields.
    assert_eq!(by(vec![filter("provisioning", &["food"])]), [1]);
    assert_eq!(
        by(vec![filter("provisioning", &["culture", "care"])]),
        [2, 1]
    );
    assert_eq!(
        by(vec![filter("status", &["abandoned"])]),
        Vec::<i64>::new()
    );
    // Text and filters together.
    let q = SearchQuery {
        filters: vec![filter("district", &["navile"])],
        ..query("giardino")
    };
    assert_eq!(index.search(&q).unwrap().total, 0);

    // Radius: without text, nearest first, with distances.
    let near = |text: &str, radius: f64| {
        let q = SearchQuery {
            near: Some((CENTER, radius)),
            ..query(text)
        };
        index.search(&q).unwrap()
    };
    let r = near("", 2000.0);
    assert_eq!((ids(&r), r.total), (vec![1, 2], 2));
    let distances: Vec<f64> = r.hits.iter().map(|h| h.distance_m.unwrap()).collect();
    assert!(distances[0] < 5.0, "{distances:?}");
    assert!((distances[1] - 1200.0).abs() < 10.0, "{distances:?}");
    assert_eq!(ids(&near("", 5000.0)), [1, 2, 3]);
    let r = near("giardino", 5000.0);
    assert_eq!(ids(&r), [1]);
    assert!(r.hits[0].distance_m.is_some());
    assert_eq!(near("park", 2000.0).total, 0);

    // Escaping: only <mark> is markup.
    let r = index.search(&query("jerry")).unwrap();
    assert_eq!(ids(&r), [3]);
    let hit = &r.hits[0];
    for html in [&hit.title_html, &hit.snippet_html] {
        assert_safe_html(html);
    }
    assert_contains(&hit.title_html, "&lt;script&gt;");
    assert_contains(&hit.title_html, "Tom &amp; <mark>Jerry</mark>");
    assert_contains(&hit.snippet_html, "&lt;b&gt;love&lt;/b&gt;");

    // Pagination and totals.
    let all = index.search(&query("")).unwrap();
    assert_eq!((ids(&all), all.total), (vec![4, 3, 2, 1], 4));
    let page = |limit: usize, offset: usize| {
        let q = SearchQuery {
            limit,
            offset,
            ..query("")
        };
        let r = index.search(&q).unwrap();
        (ids(&r), r.total)
    };
    assert_eq!(page(2, 1), (vec![3, 2], 4));
    assert_eq!(page(2, 3), (vec![1], 4));
    assert_eq!(page(2, 10), (vec![], 4));
    assert_eq!(page(0, 0), (vec![], 4));

    // Upsert replaces: no duplicate, new text and filters.
    let mut moved = corpus().swap_remove(1);
    moved.title = "Biblioteca Salaborsa".into();
    moved.filters = vec![("district".into(), "centro-storico".into())];
    index.upsert(&[moved]).unwrap();
    let r = index.search(&query("biblioteca")).unwrap();
    assert_eq!((ids(&r), r.total), (vec![2], 1));
    assert_contains(&r.hits[0].title_html, "Salaborsa");
    assert_eq!(by(vec![filter("district", &["navile"])]), [3]);
    assert_eq!(index.search(&query("")).unwrap().total, 4);

    // Delete; unknown ids are ignored.
    index.delete(&[3, 999]).unwrap();
    assert_eq!(index.search(&query("jerry")).unwrap().total, 0);
    assert_eq!(ids(&index.search(&query("")).unwrap()), [4, 2, 1]);

    // Clear.
    index.clear().unwrap();
    let r = index.search(&query("")).unwrap();
    assert_eq!((r.hits.len(), r.total), (0, 0));
}

#[test]
fn marks_ranges_and_escapes_everything_else() {
    let text = "<b>Tom</b> & \"Jerry\"";
    let html = mark_ranges(text, &[3..6, 14..19]);
    assert_eq!(
        html,
        "&lt;b&gt;<mark>Tom</mark>&lt;/b&gt; &amp; &quot;<mark>Jerry</mark>&quot;"
    );
    assert_safe_html(&html);
    // Ranges that are not on character boundaries are skipped, never panic.
    assert_eq!(mark_ranges("città", std::slice::from_ref(&(4..5))), "città");
}

#[test]
fn turns_markers_into_balanced_marks() {
    let s = format!("a{MARK_START}<b>{MARK_END} & {MARK_END}{MARK_START}c");
    assert_eq!(
        markers_to_html(&s),
        "a<mark>&lt;b&gt;</mark> &amp; <mark>c</mark>"
    );
    assert_eq!(strip_markers(&s), "a<b> & c");
}

#[test]
fn snippet_is_taken_around_the_best_match() {
    let filler = "parole senza importanza ".repeat(20);
    let body = format!("{filler}il giardino condiviso e il giardino grande. {filler}");
    let start = body.find("giardino").unwrap();
    let second = body.rfind("giardino").unwrap();
    let html = snippet_html(&body, &[start..start + 8, second..second + 8]);
    assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
    assert_eq!(html.matches("<mark>giardino</mark>").count(), 2, "{html}");
    let text = html.replace("<mark>", "").replace("</mark>", "");
    assert!(text.chars().count() <= SNIPPET_CHARS + 2, "{text}");
    // No match: the start of the body.
    let html = snippet_html(&body, &[]);
    assert!(html.starts_with("parole") && html.ends_with('…'), "{html}");
    // A short body is whole.
    assert_eq!(snippet_html("Kids & parks", &[]), "Kids &amp; parks");
}

#[test]
fn haversine_is_exact_enough() {
    let one_degree = haversine_m(
        GeoPoint { lat: 0.0, lng: 0.0 },
        GeoPoint { lat: 1.0, lng: 0.0 },
    );
    assert!((one_degree - 111_195.08).abs() < 1.0, "{one_degree}");
    assert!((haversine_m(CENTER, north_of_center(1234.0)) - 1234.0).abs() < 0.01);
}

#[test]
fn rejects_bad_specs() {
    let ok = IndexSpec {
        name: "commons",
        filter_fields: FILTER_FIELDS,
    };
    assert!(validate_spec(&ok).is_ok());
    for spec in [
        IndexSpec { name: "", ..ok },
        IndexSpec { name: "../x", ..ok },
        IndexSpec {
            name: "Commons",
            ..ok
        },
        IndexSpec {
            filter_fields: &["title"],
            ..ok
        },
        IndexSpec {
            filter_fields: &["_geo"],
            ..ok
        },
        IndexSpec {
            filter_fields: &["a b"],
            ..ok
        },
        IndexSpec {
            filter_fields: &["a", "a"],
            ..ok
        },
    ] {
        assert!(
            matches!(validate_spec(&spec), Err(SearchError::Config(_))),
            "{spec:?}"
        );
    }
}

#[test]
fn search_text_is_bounded_in_characters_and_words() {
    // Within the bounds: trimmed, kept as typed.
    let t = SearchText::parse("  Giardino dei Ciliegi ").unwrap();
    assert_eq!(t.as_str(), "Giardino dei Ciliegi");
    assert!(!t.is_empty());
    assert!(SearchText::parse("").unwrap().is_empty());
    assert!(SearchText::parse(" !? ").unwrap().is_empty());
    // Exactly at the limits.
    let ten = "uno due tre quattro cinque sei sette otto nove dieci";
    assert_eq!(SearchText::parse(ten).unwrap().as_str(), ten);
    let longest = "à".repeat(MAX_QUERY_CHARS);
    assert!(SearchText::parse(&longest).is_ok());
    assert!(SearchText::parse(&format!("  {longest}\n")).is_ok());
    // Past them.
    assert_eq!(
        SearchText::parse(&format!("{ten} undici")),
        Err(SearchTextError::TooManyWords)
    );
    // Punctuation separates words, as the index's tokenizer does.
    assert_eq!(
        SearchText::parse("a.b,c-d/e_f+g:h;i'j!k"),
        Err(SearchTextError::TooManyWords)
    );
    assert_eq!(
        SearchText::parse(&format!("{longest}à")),
        Err(SearchTextError::TooLong)
    );
    assert_eq!(
        SearchText::parse(&"word ".repeat(6000)),
        Err(SearchTextError::TooLong)
    );
    // Four-byte characters count as one.
    assert!(SearchText::parse(&"🌳".repeat(MAX_QUERY_CHARS)).is_ok());
    assert_eq!(
        SearchText::parse(&"🌳".repeat(MAX_QUERY_CHARS + 1)),
        Err(SearchTextError::TooLong)
    );
    assert_eq!(
        SearchTextError::TooLong.message_key(),
        "search-error-too-long"
    );
}

#[test]
fn meili_config_debug_hides_the_key() {
    let config = MeiliConfig {
        url: "http://127.0.0.1:7700".into(),
        api_key: Some("secret-key".into()),
    };
    assert!(!format!("{config:?}").contains("secret-key"));
}
