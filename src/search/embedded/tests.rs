use super::*;
use crate::search::tests::{
    CENTER, FILTER_FIELDS, assert_contains, assert_safe_html, check_behaviour, doc, filter, ids,
    query,
};

const SPEC: IndexSpec = IndexSpec {
    name: "test",
    filter_fields: FILTER_FIELDS,
};

fn open(dir: &Path) -> EmbeddedIndex {
    EmbeddedIndex::open(SPEC, dir).unwrap()
}

#[test]
fn behaves_like_a_search_index() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = crate::search::open(SPEC, dir.path(), None).unwrap();
    assert_eq!(index.backend_name(), "embedded");
    check_behaviour(index.as_ref());
    assert!(dir.path().join("search/test/meta.json").exists());
}

#[test]
fn stems_english_italian_dutch_and_french() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = open(dir.path());
    index
        .upsert(&[
            doc(1, "Il giardino", "", &[], None, 0),
            doc(2, "Parco pubblico", "", &[], None, 0),
            doc(3, "Een huis voor de buurt", "", &[], None, 0),
            doc(4, "Le cheval du quartier", "", &[], None, 0),
            doc(5, "Community kitchen", "Open to volunteers", &[], None, 0),
        ])
        .unwrap();
    // Each query differs from the indexed word by more than the typo tolerance (but
    // giardini/giardino), so only stemming can match it.
    for (text, id) in [
        ("giardini", 1),
        ("parchi", 2),
        ("huizen", 3),
        ("chevaux", 4),
        ("communities", 5),
        ("volunteering", 5),
    ] {
        let r = index.search(&query(text)).unwrap();
        assert_eq!(ids(&r), [id], "{text}");
        let hit = &r.hits[0];
        assert!(
            hit.title_html.contains("<mark>") || hit.snippet_html.contains("<mark>"),
            "{text}: {hit:?}"
        );
    }
    assert_eq!(index.search(&query("cavallo")).unwrap().total, 0);
}

#[test]
fn exact_matches_rank_above_typos_and_prefixes_match() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = open(dir.path());
    index
        .upsert(&[
            doc(1, "Parco Lunette", "", &[], None, 100),
            doc(2, "Parco Lunetta", "", &[], None, 0),
        ])
        .unwrap();
    let r = index.search(&query("lunetta")).unwrap();
    assert_eq!(ids(&r), [2, 1]);
    assert_eq!(r.hits[1].title_html, "Parco <mark>Lunette</mark>");
    // Too short for typos.
    index
        .upsert(&[
            doc(3, "Orto", "", &[], None, 0),
            doc(4, "Orso", "", &[], None, 0),
        ])
        .unwrap();
    assert_eq!(ids(&index.search(&query("orto")).unwrap()), [3]);
    // The last word as a prefix, accents folded.
    let r = index.search(&query("parco lun")).unwrap();
    assert_eq!(ids(&r), [1, 2]);
    assert_eq!(ids(&index.search(&query("PÀRCO LUNETTA")).unwrap())[0], 2);
    // Every word must match.
    assert_eq!(index.search(&query("parco giardino")).unwrap().total, 0);
    // Punctuation only is no text.
    assert_eq!(index.search(&query(" !? ")).unwrap().total, 4);
}

#[test]
fn reopening_keeps_documents() {
    let dir = tempfile::TempDir::new().unwrap();
    {
        let index = open(dir.path());
        index
            .upsert(&[doc(
                7,
                "Orto urbano",
                "",
                &[("status", "recognised")],
                Some(CENTER),
                3,
            )])
            .unwrap();
    }
    let index = open(dir.path());
    let q = SearchQuery {
        filters: vec![filter("status", &["recognised"])],
        near: Some((CENTER, 10.0)),
        ..query("orto")
    };
    assert_eq!(ids(&index.search(&q).unwrap()), [7]);
}

#[test]
fn a_changed_schema_recreates_the_index_empty() {
    let dir = tempfile::TempDir::new().unwrap();
    open(dir.path())
        .upsert(&[doc(1, "Orto urbano", "", &[], None, 0)])
        .unwrap();
    let other = IndexSpec {
        name: "test",
        filter_fields: &["kind"],
    };
    let index = EmbeddedIndex::open(other, dir.path()).unwrap();
    assert_eq!(index.search(&query("")).unwrap().total, 0);
    index
        .upsert(&[doc(2, "Orto", "", &[("kind", "x")], None, 0)])
        .unwrap();
    assert_eq!(ids(&index.search(&query("orto")).unwrap()), [2]);
}

#[test]
fn a_corrupt_index_is_recreated_empty() {
    let dir = tempfile::TempDir::new().unwrap();
    open(dir.path())
        .upsert(&[doc(1, "Orto urbano", "", &[], None, 0)])
        .unwrap();
    std::fs::write(dir.path().join("meta.json"), "{not json").unwrap();
    let index = open(dir.path());
    assert_eq!(index.search(&query("")).unwrap().total, 0);
}

#[test]
fn the_last_duplicate_of_a_batch_wins() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = open(dir.path());
    index
        .upsert(&[
            doc(1, "Prima", "", &[], None, 0),
            doc(1, "Seconda", "", &[], None, 0),
        ])
        .unwrap();
    let r = index.search(&query("")).unwrap();
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].title_html, "Seconda");
}

#[test]
fn snippets_come_from_the_middle_of_long_bodies() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = open(dir.path());
    let body = format!(
        "{} The <i>fountain</i> is restored by volunteers. {}",
        "Lorem ipsum dolor sit amet. ".repeat(15),
        "Consectetur adipiscing elit. ".repeat(15)
    );
    index
        .upsert(&[doc(1, "Fontana", &body, &[], None, 0)])
        .unwrap();
    let hit = &index.search(&query("fountain")).unwrap().hits[0];
    assert_safe_html(&hit.snippet_html);
    assert!(hit.snippet_html.starts_with('…'), "{}", hit.snippet_html);
    assert_contains(
        &hit.snippet_html,
        "&lt;i&gt;<mark>fountain</mark>&lt;/i&gt;",
    );
}

#[test]
fn rejects_bad_documents_and_queries() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = open(dir.path());
    let bad_field = doc(1, "x", "", &[("colour", "red")], None, 0);
    let bad_point = SearchDoc {
        geo: Some(GeoPoint {
            lat: 91.0,
            lng: 0.0,
        }),
        ..doc(2, "x", "", &[], None, 0)
    };
    for bad in [bad_field, bad_point] {
        let e = index.upsert(&[bad]).unwrap_err();
        assert!(matches!(e, SearchError::InvalidDocument { .. }), "{e}");
    }
    for q in [
        SearchQuery {
            filters: vec![filter("colour", &["red"])],
            ..query("")
        },
        SearchQuery {
            near: Some((CENTER, f64::NAN)),
            ..query("")
        },
        SearchQuery {
            near: Some((
                GeoPoint {
                    lat: 0.0,
                    lng: 200.0,
                },
                10.0,
            )),
            ..query("")
        },
    ] {
        let e = index.search(&q).unwrap_err();
        assert!(matches!(e, SearchError::BadQuery(_)), "{e}");
    }
}

#[test]
fn huge_pages_do_not_allocate() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = open(dir.path());
    index.upsert(&[doc(1, "Orto", "", &[], None, 0)]).unwrap();
    let q = SearchQuery {
        limit: usize::MAX,
        offset: usize::MAX,
        ..query("")
    };
    assert_eq!(index.search(&q).unwrap().total, 1);
    let q = SearchQuery {
        limit: usize::MAX,
        ..query("orto")
    };
    assert_eq!(ids(&index.search(&q).unwrap()), [1]);
}

#[test]
fn only_the_first_words_match_with_typos() {
    let dir = tempfile::TempDir::new().unwrap();
    let index = open(dir.path());
    let title = "Biblioteca Fontana Mercato Officina Giardino";
    index.upsert(&[doc(1, title, "", &[], None, 0)]).unwrap();
    // A typo in one of the first three words is forgiven, and highlighted.
    let r = index
        .search(&query("bibloteca fontana mercato officina giardino"))
        .unwrap();
    assert_eq!(ids(&r), [1]);
    assert_contains(&r.hits[0].title_html, "<mark>Biblioteca</mark>");
    // From the fourth word on, only exact, stemmed or prefix forms match.
    let r = index
        .search(&query("biblioteca fontana mercato oficina giardino"))
        .unwrap();
    assert_eq!(r.total, 0);
    let matcher = Matcher::new(&analyze_query(
        &mut Analyzers::new(),
        "bibloteca fontana mercato oficina giardino",
    ));
    let distances: Vec<u8> = matcher.plain.iter().map(|(_, d)| *d).collect();
    assert_eq!(distances, [2, 1, 1, 0, 0]);
}

#[test]
fn edit_distance() {
    assert!(within_distance("biblioteca", "bibloteca", 1));
    assert!(within_distance("lunetta", "lunteta", 1)); // transposition
    assert!(!within_distance("parco", "parchi", 1));
    assert!(within_distance("parco", "parchi", 2));
    assert_eq!(fuzzy_distance(4), 0);
    assert_eq!(fuzzy_distance(5), 1);
    assert_eq!(fuzzy_distance(8), 1);
    assert_eq!(fuzzy_distance(9), 2);
}

#[test]
fn bounding_box_holds_the_circle() {
    for center in [
        CENTER,
        GeoPoint {
            lat: 89.99,
            lng: 0.0,
        },
        GeoPoint {
            lat: 0.0,
            lng: 179.999,
        },
    ] {
        let radius = 5000.0;
        let ((lat_lo, lat_hi), lng) = bounding_box(center, radius);
        for step in 0..360 {
            let bearing = f64::from(step).to_radians();
            // A point on the circle (destination formula).
            let d = radius / EARTH_RADIUS_M;
            let (lat1, lng1) = (center.lat.to_radians(), center.lng.to_radians());
            let lat2 = (lat1.sin() * d.cos() + lat1.cos() * d.sin() * bearing.cos()).asin();
            let lng2 = lng1
                + (bearing.sin() * d.sin() * lat1.cos()).atan2(d.cos() - lat1.sin() * lat2.sin());
            let (lat2, lng2) = (lat2.to_degrees(), lng2.to_degrees());
            assert!((lat_lo..=lat_hi).contains(&lat2), "{center:?} {step}");
            if let Some((lo, hi)) = lng {
                assert!((lo..=hi).contains(&lng2), "{center:?} {step}");
            }
        }
    }
}
