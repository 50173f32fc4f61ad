//! The street gazetteer's rules, without I/O: how a typed address becomes a search
//! key (accents, case, punctuation and the usual abbreviations do not matter; the
//! street's type — "via", "piazza" — may be left out), and how a city's "numeri
//! civici" CSV is read (columns found by their usual names, every bad row named by
//! line and column, nothing taken from a file with a bad row).

use std::collections::HashMap;

/// The longest typed address read (in characters); the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 100;
/// The most rows one import file may have.
pub const MAX_ROWS: usize = 1_000_000;
/// The most problems listed for a refused file.
const MAX_ERRORS: usize = 50;

/// Street types left out of the second key, so "Roma 12" finds "Via Roma 12".
const STREET_TYPES: &[&str] = &[
    "via",
    "viale",
    "piazza",
    "piazzale",
    "piazzetta",
    "vicolo",
    "vico",
    "corso",
    "strada",
    "stradello",
    "largo",
    "galleria",
    "borgo",
    "salita",
    "rue",
    "avenue",
    "boulevard",
    "place",
    "chemin",
    "allee",
    "impasse",
    "quai",
];

/// Articles that may follow the street type ("Via dell'Indipendenza", "Rue de la Paix").
const ARTICLES: &[&str] = &[
    "di", "del", "della", "dello", "dei", "degli", "delle", "dell", "de", "du", "des", "la", "le",
    "l", "d",
];

/// Abbreviations of street types, as the first word.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("v", "via"),
    ("vle", "viale"),
    ("p", "piazza"),
    ("pza", "piazza"),
    ("pzza", "piazza"),
    ("ple", "piazzale"),
    ("pzle", "piazzale"),
    ("ptta", "piazzetta"),
    ("vlo", "vicolo"),
    ("cso", "corso"),
    ("str", "strada"),
    ("lgo", "largo"),
    ("gall", "galleria"),
    ("bgo", "borgo"),
    ("av", "avenue"),
    ("bd", "boulevard"),
    ("bld", "boulevard"),
    ("pl", "place"),
];

/// Abbreviations written with a dot inside ("v.le", "p.za", "c.so"): the two parts.
const SPLIT_ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("v", "le", "viale"),
    ("p", "za", "piazza"),
    ("p", "zza", "piazza"),
    ("p", "le", "piazzale"),
    ("p", "tta", "piazzetta"),
    ("v", "lo", "vicolo"),
    ("c", "so", "corso"),
    ("l", "go", "largo"),
];

/// An accented or special letter as plain ASCII (lower case in, lower case out).
fn fold(c: char, out: &mut String) {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' => "i",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ç' | 'ć' | 'č' => "c",
        'ñ' | 'ń' => "n",
        'ý' | 'ÿ' => "y",
        'š' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ł' => "l",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        c if c.is_ascii_alphanumeric() => {
            out.push(c);
            return;
        }
        // Anything else separates words.
        _ => " ",
    };
    out.push_str(s);
}

/// The search key of an address: lower-case ASCII words separated by one space,
/// street-type abbreviations written out, a letter after a house number joined to
/// it ("12/A", "12 a" and "12a" are all "12a"). "" when nothing is left.
pub fn normalise(text: &str) -> String {
    let mut folded = String::new();
    for c in text
        .chars()
        .take(MAX_QUERY_CHARS)
        .flat_map(char::to_lowercase)
    {
        fold(c, &mut folded);
    }
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    if words.len() >= 3
        && let Some((_, _, full)) = SPLIT_ABBREVIATIONS
            .iter()
            .find(|(a, b, _)| words[0] == *a && words[1] == *b)
    {
        out.push((*full).to_string());
        words.drain(..2);
    } else if words.len() >= 2
        && let Some((_, full)) = ABBREVIATIONS.iter().find(|(a, _)| words[0] == *a)
    {
        out.push((*full).to_string());
        words.remove(0);
    }
    for w in words {
        let joins = w.len() == 1
            && w.chars().all(|c| c.is_ascii_alphabetic())
            && out
                .last()
                .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
        match (joins, out.last_mut()) {
            (true, Some(p)) => p.push_str(w),
            _ => out.push(w.to_string()),
        }
    }
    out.join(" ")
}

/// The key without the street's type and its article: "via dell indipendenza 5" is
/// "indipendenza 5". The key itself when it has no type, or nothing after it.
pub fn name_key(key: &str) -> &str {
    let mut rest = key;
    let mut stripped = false;
    if let Some((first, tail)) = rest.split_once(' ')
        && STREET_TYPES.contains(&first)
    {
        rest = tail;
        stripped = true;
    }
    if stripped
        && let Some((first, tail)) = rest.split_once(' ')
        && ARTICLES.contains(&first)
    {
        rest = tail;
    }
    rest
}

/// One house number of the gazetteer, as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerRow {
    /// The street as the file writes it ("Via dell'Indipendenza").
    pub street: String,
    /// The number with its suffix ("12", "12/A").
    pub house_number: String,
    pub search_key: String,
    pub name_key: String,
    pub lat: f64,
    pub lng: f64,
}

impl GazetteerRow {
    /// Builds a row from its street, number and point; the error says which part is
    /// wrong (for the caller to name the line and column).
    pub fn new(street: &str, number: &str, lat: f64, lng: f64) -> Result<GazetteerRow, RowError> {
        let street = street.split_whitespace().collect::<Vec<_>>().join(" ");
        let number = number.split_whitespace().collect::<Vec<_>>().join("");
        if street.is_empty() {
            return Err(RowError::Street("the street is empty"));
        }
        if street.chars().count() > 200 {
            return Err(RowError::Street("the street is longer than 200 characters"));
        }
        if number.is_empty() {
            return Err(RowError::Number("the house number is empty"));
        }
        if number.chars().count() > 20 {
            return Err(RowError::Number(
                "the house number is longer than 20 characters",
            ));
        }
        if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
            return Err(RowError::Lat(format!(
                "{lat} is not a latitude (-90..90): coordinates must be WGS84 degrees"
            )));
        }
        if !(-180.0..=180.0).contains(&lng) || !lng.is_finite() {
            return Err(RowError::Lng(format!(
                "{lng} is not a longitude (-180..180): coordinates must be WGS84 degrees"
            )));
        }
        let search_key = normalise(&format!("{street} {number}"));
        if normalise(&street).is_empty() {
            return Err(RowError::Street("the street has no letters or digits"));
        }
        let name = name_key(&search_key).to_string();
        Ok(GazetteerRow {
            street,
            house_number: number,
            name_key: name,
            search_key,
            lat,
            lng,
        })
    }

    /// "Via Roma 12/A".
    pub fn label(&self) -> String {
        format!("{} {}", self.street, self.house_number)
    }
}

/// What is wrong with one row, by the part it concerns.
#[derive(Debug, Clone, PartialEq)]
pub enum RowError {
    Street(&'static str),
    Number(&'static str),
    Lat(String),
    Lng(String),
}

/// Which columns hold what; `None` means "find it by its usual names".
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub street: Option<String>,
    pub street_type: Option<String>,
    pub number: Option<String>,
    pub suffix: Option<String>,
    pub lat: Option<String>,
    pub lng: Option<String>,
    pub point: Option<String>,
}

const STREET_NAMES: &[&str] = &[
    "street",
    "via",
    "nome_via",
    "nomevia",
    "denominazione_via",
    "denominazione",
    "toponimo",
    "odonimo",
    "duf",
    "strada",
];
const STREET_TYPE_NAMES: &[&str] = &["dug"];
const NUMBER_NAMES: &[&str] = &[
    "number",
    "numero",
    "civico",
    "numero_civico",
    "num_civico",
    "housenumber",
];
const SUFFIX_NAMES: &[&str] = &["esponente", "lettera", "barrato", "suffix"];
const LAT_NAMES: &[&str] = &["lat", "latitude", "latitudine", "y_wgs84"];
const LNG_NAMES: &[&str] = &["lng", "lon", "long", "longitude", "longitudine", "x_wgs84"];
const POINT_NAMES: &[&str] = &[
    "geo_point_2d",
    "geo point",
    "geopoint",
    "point",
    "coordinate",
];

/// A gazetteer file, read.
#[derive(Debug, Clone, Default)]
pub struct ParsedGazetteer {
    /// One row per street and number (a later row with the same ones wins).
    pub items: Vec<GazetteerRow>,
    /// Rows that repeated an earlier street and number.
    pub repeated: usize,
}

/// The delimiter of a CSV file: whichever of `;`, `,` and tab the header has most of.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// A decimal number, with a dot or a decimal comma.
fn number(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = if t.contains('.') {
        t.to_string()
    } else {
        t.replacen(',', ".", 1)
    };
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// "44.49, 11.34" (or "44.49 11.34") as (lat, lng).
fn point(text: &str) -> Option<(f64, f64)> {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')');
    // "44.49, 11.34", "44.49 11.34" or, with decimal commas, "44,49 11,34".
    let words: Vec<&str> = t.split_whitespace().collect();
    if let [a, b] = words.as_slice() {
        return Some((number(a.trim_end_matches([',', ';']))?, number(b)?));
    }
    let (a, b) = t.split_once(',')?;
    Some((number(a)?, number(b)?))
}

/// Reads a gazetteer CSV. Any problem refuses the file: the messages name the line
/// (as an editor counts them, the header being line 1) and the column.
pub fn parse_csv(text: &str, columns: &Columns) -> Result<ParsedGazetteer, Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| vec![format!("line 1: the header cannot be read: {e}")])?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let listed = header.join(", ");
    let mut errors: Vec<String> = Vec::new();
    // A column: the one the flag names (which must exist), or the first usual name.
    let mut find = |given: &Option<String>, usual: &[&str], what: &str, required: bool| {
        let lower: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
        match given {
            Some(g) => {
                let g = g.trim().to_lowercase();
                let at = lower.iter().position(|h| *h == g);
                if at.is_none() {
                    errors.push(format!(
                        "line 1: there is no column \"{g}\" for the {what} (columns: {listed})"
                    ));
                }
                at
            }
            None => {
                let at = usual.iter().find_map(|u| lower.iter().position(|h| h == u));
                if at.is_none() && required {
                    errors.push(format!(
                        "line 1: no column for the {what} (looked for {}; columns: {listed}); \
                         name it with the matching --...-column flag",
                        usual.join(", ")
                    ));
                }
                at
            }
        }
    };
    let street = find(&columns.street, STREET_NAMES, "street", true);
    let street_type = find(
        &columns.street_type,
        STREET_TYPE_NAMES,
        "street type",
        false,
    );
    let number_col = find(&columns.number, NUMBER_NAMES, "house number", true);
    let suffix = find(&columns.suffix, SUFFIX_NAMES, "number's suffix", false);
    let two = columns.point.is_none();
    let lat = if two {
        find(&columns.lat, LAT_NAMES, "latitude", false)
    } else {
        None
    };
    let lng = if two {
        find(&columns.lng, LNG_NAMES, "longitude", false)
    } else {
        None
    };
    let pt = if lat.is_some() && lng.is_some() {
        None
    } else {
        find(&columns.point, POINT_NAMES, "coordinates", false)
    };
    if pt.is_none() && (lat.is_none() || lng.is_none()) && errors.is_empty() {
        errors.push(format!(
            "line 1: no columns for the coordinates: latitude and longitude (looked for {} \
             and {}) or one \"lat, lng\" column (looked for {}); columns: {listed}",
            LAT_NAMES.join(", "),
            LNG_NAMES.join(", "),
            POINT_NAMES.join(", ")
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (Some(street), Some(number_col)) = (street, number_col) else {
        return Err(vec!["line 1: the header lacks a needed column".into()]);
    };
    let name = |i: usize| header.get(i).cloned().unwrap_or_default();
    let mut out = ParsedGazetteer::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = 0usize;
    // Lines as an editor counts them (the reader's own count slips on blank lines).
    let (mut counted_to, mut counted) = (0usize, 1u64);
    let mut line_at = |byte: u64| {
        let mut byte = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // A record's position may be the blank lines before it.
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        if byte > counted_to {
            counted += text.as_bytes()[counted_to..byte]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted_to = byte;
        }
        counted
    };
    let mut more_errors = 0usize;
    let mut push = |errors: &mut Vec<String>, message: String| {
        if errors.len() < MAX_ERRORS {
            errors.push(message);
        } else {
            more_errors += 1;
        }
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| line_at(p.byte())).unwrap_or(0);
                push(&mut errors, format!("line {line}: cannot be read: {e}"));
                continue;
            }
        };
        let line = record.position().map(|p| line_at(p.byte())).unwrap_or(0);
        rows += 1;
        if rows > MAX_ROWS {
            return Err(vec![format!(
                "the file has more than {MAX_ROWS} rows: split it and import each part"
            )]);
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            push(
                &mut errors,
                format!(
                    "line {line}: {} fields, but the header has {}",
                    record.len(),
                    header.len()
                ),
            );
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or("").trim();
        let street_text = match street_type.map(cell).filter(|t| !t.is_empty()) {
            Some(t) => format!("{t} {}", cell(street)),
            None => cell(street).to_string(),
        };
        let number_text = match suffix.map(cell).map(|s| s.trim_start_matches('/')) {
            Some(s) if !s.is_empty() => format!("{}/{s}", cell(number_col)),
            _ => cell(number_col).to_string(),
        };
        let coordinates = match (lat, lng, pt) {
            (Some(a), Some(b), _) => match (number(cell(a)), number(cell(b))) {
                (Some(la), Some(lo)) => Ok((la, lo)),
                (None, _) => Err((a, format!("\"{}\" is not a number", cell(a)))),
                (_, None) => Err((b, format!("\"{}\" is not a number", cell(b)))),
            },
            (_, _, Some(p)) => point(cell(p)).ok_or((
                p,
                format!("\"{}\" is not a \"latitude, longitude\" pair", cell(p)),
            )),
            _ => continue,
        };
        let (la, lo) = match coordinates {
            Ok(c) => c,
            Err((col, message)) => {
                push(
                    &mut errors,
                    format!("line {line}, column \"{}\": {message}", name(col)),
                );
                continue;
            }
        };
        match GazetteerRow::new(&street_text, &number_text, la, lo) {
            Ok(row) => match seen.get(&row.search_key) {
                Some(i) => {
                    out.items[*i] = row;
                    out.repeated += 1;
                }
                None => {
                    seen.insert(row.search_key.clone(), out.items.len());
                    out.items.push(row);
                }
            },
            Err(e) => {
                let (col, message) = match e {
                    RowError::Street(m) => (street, m.to_string()),
                    RowError::Number(m) => (number_col, m.to_string()),
                    RowError::Lat(m) => (lat.or(pt).unwrap_or(street), m),
                    RowError::Lng(m) => (lng.or(pt).unwrap_or(street), m),
                };
                push(
                    &mut errors,
                    format!("line {line}, column \"{}\": {message}", name(col)),
                );
            }
        }
    }
    if more_errors > 0 {
        errors.push(format!("... and {more_errors} more problems"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if out.items.is_empty() {
        return Err(vec!["the file has no addresses".into()]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_accents_punctuation_and_abbreviations() {
        assert_eq!(
            normalise("Via dell'Indipendenza, 5"),
            "via dell indipendenza 5"
        );
        assert_eq!(normalise("  VIA  Zamboni   33 "), "via zamboni 33");
        assert_eq!(
            normalise("Piazza Santo Stefano 12/A"),
            "piazza santo stefano 12a"
        );
        assert_eq!(
            normalise("p.za santo stefano 12 a"),
            "piazza santo stefano 12a"
        );
        assert_eq!(
            normalise("P.zza Santo Stefano 12a"),
            "piazza santo stefano 12a"
        );
        assert_eq!(normalise("V. Zamboni 33"), "via zamboni 33");
        assert_eq!(normalise("v.le Silvani 6"), "viale silvani 6");
        assert_eq!(normalise("C.so Italia 1"), "corso italia 1");
        assert_eq!(normalise("Vicolo Bolognetti"), "vicolo bolognetti");
        assert_eq!(normalise("Città Università"), "citta universita");
        assert_eq!(normalise("Straße"), "strasse");
        // A lone "v" is only an abbreviation before a name.
        assert_eq!(normalise("v"), "v");
        // A letter joins a number, never a word.
        assert_eq!(normalise("Via A. Costa 3"), "via a costa 3");
        assert_eq!(normalise("?!"), "");
        let long = "a".repeat(500);
        assert_eq!(normalise(&long).len(), MAX_QUERY_CHARS);
    }

    #[test]
    fn the_second_key_leaves_out_the_street_type_and_article() {
        assert_eq!(name_key("via dell indipendenza 5"), "indipendenza 5");
        assert_eq!(name_key("piazza maggiore 1"), "maggiore 1");
        assert_eq!(name_key("rue de la paix 3"), "la paix 3");
        assert_eq!(name_key("veldstraat 12"), "veldstraat 12");
        assert_eq!(name_key("via"), "via");
        assert_eq!(name_key("di vittorio 3"), "di vittorio 3");
    }

    #[test]
    fn rows_are_checked_part_by_part() {
        let r = GazetteerRow::new(" Via  Zamboni ", "33 / B", 44.4968, 11.3524).unwrap();
        assert_eq!(r.label(), "Via Zamboni 33/B");
        assert_eq!(
            (r.search_key.as_str(), r.name_key.as_str()),
            ("via zamboni 33b", "zamboni 33b")
        );
        assert!(matches!(
            GazetteerRow::new("", "1", 44.0, 11.0),
            Err(RowError::Street(_))
        ));
        assert!(matches!(
            GazetteerRow::new("Via Roma", " ", 44.0, 11.0),
            Err(RowError::Number(_))
        ));
        assert!(matches!(
            GazetteerRow::new("Via Roma", "1", 4_930_000.0, 11.0),
            Err(RowError::Lat(_))
        ));
        assert!(matches!(
            GazetteerRow::new("Via Roma", "1", 44.0, 686_000.0),
            Err(RowError::Lng(_))
        ));
    }

    #[test]
    fn a_numeri_civici_file_is_read_with_its_usual_columns() {
        let csv = "\u{feff}CODICE_VIA;NOME_VIA;CIVICO;ESPONENTE;QUARTIERE;Geo Point\n\
                   1;Via Zamboni;33;;Santo Stefano;\"44.4968, 11.3524\"\n\
                   1;Via Zamboni;33;B;Santo Stefano;\"44.4969, 11.3525\"\n\
                   2;Piazza Maggiore;1;;Santo Stefano;\"44,4938 11,3430\"\n\
                   1;Via Zamboni;33;;Santo Stefano;\"44.4970, 11.3526\"\n";
        let p = parse_csv(csv, &Columns::default()).unwrap();
        assert_eq!(p.items.len(), 3);
        assert_eq!(p.repeated, 1);
        assert_eq!(p.items[0].label(), "Via Zamboni 33");
        assert_eq!(p.items[0].lat, 44.4970, "the later row wins");
        assert_eq!(p.items[1].label(), "Via Zamboni 33/B");
        assert_eq!((p.items[2].lat, p.items[2].lng), (44.4938, 11.3430));
    }

    #[test]
    fn columns_can_be_named_and_types_joined() {
        let csv = "DUG,DUF,N,Y,X\nVia,Roma,4,45.1,7.6\n";
        let cols = Columns {
            number: Some("n".into()),
            lat: Some("Y".into()),
            lng: Some("x".into()),
            ..Columns::default()
        };
        let p = parse_csv(csv, &cols).unwrap();
        assert_eq!(p.items[0].label(), "Via Roma 4");
        assert_eq!(p.items[0].name_key, "roma 4");
        let e = parse_csv(csv, &Columns::default()).unwrap_err();
        assert!(
            e[0].starts_with("line 1: no column for the house number"),
            "{e:?}"
        );
        let e = parse_csv(
            csv,
            &Columns {
                street: Some("strada".into()),
                ..cols.clone()
            },
        )
        .unwrap_err();
        assert!(
            e[0].starts_with("line 1: there is no column \"strada\""),
            "{e:?}"
        );
    }

    #[test]
    fn every_bad_row_is_named_by_line_and_column() {
        let csv = "via,civico,lat,lng\n\
                   Via Roma,1,44.5,11.3\n\
                   ,2,44.5,11.3\n\
                   Via Roma,3,north,11.3\n\
                   Via Roma,4,44.5\n\
                   \n\
                   Via Roma,,44.5,11.3\n\
                   Via Roma,6,4930000,686000\n";
        let e = parse_csv(csv, &Columns::default()).unwrap_err();
        assert_eq!(
            e,
            [
                "line 3, column \"via\": the street is empty",
                "line 4, column \"lat\": \"north\" is not a number",
                "line 5: 3 fields, but the header has 4",
                "line 7, column \"civico\": the house number is empty",
                "line 8, column \"lat\": 4930000 is not a latitude (-90..90): coordinates must be WGS84 degrees",
            ]
        );
        assert!(parse_csv("via,civico\nVia Roma,1\n", &Columns::default()).is_err());
        assert_eq!(
            parse_csv("via,civico,lat,lng\n", &Columns::default()).unwrap_err(),
            ["the file has no addresses"]
        );
    }
}
