//! Importing a city's earlier registry (`pactum import commons|pacts FILE`, and the
//! administrators' page `/admin/import`): the wiring between a file and the two
//! areas' importers (`commons::api::imports`, `pacts::api::imports`). A file is
//! refused whole before any row is read when it is too large or has too many rows;
//! then every row is checked, and either every problem is reported (line, column,
//! what) and nothing is saved, or the rows are written in one transaction.

use std::collections::HashMap;
use std::path::Path;

use crate::commons::api::imports as commons_import;
use crate::db::AnyConnection;
use crate::error::AppError;
use crate::pacts::api::imports as pacts_import;
use crate::web::csv_read::{FileError, MAX_IMPORT_BYTES, Problem, RowError, Sheet};
use crate::web::uploads::{self, ImageType};

pub mod handlers;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Commons,
    Pacts,
}

impl What {
    pub fn parse(s: &str) -> Option<What> {
        match s.trim() {
            "commons" => Some(What::Commons),
            "pacts" => Some(What::Pacts),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            What::Commons => "commons",
            What::Pacts => "pacts",
        }
    }
}

/// Why nothing was imported.
#[derive(Debug)]
pub enum Refused {
    /// The file as a whole (too large, too many rows, unreadable).
    File(FileError),
    /// Every bad row.
    Rows(Vec<RowError>),
    App(AppError),
}

impl From<AppError> for Refused {
    fn from(e: AppError) -> Refused {
        Refused::App(e)
    }
}

/// Where scanned PDFs named by a pacts file are read from (the command line).
#[derive(Debug, Clone, Copy)]
pub struct Scans<'a> {
    /// The CSV file's folder: a `pdf` cell is a path relative to it.
    pub dir: &'a Path,
    /// The data directory the PDFs are stored in (`None`: a dry run, nothing stored).
    pub store_in: Option<&'a Path>,
}

/// A checked file, ready to be planned or saved.
#[derive(Debug)]
pub enum Checked {
    Commons(Vec<commons_import::CommonsRow>),
    Pacts(
        Vec<pacts_import::PactImportRow>,
        HashMap<usize, pacts_import::StoredPdf>,
    ),
}

impl Checked {
    pub fn len(&self) -> usize {
        match self {
            Checked::Commons(r) => r.len(),
            Checked::Pacts(r, _) => r.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What an import creates and updates (planned or done).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub pdfs: usize,
}

impl Counts {
    fn of(rows: usize, created: usize, updated: usize, pdfs: usize) -> Counts {
        Counts {
            rows,
            created,
            updated,
            pdfs,
        }
    }
}

/// Refuses a file above [`MAX_IMPORT_BYTES`] before reading it.
pub fn check_size(bytes: u64) -> Result<(), FileError> {
    if bytes > MAX_IMPORT_BYTES {
        return Err(FileError::TooLarge { bytes });
    }
    Ok(())
}

/// The text of a file's bytes (UTF-8, a byte-order mark allowed).
pub fn text_of(bytes: Vec<u8>) -> Result<String, FileError> {
    String::from_utf8(bytes).map_err(|_| FileError::Unreadable("it is not UTF-8 text".into()))
}

/// Checks a file's rows against the database (districts, commons, imports so far);
/// `scans`: PDFs may be named (the command line).
pub fn check(
    conn: &mut AnyConnection,
    what: What,
    text: &str,
    scans: Option<Scans<'_>>,
) -> Result<Checked, Refused> {
    let tree = crate::commons::api::district_tree(conn)?;
    match what {
        What::Commons => {
            let sheet = commons_import::read(text).map_err(Refused::File)?;
            let rows = commons_import::parse(&sheet, &tree).map_err(Refused::Rows)?;
            Ok(Checked::Commons(rows))
        }
        What::Pacts => {
            let sheet = Sheet::read(text).map_err(Refused::File)?;
            let index = commons_import::index(conn)?;
            let rows = pacts_import::parse(&sheet, &tree, &index, scans.is_some())
                .map_err(Refused::Rows)?;
            let pdfs = match scans {
                Some(s) => read_scans(&rows, s).map_err(Refused::Rows)?,
                None => HashMap::new(),
            };
            Ok(Checked::Pacts(rows, pdfs))
        }
    }
}

/// Reads, checks and (unless a dry run) stores the scanned PDF of each row naming
/// one; every unreadable one is a row error.
fn read_scans(
    rows: &[pacts_import::PactImportRow],
    scans: Scans<'_>,
) -> Result<HashMap<usize, pacts_import::StoredPdf>, Vec<RowError>> {
    let mut out = HashMap::new();
    let mut errors = Vec::new();
    for r in rows {
        let Some(name) = &r.pdf else { continue };
        let bad = |why: String| RowError::new(r.line, "pdf", Problem::BadPdf(why));
        let path = scans.dir.join(name);
        let size = match std::fs::metadata(&path) {
            Ok(m) => m.len(),
            Err(e) => {
                errors.push(bad(format!("{}: {e}", path.display())));
                continue;
            }
        };
        if size > uploads::MAX_PHOTO_BYTES as u64 {
            errors.push(bad(format!(
                "larger than {} MB",
                uploads::MAX_PHOTO_BYTES / (1024 * 1024)
            )));
            continue;
        }
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                errors.push(bad(format!("{}: {e}", path.display())));
                continue;
            }
        };
        if let Err(e) = uploads::check_pdf(&bytes) {
            errors.push(bad(format!("not a readable PDF ({e:?})")));
            continue;
        }
        let hash = match scans.store_in {
            Some(dir) => match uploads::store(dir, ImageType::Pdf, &bytes) {
                Ok(h) => h,
                Err(e) => {
                    errors.push(bad(format!("cannot be stored: {e}")));
                    continue;
                }
            },
            None => crate::util::sha256_hex(&bytes),
        };
        let file_name = Path::new(name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "scan.pdf".into());
        out.insert(
            r.line,
            pacts_import::StoredPdf {
                hash,
                size: bytes.len() as i64,
                name: file_name,
            },
        );
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// What saving `checked` would do (the dry run).
pub fn plan(conn: &mut AnyConnection, checked: &Checked) -> Result<Counts, AppError> {
    Ok(match checked {
        Checked::Commons(rows) => {
            let c = commons_import::plan(conn, rows)?;
            Counts::of(rows.len(), c.created, c.updated, 0)
        }
        Checked::Pacts(rows, pdfs) => {
            let c = pacts_import::plan(conn, rows)?;
            Counts::of(rows.len(), c.created, c.updated, pdfs.len())
        }
    })
}

/// Saves `checked` in one transaction, recorded as done by `by` (`None`: the command
/// line); `progress` is told how many rows are done.
pub fn save(
    conn: &mut AnyConnection,
    checked: &Checked,
    by: Option<i64>,
    progress: &dyn Fn(u64),
) -> Result<Counts, AppError> {
    crate::db::write_transaction(conn, |conn| save_in(conn, checked, by, progress))
}

fn save_in(
    conn: &mut AnyConnection,
    checked: &Checked,
    by: Option<i64>,
    progress: &dyn Fn(u64),
) -> Result<Counts, AppError> {
    let registry = crate::accounts::api::registry_account(conn)?;
    Ok(match checked {
        Checked::Commons(rows) => {
            let c = commons_import::save(conn, rows, registry, by, progress)?;
            Counts::of(rows.len(), c.created, c.updated, 0)
        }
        Checked::Pacts(rows, pdfs) => {
            let c = pacts_import::save(conn, rows, pdfs, registry, by, progress)?;
            Counts::of(rows.len(), c.created, c.updated, c.pdfs)
        }
    })
}

/// The refusal as the command line prints it: every bad row on its own line.
pub fn describe(file: &Path, refused: &Refused) -> String {
    match refused {
        Refused::File(e) => format!("{} was not imported: {e}", file.display()),
        Refused::Rows(errors) => format!(
            "{} was not imported (nothing was saved): {} problem{}\n  {}",
            file.display(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n  ")
        ),
        Refused::App(e) => format!("{} was not imported: {e}", file.display()),
    }
}
