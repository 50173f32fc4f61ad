//! Open-data CSV, written the same way for every area with the `csv` crate: UTF-8 with
//! a byte-order mark (so spreadsheets show accents), CRLF line ends, fields quoted when
//! they must be. Text a person typed goes in as [`Cell::Text`]: when it starts with a
//! character a spreadsheet would run as a formula ([`FORMULA_LEADS`], fullwidth forms
//! included), it gets a leading apostrophe. Values Pactum generates (ids, codes,
//! dates, numbers, links) go in as [`Cell::Value`], unchanged.

use crate::error::AppError;

/// First characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_LEADS: [char; 11] = [
    '=', '+', '-', '@', '\t', '\r', '\n', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// One cell of a row.
pub enum Cell<'a> {
    /// Text a person typed (names, titles, addresses): defused.
    Text(&'a str),
    /// A value Pactum generated: written as it is.
    Value(String),
}

/// Text with a leading apostrophe when it would be run as a formula.
pub fn defuse(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(FORMULA_LEADS) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

/// A CSV document being written: the header first, then one row at a time.
pub struct Table {
    writer: csv::Writer<Vec<u8>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Result<Table, AppError> {
        let mut out = Vec::with_capacity(4096);
        out.extend_from_slice("\u{FEFF}".as_bytes());
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(header).map_err(csv_error)?;
        Ok(Table { writer })
    }

    /// The rows of a document whose header an earlier part wrote (a streamed download's
    /// later pages): no byte-order mark, no header.
    pub fn continued() -> Table {
        Table {
            writer: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::with_capacity(4096)),
        }
    }

    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), AppError> {
        let fields = cells.iter().map(|c| match c {
            Cell::Text(s) => defuse(s),
            Cell::Value(v) => v.as_str().into(),
        });
        self.writer
            .write_record(fields.map(|f| f.into_owned()))
            .map_err(csv_error)
    }

    pub fn finish(self) -> Result<String, AppError> {
        let bytes = self
            .writer
            .into_inner()
            .map_err(|e| AppError::internal(format!("CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| AppError::internal(format!("CSV: {e}")))
    }
}

fn csv_error(e: csv::Error) -> AppError {
    AppError::internal(format!("CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[Cell<'_>]]) -> String {
        let mut t = Table::new(&["id", "name"]).unwrap();
        for r in rows {
            t.row(r).unwrap();
        }
        t.finish().unwrap()
    }

    #[test]
    fn bom_header_crlf_and_quotes_when_needed() {
        let csv = table(&[
            &[Cell::Value("1".into()), Cell::Text("Orto, \"Verde\"")],
            &[Cell::Value("2".into()), Cell::Text("line\nbreak")],
        ]);
        assert_eq!(
            csv,
            "\u{FEFF}id,name\r\n1,\"Orto, \"\"Verde\"\"\"\r\n2,\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn formula_leads_are_defused_in_text_but_not_in_values() {
        for lead in FORMULA_LEADS {
            let s = format!("{lead}SUM(A1)");
            assert!(defuse(&s).starts_with('\''), "{lead:?}");
        }
        assert_eq!(defuse("Orto"), "Orto");
        let csv = table(&[&[Cell::Value("-1".into()), Cell::Text("=HYPERLINK(1)")]]);
        assert!(csv.ends_with("-1,'=HYPERLINK(1)\r\n"), "{csv}");
    }

    /// Every character a spreadsheet may start a formula with, the fullwidth forms
    /// some of them normalise included, gets the apostrophe; other text does not.
    #[test]
    fn formula_leads_are_defused_fullwidth_ones_too() {
        for lead in [
            "=", "+", "-", "@", "\t", "\r", "\n", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}",
        ] {
            let text = format!("{lead}HYPERLINK(\"http://evil.example\")");
            let out = defuse(&text);
            assert!(out.starts_with('\''), "{lead:?}: {out}");
        }
        assert_eq!(defuse("\u{FF1D}1+1"), "'\u{FF1D}1+1");
        assert_eq!(defuse("\u{FF20}SUM(A1)"), "'\u{FF20}SUM(A1)");
        for plain in ["Orto", "1+1", "a=b", "\u{FF21}bc", " =1"] {
            assert_eq!(defuse(plain), plain);
        }
    }
}
