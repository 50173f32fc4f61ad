//! Open data a portal can harvest: the DCAT-AP catalogue (`/catalog.jsonld`, with the
//! DCAT-AP_IT classes and fields Italian portals ask for) describing every dataset and
//! its downloads, and the commons CSV, which joins the registry with the pacts. This is
//! wiring: it asks each area's `api` and owns no data.
//!
//! A CKAN portal with the DCAT harvester (`ckanext-dcat`, and `ckanext-dcatapit` in
//! Italy) reads the catalogue: title and description in each language, publisher and
//! rights holder (with the city's IPA code when configured), contact point, licence,
//! update frequency, last change, theme, and each distribution's `accessURL`,
//! `downloadURL`, format and media type, all absolute under `PACTUM_BASE_URL`.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDateTime;
use serde_json::{Value, json};

use crate::config::Config;
use crate::error::AppError;
use crate::ports::AppState;
use crate::web::forms::FormData;
use crate::web::i18n::{Lang, catalog as translations};

type Res = Result<HttpResponse, AppError>;

/// A file format of the EU file-type vocabulary, with its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    GeoJson,
    Json,
}

impl Format {
    /// The code in <http://publications.europa.eu/resource/authority/file-type>.
    pub fn eu_code(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::GeoJson => "GEOJSON",
            Format::Json => "JSON",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv",
            Format::GeoJson => "application/geo+json",
            Format::Json => "application/json",
        }
    }
}

/// Where a dataset's last change is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Commons,
    Pacts,
    Support,
    Calls,
    Assemblies,
    Tokens,
    Ledger,
}

/// One distribution: a path on the site and its format; `download` when the path
/// gives the whole dataset (a file), not a page of an API.
#[derive(Debug, Clone, Copy)]
pub struct Distribution {
    pub path: &'static str,
    pub format: Format,
    pub download: bool,
}

/// One dataset of the catalogue. Its title and description are the Fluent messages
/// `opendata-<id>-title` and `opendata-<id>-description`, in every language.
#[derive(Debug, Clone, Copy)]
pub struct Dataset {
    pub id: &'static str,
    /// The page people read it on.
    pub landing: &'static str,
    /// The code in the EU data-theme vocabulary.
    pub theme: &'static str,
    pub source: Source,
    pub distributions: &'static [Distribution],
}

const fn file(path: &'static str, format: Format) -> Distribution {
    Distribution {
        path,
        format,
        download: true,
    }
}

const fn api(path: &'static str) -> Distribution {
    Distribution {
        path,
        format: Format::Json,
        download: false,
    }
}

/// Every dataset Pactum publishes.
pub const DATASETS: &[Dataset] = &[
    Dataset {
        id: "commons",
        landing: "/commons",
        theme: "REGI",
        source: Source::Commons,
        distributions: &[
            file("/commons.csv", Format::Csv),
            file("/commons.geojson", Format::GeoJson),
            api("/api/v1/commons"),
        ],
    },
    Dataset {
        id: "pacts",
        landing: "/pacts",
        theme: "GOVE",
        source: Source::Pacts,
        distributions: &[
            file("/pacts.csv", Format::Csv),
            file("/pacts.json", Format::Json),
            api("/api/v1/pacts"),
        ],
    },
    Dataset {
        id: "support",
        landing: "/pacts/stats",
        theme: "GOVE",
        source: Source::Support,
        distributions: &[
            file("/pacts/support.csv", Format::Csv),
            file("/pacts/support-totals.csv", Format::Csv),
        ],
    },
    Dataset {
        id: "calls",
        landing: "/calls",
        theme: "GOVE",
        source: Source::Calls,
        distributions: &[
            file("/calls.csv", Format::Csv),
            file("/calls.json", Format::Json),
        ],
    },
    Dataset {
        id: "assemblies",
        landing: "/assemblies",
        theme: "GOVE",
        source: Source::Assemblies,
        distributions: &[
            file("/assemblies.csv", Format::Csv),
            api("/api/v1/assemblies"),
        ],
    },
    Dataset {
        id: "tokens",
        landing: "/tokens",
        theme: "ENVI",
        source: Source::Tokens,
        distributions: &[
            file("/tokens.csv", Format::Csv),
            file("/tokens.json", Format::Json),
        ],
    },
    Dataset {
        id: "ledger",
        landing: "/ledger",
        theme: "GOVE",
        source: Source::Ledger,
        distributions: &[file("/ledger.csv", Format::Csv), api("/ledger.json")],
    },
    Dataset {
        id: "sectors",
        landing: "/commons/sectors",
        theme: "REGI",
        source: Source::Commons,
        distributions: &[
            file("/commons/sectors.csv", Format::Csv),
            file("/commons/sectors.json", Format::Json),
            file("/commons/sectors.csv?by=category", Format::Csv),
            file("/commons/sectors.json?by=category", Format::Json),
        ],
    },
];

/// What the catalogue says of the site: its address, the city, the licence and
/// contact, and the day it is built.
pub struct Site<'a> {
    pub base: &'a str,
    pub city: &'a str,
    pub config: &'a Config,
}

fn texts(key: &str) -> Value {
    let t = translations();
    Value::Array(
        Lang::ALL
            .iter()
            .map(|l| json!({"@value": t.t(*l, key), "@language": l.code()}))
            .collect(),
    )
}

fn iso_language(l: Lang) -> &'static str {
    match l {
        Lang::En => "ENG",
        Lang::It => "ITA",
        Lang::Nl => "NLD",
        Lang::Fr => "FRA",
    }
}

fn date_time(t: NaiveDateTime) -> Value {
    json!({"@value": t.format("%Y-%m-%dT%H:%M:%SZ").to_string(), "@type": "xsd:dateTime"})
}

/// The catalogue as JSON-LD, from the datasets and the last change of each source
/// (none yet: the catalogue's own day, `today`).
pub fn catalogue(
    site: &Site<'_>,
    modified: &HashMap<Source, NaiveDateTime>,
    today: NaiveDateTime,
) -> Value {
    let base = site.base.trim_end_matches('/');
    let od = &site.config.open_data;
    let here = format!("{base}/catalog.jsonld");
    let publisher_id = format!("{base}/#publisher");
    let mut publisher = json!({
        "@id": publisher_id,
        "@type": ["foaf:Agent", "dcatapit:Agent"],
        "foaf:name": site.city,
    });
    if let Some(ipa) = &od.publisher_id {
        publisher["dct:identifier"] = json!(ipa);
    }
    let licence = json!({
        "@id": od.licence.url,
        "@type": "dct:LicenseDocument",
        "foaf:name": od.licence.title,
        "dct:identifier": od.licence.id,
    });
    let contact = json!({
        "@id": format!("{base}/#contact"),
        "@type": ["vcard:Organization", "dcatapit:Organization"],
        "vcard:fn": site.city,
        "vcard:hasEmail": {"@id": format!("mailto:{}", od.contact_email)},
    });
    // DCAT-AP_IT identifiers are "<IPA code>:<local id>".
    let prefix = od
        .publisher_id
        .clone()
        .unwrap_or_else(|| site.city.to_string());
    let latest = modified.values().max().copied().unwrap_or(today);
    let datasets: Vec<Value> = DATASETS
        .iter()
        .map(|d| {
            let changed = modified.get(&d.source).copied().unwrap_or(today);
            let distributions: Vec<Value> = d
                .distributions
                .iter()
                .map(|x| {
                    let url = format!("{base}{}", x.path);
                    let mut v = json!({
                        "@id": format!("{here}#{}-{}", d.id, x.path.trim_start_matches('/').replace('/', "-")),
                        "@type": ["dcat:Distribution", "dcatapit:Distribution"],
                        "dct:title": format!("{} ({})", x.path, x.format.eu_code()),
                        "dcat:accessURL": {"@id": url},
                        "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{}", x.format.eu_code())},
                        "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{}", x.format.media_type())},
                        "dct:license": licence,
                        "dct:modified": date_time(changed),
                    });
                    if x.download {
                        v["dcat:downloadURL"] = json!({"@id": url});
                    }
                    v
                })
                .collect();
            json!({
                "@id": format!("{here}#{}", d.id),
                "@type": ["dcat:Dataset", "dcatapit:Dataset"],
                "dct:identifier": format!("{prefix}:{}", d.id),
                "dct:title": texts(&format!("opendata-{}-title", d.id)),
                "dct:description": texts(&format!("opendata-{}-description", d.id)),
                "dct:publisher": {"@id": publisher_id},
                "dct:rightsHolder": {"@id": publisher_id},
                "dcat:contactPoint": {"@id": format!("{base}/#contact")},
                "dcat:landingPage": {"@id": format!("{base}{}", d.landing)},
                "dcat:theme": {"@id": format!("http://publications.europa.eu/resource/authority/data-theme/{}", d.theme)},
                "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/CONT"},
                "dct:modified": date_time(changed),
                "dct:language": Lang::ALL.iter().map(|l| json!({"@id": format!("http://publications.europa.eu/resource/authority/language/{}", iso_language(*l))})).collect::<Vec<_>>(),
                "dcat:distribution": distributions,
            })
        })
        .collect();
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "adms": "http://www.w3.org/ns/adms#",
            "dcatapit": "http://dati.gov.it/onto/dcatapit#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": here,
        "@type": ["dcat:Catalog", "dcatapit:Catalog"],
        "dct:title": texts("opendata-catalogue-title"),
        "dct:description": texts("opendata-catalogue-description"),
        "dct:publisher": publisher,
        "dct:rightsHolder": {"@id": publisher_id},
        "dcat:contactPoint": contact,
        "foaf:homepage": {"@id": format!("{base}/")},
        "dct:license": licence,
        "dct:modified": date_time(latest),
        "dct:language": Lang::ALL.iter().map(|l| json!({"@id": format!("http://publications.europa.eu/resource/authority/language/{}", iso_language(*l))})).collect::<Vec<_>>(),
        "dcat:dataset": datasets,
    })
}

/// `GET /catalog.jsonld`: the DCAT-AP catalogue of every dataset (a cheap aggregate
/// query per source: its latest change).
pub async fn catalog(state: web::Data<AppState>) -> Res {
    let modified = state
        .db
        .run(|conn| {
            let mut m = HashMap::new();
            for (source, at) in [
                (Source::Commons, crate::commons::api::last_modified(conn)?),
                (Source::Pacts, crate::pacts::api::last_modified(conn)?),
                (
                    Source::Support,
                    crate::pacts::api::support_last_modified(conn)?,
                ),
                (Source::Calls, crate::pacts::api::calls_last_modified(conn)?),
                (
                    Source::Assemblies,
                    crate::assemblies::api::last_modified(conn)?,
                ),
                (Source::Tokens, crate::tokens::api::last_modified(conn)?),
                (Source::Ledger, crate::ledger::store::last_appended(conn)?),
            ] {
                if let Some(at) = at {
                    m.insert(source, at);
                }
            }
            Ok(m)
        })
        .await?;
    let config = &state.config;
    let body = catalogue(
        &Site {
            base: config.base_url.as_str(),
            city: &config.city_name,
            config,
        },
        &modified,
        state.clock.now(),
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "application/ld+json"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .body(body.to_string()))
}

/// Commons per page of the streamed CSV.
const CSV_PAGE: i64 = 500;

/// `GET /commons.csv`: every public commons matching the list's filters, every public
/// field and its number of public pacts (UTF-8 with BOM), streamed 500 commons at a
/// time in id order: each page in a fixed number of queries (the list, the details,
/// the pact counts), none per row.
pub async fn commons_csv(req: HttpRequest, state: web::Data<AppState>) -> Res {
    use crate::commons::api as commons;
    use crate::web::csv::Table;
    let filters = commons::Filters::from_form(&FormData::parse(req.query_string().as_bytes()));
    if filters.invalid {
        return Err(AppError::BadRequest("error-bad-filter"));
    }
    let base = state.config.base_url.to_string();
    let head = Table::new(&commons::export_csv_header())?.finish()?;
    let page: std::sync::Arc<crate::web::opendata::PageFn> =
        std::sync::Arc::new(move |conn, after| {
            let items = commons::export_list(conn, &filters, after, CSV_PAGE)?;
            let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
            let details = commons::export_details(conn, &ids)?;
            let pacts = crate::pacts::api::public_pact_counts(conn, &ids)?;
            Ok(crate::web::opendata::Chunk {
                next: (items.len() as i64 == CSV_PAGE)
                    .then(|| items.last().map(|i| i.id))
                    .flatten(),
                text: commons::export_csv(Table::continued(), &base, &items, &details, &pacts)?,
            })
        });
    let body = crate::web::opendata::paged_stream(state.db.clone(), head, page, "", String::new());
    Ok(crate::web::opendata::csv_stream("commons.csv", body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_has_a_download_and_translated_texts() {
        let t = translations();
        for d in DATASETS {
            assert!(d.distributions.iter().any(|x| x.download), "{}", d.id);
            for l in Lang::ALL {
                for part in ["title", "description"] {
                    let key = format!("opendata-{}-{part}", d.id);
                    assert!(t.has(l, &key), "{key} in {}", l.code());
                }
            }
        }
    }

    #[test]
    fn the_catalogue_names_licence_publisher_and_absolute_urls() {
        let mut config = Config::from_map(&HashMap::new()).unwrap();
        config.open_data.publisher_id = Some("c_a944".into());
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5)
            .unwrap()
            .and_hms_opt(7, 0, 0)
            .unwrap();
        let pacts_changed = today - chrono::Duration::days(3);
        let c = catalogue(
            &Site {
                base: "https://city.example/",
                city: "Bologna",
                config: &config,
            },
            &HashMap::from([(Source::Pacts, pacts_changed)]),
            today,
        );
        assert_eq!(c["dct:publisher"]["dct:identifier"], "c_a944");
        let pacts = &c["dcat:dataset"][1];
        assert_eq!(pacts["dct:identifier"], "c_a944:pacts");
        assert_eq!(pacts["dct:modified"]["@value"], "2026-12-02T07:00:00Z");
        assert_eq!(
            pacts["dcat:distribution"][0]["dcat:downloadURL"]["@id"],
            "https://city.example/pacts.csv"
        );
        assert_eq!(
            pacts["dcat:distribution"][0]["dct:license"]["@id"],
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(
            c["dcat:dataset"][0]["dct:modified"]["@value"],
            "2026-12-05T07:00:00Z"
        );
    }
}
