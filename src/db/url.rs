//! Parsing `PACTUM_DATABASE_URL`: the backend comes from the scheme.
//!
//! Accepted: `postgres://…` / `postgresql://…`; `sqlite://PATH` (the file is created if
//! its folder exists: an explicit URL is a deliberate choice); a bare PATH only when that
//! file already exists, so a typo never silently creates an empty database somewhere.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Postgres(String),
    Sqlite(PathBuf),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatabaseUrlError {
    #[error("unknown scheme \"{0}\": use postgres://… or sqlite://PATH")]
    UnknownScheme(String),
    #[error(
        "\"{0}\" is not an existing database file: to create a new SQLite database write sqlite://{0}"
    )]
    MissingFile(String),
    #[error("the folder of {0} does not exist")]
    MissingFolder(String),
    #[error("the database URL is empty")]
    Empty,
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<DatabaseUrl, DatabaseUrlError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(DatabaseUrlError::Empty);
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        if let Some(rest) = raw
            .strip_prefix("sqlite://")
            .or(raw.strip_prefix("sqlite:"))
        {
            if rest.is_empty() {
                return Err(DatabaseUrlError::Empty);
            }
            let path = PathBuf::from(rest);
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !folder.is_dir() {
                return Err(DatabaseUrlError::MissingFolder(rest.to_string()));
            }
            return Ok(DatabaseUrl::Sqlite(path));
        }
        if let Some((scheme, _)) = raw.split_once("://") {
            return Err(DatabaseUrlError::UnknownScheme(scheme.to_string()));
        }
        let path = PathBuf::from(raw);
        if path.is_file() {
            Ok(DatabaseUrl::Sqlite(path))
        } else {
            Err(DatabaseUrlError::MissingFile(raw.to_string()))
        }
    }

    /// The URL with any password removed, for logs and messages.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(p) => format!("sqlite://{}", p.display()),
            DatabaseUrl::Postgres(u) => match ::url::Url::parse(u) {
                Ok(mut parsed) => {
                    if parsed.password().is_some() {
                        let _ = parsed.set_password(Some("***"));
                    }
                    parsed.to_string()
                }
                Err(_) => "postgres://(unparsable)".to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_are_accepted() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u:p@localhost/db"),
            Ok(DatabaseUrl::Postgres("postgres://u:p@localhost/db".into()))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgresql://localhost/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
    }

    #[test]
    fn unknown_schemes_are_refused() {
        assert_eq!(
            DatabaseUrl::parse("mysql://localhost/db"),
            Err(DatabaseUrlError::UnknownScheme("mysql".into()))
        );
    }

    #[test]
    fn bare_paths_must_exist() {
        assert!(matches!(
            DatabaseUrl::parse("/nonexistent/pactum.db"),
            Err(DatabaseUrlError::MissingFile(_))
        ));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("x.db");
        std::fs::write(&file, b"").unwrap();
        assert_eq!(
            DatabaseUrl::parse(file.to_str().unwrap()),
            Ok(DatabaseUrl::Sqlite(file.clone()))
        );
    }

    #[test]
    fn sqlite_urls_need_an_existing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/new.db", dir.path().display());
        assert!(matches!(
            DatabaseUrl::parse(&url),
            Ok(DatabaseUrl::Sqlite(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("sqlite:///no/such/folder/x.db"),
            Err(DatabaseUrlError::MissingFolder(_))
        ));
    }

    #[test]
    fn passwords_are_redacted() {
        let url = DatabaseUrl::parse("postgres://pactum:secret@db/pactum").unwrap();
        assert!(!url.redacted().contains("secret"));
    }
}
