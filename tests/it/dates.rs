//! Dates as each language writes them: a page read in English, Italian, Dutch and
//! French shows the same day as `17 Nov 2025`, `17/11/2025`, `17-11-2025` and
//! `17/11/2025`, while the machine-readable `datetime` attributes stay ISO 8601.

use actix_web::http::StatusCode;

use crate::builders::{CommonsBuilder, UserBuilder};
use crate::client;
use crate::support::TestApp;

#[actix_web::test]
async fn a_page_shows_its_dates_in_the_readers_language() {
    let app = TestApp::new();
    let chiara = UserBuilder::new("chiara").build(&app);
    let marco = UserBuilder::new("marco").official().build(&app);
    let id = CommonsBuilder::new(&app)
        .named("Orto del Pratello")
        .proposed_by(chiara)
        .recognised_by(marco)
        .build();
    app.execute(&format!(
        "UPDATE commons SET recognised_at = '2025-11-17 14:30:00' WHERE id = {id}"
    ));
    app.execute(&format!(
        "UPDATE commons_events SET at = '2025-11-17 14:30:00' WHERE commons_id = {id}"
    ));

    for (lang, day, moment) in [
        ("en", "17 Nov 2025", "17 Nov 2025, 14:30"),
        ("it", "17/11/2025", "17/11/2025 14:30"),
        ("nl", "17-11-2025", "17-11-2025 14:30"),
        ("fr", "17/11/2025", "17/11/2025 14:30"),
    ] {
        let mut c = client!(app);
        let chosen = c
            .post(
                "/language",
                &[("lang", lang), ("next", &format!("/commons/{id}"))],
            )
            .await;
        assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{lang}");
        let p = c.get(&chosen.location()).await;
        assert_eq!(p.status, StatusCode::OK, "{lang}");
        assert_eq!(p.attr("html", "lang").as_deref(), Some(lang));
        // The day the commons was recognised.
        assert_eq!(
            p.texts(r#"time[datetime="2025-11-17"]"#),
            vec![day.to_string()],
            "{lang}"
        );
        // Its history, to the minute.
        let history = p.texts(r#".history time[datetime="2025-11-17T14:30:00Z"]"#);
        assert!(!history.is_empty(), "{lang}: {}", p.body);
        assert!(history.iter().all(|t| t == moment), "{lang}: {history:?}");
        // No date is left in the raw ISO form a reader would have to decode.
        let shown = p.texts("time");
        assert!(
            shown.iter().all(|t| !t.contains("2025-11-17")),
            "{lang}: {shown:?}"
        );
    }
}
