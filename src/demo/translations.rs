//! The demo city's content in several languages (issue 16, item 5): a few commons,
//! pacts and offices given in Italian, Dutch or French, and the districts, whose
//! names are Italian, marked so and given in English; so that a reader switching
//! language sees translations where they exist and marked originals elsewhere.

use diesel::prelude::*;

use crate::db::AnyConnection;
use crate::db::schema::{commons, districts, offices, pacts};
use crate::db::translations as texts;
use crate::error::AppError;
use crate::kit::translations::{Subject, Translation};

/// (original name, language, name, description).
const COMMONS: &[(&str, &str, &str, &str)] = &[
    (
        "Parco della Montagnola",
        "it",
        "Parco della Montagnola",
        "Un parco in collina al margine nord del centro storico, con tigli, un viale di ghiaia e panchine. I vicini curano le aiuole, riverniciano le panchine e animano un angolo di lettura la domenica.",
    ),
    (
        "Parco della Montagnola",
        "nl",
        "Montagnolapark",
        "Een heuvelpark aan de noordrand van de oude stad, met linden, een grindpad en bankjes. Buren wieden de bloemperken, schilderen de bankjes en houden op zondag een leeshoek onder de bomen.",
    ),
    (
        "Casetta dei Libri della Montagnola",
        "it",
        "Casetta dei Libri della Montagnola",
        "Una piccola biblioteca libera in una cassetta di legno all'ingresso sud del parco.",
    ),
    (
        "Repair Café del Centro",
        "fr",
        "Repair Café du centre",
        "Un atelier de réparation ouvert à tous : on y répare ensemble appareils, vêtements et vélos.",
    ),
];

/// (original title, language, title, objectives).
const PACTS: &[(&str, &str, &str, &str)] = &[
    (
        "Sunday reading corner in the Montagnola",
        "it",
        "Angolo di lettura domenicale alla Montagnola",
        "Un angolo di lettura aperto a tutti ogni domenica sotto i tigli del parco.",
    ),
    (
        "Shared vegetable beds at the Orti del Canale",
        "nl",
        "Gedeelde moestuinbakken bij de Orti del Canale",
        "Moestuinbakken die de buurt samen bewerkt en onderhoudt.",
    ),
];

/// (original name, language, name).
const OFFICES: &[(&str, &str, &str)] = &[
    ("Green areas", "it", "Verde pubblico"),
    ("Green areas", "nl", "Groenbeheer"),
    ("Green areas", "fr", "Espaces verts"),
    ("Culture", "it", "Cultura"),
    ("Culture", "fr", "Culture"),
    ("Schools", "it", "Scuole"),
    ("Mobility", "it", "Mobilità"),
    ("Heritage", "it", "Beni culturali"),
    ("Legal affairs", "it", "Affari legali"),
];

/// The districts' names are Italian: (name, English name).
const DISTRICTS: &[(&str, &str)] = &[
    ("Centro Storico", "Old Town"),
    ("Borgo Fiume", "River Quarter"),
    ("San Vitale", "Saint Vitalis"),
    ("Porta Ovest", "West Gate"),
];

fn translation(lang: &'static str, title: &str, second: Option<(bool, &str)>) -> Translation {
    Translation {
        lang,
        title: title.to_string(),
        summary: second.filter(|s| s.0).map(|s| s.1.to_string()),
        description: second.filter(|s| !s.0).map(|s| s.1.to_string()),
    }
}

/// Saves the demo's translations (after its commons, pacts and offices exist).
pub fn load(conn: &mut AnyConnection, by: i64) -> Result<(), AppError> {
    let at = crate::util::now();
    let lang = |l: &str| {
        crate::kit::translations::site_lang(l)
            .ok_or_else(|| AppError::internal(format!("demo translation language {l}")))
    };
    for (name, l, title, description) in COMMONS {
        let ids: Vec<i64> = commons::table
            .filter(commons::name.eq(name))
            .select(commons::id)
            .load(conn)?;
        for id in ids {
            let t = translation(lang(l)?, title, Some((false, description)));
            texts::save(conn, Subject::Commons, id, &t, Some(by), at)?;
        }
    }
    for (original, l, title, objectives) in PACTS {
        let ids: Vec<i64> = pacts::table
            .filter(pacts::title.eq(original))
            .select(pacts::id)
            .load(conn)?;
        for id in ids {
            let t = translation(lang(l)?, title, Some((true, objectives)));
            texts::save(conn, Subject::Pact, id, &t, Some(by), at)?;
        }
    }
    for (name, l, title) in OFFICES {
        let ids: Vec<i64> = offices::table
            .filter(offices::name.eq(name))
            .select(offices::id)
            .load(conn)?;
        for id in ids {
            texts::save(
                conn,
                Subject::Office,
                id,
                &translation(lang(l)?, title, None),
                Some(by),
                at,
            )?;
        }
    }
    for (name, english) in DISTRICTS {
        let ids: Vec<i64> = districts::table
            .filter(districts::name.eq(name))
            .select(districts::id)
            .load(conn)?;
        for id in ids {
            texts::set_original(conn, Subject::District, id, "it", Some(by), at)?;
            let t = translation("en", english, None);
            texts::save(conn, Subject::District, id, &t, Some(by), at)?;
        }
    }
    Ok(())
}
