//! Reading a spreadsheet a city exported (CSV), the inverse of `web::csv`: a byte-order
//! mark is skipped, the delimiter (comma, semicolon or tab) is read from the header,
//! columns are found by any of their names (any case, spaces or underscores), and a
//! cell `web::csv` defused with a leading apostrophe gets its text back. Each row keeps
//! its line number, so that every problem is reported as "line 14, column `lat`: not
//! a number". Pure: no I/O, no web types.

use std::fmt;

/// The largest import file, in bytes (checked before anything is parsed).
pub const MAX_IMPORT_BYTES: u64 = 50 * 1024 * 1024;
/// The most rows an import file may have (checked before any row is validated).
pub const MAX_IMPORT_ROWS: usize = 100_000;

/// What is wrong with one cell (or, for [`Problem::NoColumn`], with the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required value is empty.
    Missing,
    /// The file has no column of this name (nor any of its other names).
    NoColumn,
    NotANumber,
    /// A latitude or longitude outside the globe.
    OutOfRange,
    /// Not a date (`YYYY-MM-DD` or `DD/MM/YYYY`).
    NotADate,
    /// Not one of the codes or labels of a vocabulary (the codes are listed).
    UnknownValue {
        value: String,
        allowed: String,
    },
    /// No district of that name or slug.
    UnknownDistrict(String),
    /// No commons with that external id or name.
    UnknownCommons(String),
    /// Longer than the field allows.
    TooLong(usize),
    /// The same external id as an earlier row.
    Repeated(usize),
    /// A value that cannot be imported (the reason, in English, for the CLI; the web
    /// page shows its key).
    Refused(&'static str),
    /// The geometry is not a Point or Polygon.
    BadGeometry,
    /// A scanned PDF that cannot be read or is not a PDF.
    BadPdf(String),
}

impl Problem {
    /// The translation key of the problem (`import-problem-...`), its value as `value`.
    pub fn key(&self) -> &'static str {
        match self {
            Problem::Missing => "import-problem-missing",
            Problem::NoColumn => "import-problem-no-column",
            Problem::NotANumber => "import-problem-not-a-number",
            Problem::OutOfRange => "import-problem-out-of-range",
            Problem::NotADate => "import-problem-not-a-date",
            Problem::UnknownValue { .. } => "import-problem-unknown-value",
            Problem::UnknownDistrict(_) => "import-problem-unknown-district",
            Problem::UnknownCommons(_) => "import-problem-unknown-commons",
            Problem::TooLong(_) => "import-problem-too-long",
            Problem::Repeated(_) => "import-problem-repeated",
            Problem::Refused(_) => "import-problem-refused",
            Problem::BadGeometry => "import-problem-bad-geometry",
            Problem::BadPdf(_) => "import-problem-bad-pdf",
        }
    }

    /// The value the message names (empty when none).
    pub fn value(&self) -> String {
        match self {
            Problem::UnknownValue { value, allowed } => format!("\"{value}\" ({allowed})"),
            Problem::UnknownDistrict(v) | Problem::UnknownCommons(v) | Problem::BadPdf(v) => {
                format!("\"{v}\"")
            }
            Problem::TooLong(n) | Problem::Repeated(n) => n.to_string(),
            Problem::Refused(why) => (*why).to_string(),
            _ => String::new(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing => write!(f, "empty, but required"),
            Problem::NoColumn => write!(f, "the file has no such column"),
            Problem::NotANumber => write!(f, "not a number"),
            Problem::OutOfRange => write!(f, "outside the range of coordinates"),
            Problem::NotADate => write!(f, "not a date (YYYY-MM-DD or DD/MM/YYYY)"),
            Problem::UnknownValue { value, allowed } => {
                write!(f, "unknown value \"{value}\" (one of: {allowed})")
            }
            Problem::UnknownDistrict(v) => write!(f, "no district is called \"{v}\""),
            Problem::UnknownCommons(v) => {
                write!(f, "no commons has the external id or name \"{v}\"")
            }
            Problem::TooLong(n) => write!(f, "longer than {n} characters"),
            Problem::Repeated(line) => write!(f, "the same external id as line {line}"),
            Problem::Refused(why) => write!(f, "{why}"),
            Problem::BadGeometry => write!(f, "not a Point or Polygon geometry"),
            Problem::BadPdf(why) => write!(f, "the PDF cannot be imported: {why}"),
        }
    }
}

/// One bad cell: its line (1 is the header; for GeoJSON, the feature's number),
/// column and problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: usize,
    pub column: String,
    pub problem: Problem,
}

impl RowError {
    pub fn new(line: usize, column: &str, problem: Problem) -> RowError {
        RowError {
            line,
            column: column.to_string(),
            problem,
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column `{}`: {}",
            self.line, self.column, self.problem
        )
    }
}

/// Why a whole file was refused before its rows were looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    /// More than [`MAX_IMPORT_BYTES`].
    TooLarge { bytes: u64 },
    /// More than [`MAX_IMPORT_ROWS`] rows.
    TooManyRows,
    /// Not UTF-8, not CSV or GeoJSON, no header.
    Unreadable(String),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::TooLarge { bytes } => write!(
                f,
                "the file is {} MB; the limit is {} MB",
                bytes / (1024 * 1024),
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            FileError::TooManyRows => write!(
                f,
                "the file has more than {MAX_IMPORT_ROWS} rows; split it into smaller files"
            ),
            FileError::Unreadable(why) => write!(f, "the file cannot be read: {why}"),
        }
    }
}

/// A header name as compared: lower case, spaces and dashes as underscores.
fn normalise(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// A cell's text as typed: trimmed, and without the apostrophe `web::csv` put before
/// text a spreadsheet would run as a formula.
pub fn undefuse(s: &str) -> &str {
    let s = s.trim();
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(super::csv::FORMULA_LEADS) => rest,
        _ => s,
    }
}

/// A CSV file as read: its header and its rows, each with its line number.
#[derive(Debug, Clone)]
pub struct Sheet {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

/// The delimiter of a file, from its header line: the most frequent of `,`, `;`, tab.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

impl Sheet {
    /// Reads `text`, refusing more than [`MAX_IMPORT_ROWS`] rows before going on.
    pub fn read(text: &str) -> Result<Sheet, FileError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter(text))
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| FileError::Unreadable(e.to_string()))?
            .iter()
            .map(normalise)
            .collect();
        if header.iter().all(String::is_empty) {
            return Err(FileError::Unreadable("it has no header line".into()));
        }
        let mut rows = Vec::new();
        // Lines counted from the records' byte offsets (the reader's own line count
        // is off by one after CRLF line ends).
        let (mut seen_byte, mut seen_line) = (0usize, 1usize);
        for record in reader.records() {
            let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if rows.len() == MAX_IMPORT_ROWS {
                return Err(FileError::TooManyRows);
            }
            let mut byte = record.position().map_or(seen_byte, |p| {
                usize::try_from(p.byte()).unwrap_or(seen_byte)
            });
            // After CRLF the reader places a record at the line feed before it.
            while matches!(text.as_bytes().get(byte), Some(b'\r' | b'\n')) {
                byte += 1;
            }
            seen_line += text
                .as_bytes()
                .get(seen_byte..byte)
                .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count());
            seen_byte = byte.max(seen_byte);
            let line = seen_line;
            rows.push((
                line,
                record.iter().map(|c| undefuse(c).to_string()).collect(),
            ));
        }
        Ok(Sheet { header, rows })
    }

    /// A sheet made from a header and rows (a GeoJSON file's features).
    pub fn from_parts(header: Vec<String>, rows: Vec<(usize, Vec<String>)>) -> Sheet {
        Sheet {
            header: header.iter().map(|h| normalise(h)).collect(),
            rows,
        }
    }

    /// The index of the first of `names` the header has.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| {
            let plain = !n
                .bytes()
                .any(|b| b.is_ascii_uppercase() || b == b' ' || b == b'-');
            if plain {
                self.header.iter().position(|h| h == n)
            } else {
                let n = normalise(n);
                self.header.iter().position(|h| *h == n)
            }
        })
    }

    /// The first filled cell of a row among the columns `names` (in their order),
    /// with its column's index.
    pub fn first_filled<'a>(
        &self,
        cells: &'a [String],
        names: &[&str],
    ) -> Option<(usize, &'a str)> {
        names.iter().find_map(|n| {
            let c = self.column(&[n])?;
            let v = cells.get(c).map(String::as_str).unwrap_or("");
            (!v.is_empty()).then_some((c, v))
        })
    }

    /// The rows: (line number, cells).
    pub fn rows(&self) -> &[(usize, Vec<String>)] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A cell of a row by column index (empty when the column is absent or the row short).
pub fn cell(cells: &[String], column: Option<usize>) -> &str {
    column
        .and_then(|c| cells.get(c))
        .map(String::as_str)
        .unwrap_or("")
}

/// A date as cities write them: `YYYY-MM-DD` (a time after it is ignored),
/// `DD/MM/YYYY` or `DD-MM-YYYY`.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    let s = s.trim();
    let day = s.get(..10).unwrap_or(s);
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .or_else(|_| chrono::NaiveDate::parse_from_str(s, "%d-%m-%Y"))
        .ok()
}

/// A decimal number, with a point or (as Italian spreadsheets write it) a comma.
pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim().replace(',', ".");
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A point written "lat, lng" in one cell (Bologna's `geopoint`).
pub fn parse_point(s: &str) -> Option<(f64, f64)> {
    let (a, b) = s.split_once(',')?;
    Some((
        a.trim().parse().ok().filter(|v: &f64| v.is_finite())?,
        b.trim().parse().ok().filter(|v: &f64| v.is_finite())?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_web_csv_writes_and_italian_spreadsheets() {
        let mut t = crate::web::csv::Table::new(&["id", "Titolo", "data inizio"]).unwrap();
        t.row(&[
            crate::web::csv::Cell::Value("7".into()),
            crate::web::csv::Cell::Text("=Orto, \"bello\""),
            crate::web::csv::Cell::Value("2027-01-05".into()),
        ])
        .unwrap();
        let sheet = Sheet::read(&t.finish().unwrap()).unwrap();
        assert_eq!(sheet.column(&["titolo"]), Some(1));
        assert_eq!(sheet.column(&["nothing", "data_inizio"]), Some(2));
        assert_eq!(sheet.column(&["nothing"]), None);
        let (line, cells) = &sheet.rows()[0];
        assert_eq!(*line, 2);
        assert_eq!(cell(cells, Some(1)), "=Orto, \"bello\"");
        assert_eq!(cell(cells, None), "");

        let crlf = Sheet::read("id,name\r\n1,a\r\n2,\"b\r\nc\"\r\n3,d\r\n").unwrap();
        let lines: Vec<usize> = crlf.rows().iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 3, 5]);
        let semi = "id;titolo\n1;Parco\n\n2;'Piazza\n";
        let sheet = Sheet::read(semi).unwrap();
        assert_eq!(sheet.len(), 2);
        assert_eq!(sheet.rows()[1].0, 4);
        // An apostrophe not before a formula lead is the text's own.
        assert_eq!(cell(&sheet.rows()[1].1, Some(1)), "'Piazza");
        assert!(matches!(Sheet::read(""), Err(FileError::Unreadable(_))));
    }

    #[test]
    fn too_many_rows_are_refused_before_any_is_checked() {
        let mut text = String::from("id\n");
        for i in 0..=MAX_IMPORT_ROWS {
            text.push_str(&format!("{i}\n"));
        }
        assert_eq!(Sheet::read(&text).unwrap_err(), FileError::TooManyRows);
    }

    #[test]
    fn dates_numbers_points_and_messages() {
        let d = chrono::NaiveDate::from_ymd_opt(2024, 3, 9).unwrap();
        assert_eq!(parse_date("2024-03-09"), Some(d));
        assert_eq!(parse_date("2024-03-09T10:00:00"), Some(d));
        assert_eq!(parse_date("09/03/2024"), Some(d));
        assert_eq!(parse_date("9 March"), None);
        assert_eq!(parse_number("44,5"), Some(44.5));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_point("44.5, 11.25"), Some((44.5, 11.25)));
        assert_eq!(parse_point("44.5"), None);
        assert_eq!(
            RowError::new(14, "lat", Problem::NotANumber).to_string(),
            "line 14, column `lat`: not a number"
        );
        assert_eq!(Problem::Repeated(3).value(), "3");
    }
}
