//! The `pactum` command line: serve, migrate, demo, user, districts, addresses, import,
//! reindex, ledger, tally, backup, export-db, import-db, healthcheck. Long work (import,
//! reindex, ledger audit and export) shows a progress bar on standard error when it is a
//! terminal, and nothing when it is not (indicatif hides a bar whose terminal no one
//! attends), so scripts and CI logs stay quiet.

use std::io::BufRead;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::accounts::validate::{DisplayName, EmailAddress, NewPassword};
use crate::accounts::{Role, admin, models, password, service};
use crate::app::{AppState, build_app_with_metrics};
use crate::config::{self, Config};
use crate::db::Db;
use crate::web::i18n::Lang;
use crate::{demo, jobs, ledger, mail, voting};

const AFTER_HELP: &str = "Configuration comes from PACTUM_* environment variables \
(PACTUM_DATA_DIR, PACTUM_DATABASE_URL, PACTUM_BIND, PACTUM_BASE_URL, PACTUM_SMTP_URL, ...): \
see the README. With none set, Pactum uses ./pactum-data and an SQLite database inside it.";

#[derive(Parser, Debug)]
#[command(
    name = "pactum",
    version,
    about = "Pactum: the city's platform for urban commons, collaboration pacts, assemblies and a civic ledger",
    after_help = AFTER_HELP,
    after_long_help = config::variables_help()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default): applies pending migrations, then serves.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit (safe to run again).
    Migrate,
    /// Load the demo city (districts, offices, people, groups) into the configured database.
    Demo,
    /// Manage accounts from the command line (for the city's IT staff).
    #[command(subcommand)]
    User(UserCommand),
    /// The civic ledger: verify proofs, audit a running log, export entries.
    #[command(subcommand)]
    Ledger(LedgerCommand),
    /// The city's districts (the areas commons and pacts are placed in).
    #[command(subcommand)]
    Districts(DistrictsCommand),
    /// The street gazetteer that turns typed addresses into places, with no outside
    /// service.
    #[command(subcommand)]
    Addresses(AddressesCommand),
    /// Import the city's earlier registry: commons or pacts, from CSV (or GeoJSON for
    /// commons) with the columns the README lists; Pactum's own /commons.csv and
    /// /pacts.csv are accepted as they are. Any bad row refuses the whole file, naming
    /// every bad row's line and column; nothing is saved then. Importing the same
    /// file again updates what it imported (by each row's external id).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Rebuild the commons and pacts search indexes from the database (embedded
    /// indexes, or Meilisearch when PACTUM_MEILI_URL is set).
    Reindex,
    /// Recount a vote from its published ballots (BLT for schulze, irv and stv; CSV for
    /// the others) and print the result as JSON. Exit status: 0 a result, 1 the quorum
    /// was missed, 2 unreadable input (the line is named on standard error).
    Tally(TallyArgs),
    /// Decarbonisation tokens.
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Copy the SQLite database to a new file while the server keeps running (one
    /// consistent snapshot, checked, synced; an existing file is never replaced). With
    /// PostgreSQL it refuses (exit 2): use pg_dump -Fc (deploy/README.md, "Backups").
    /// Back up the rest of the data directory too (keys, files, outbox).
    Backup {
        /// The new backup file, e.g. /var/backups/pactum/pactum-2026-12-05.db
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Write every table of the configured database to a portable dump (JSON lines,
    /// one consistent snapshot) that import-db loads into SQLite or PostgreSQL.
    ExportDb {
        /// The new dump file (never overwritten).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Load a dump written by export-db into the configured database, which must be
    /// new and empty (the migrations are applied first): in one transaction, all or
    /// nothing. Then copy the data directory's keys and files, and run pactum reindex.
    ImportDb {
        /// The dump file.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Ask the server listening on PACTUM_BIND for /healthz (for container health
    /// checks). Exit status: 0 healthy, 1 not.
    Healthcheck,
}

#[derive(Subcommand, Debug)]
pub enum TokensCommand {
    /// Check every token invariant against the configured database: debits equal
    /// credits, supply accounted, no holder negative, retired never debited, serial
    /// ranges disjoint and complete, one issuance per claim, the civic fund never
    /// negative. Exit status: 0 all hold, 1 one or more broken (each named on a line).
    Check,
}

#[derive(Args, Debug, Clone)]
pub struct TallyArgs {
    /// yes_no_abstain, consent, approval, score, schulze, irv or stv.
    #[arg(long)]
    pub method: String,
    /// Winners to elect (approval, score, ranked methods; default: the BLT file's, or 1).
    #[arg(long)]
    pub seats: Option<usize>,
    /// The STV rules: meek (default) or scottish.
    #[arg(long, value_name = "meek|scottish", default_value = "meek")]
    pub stv: String,
    /// consent: one block vetoes the proposal.
    #[arg(long)]
    pub block_is_veto: bool,
    /// yes_no_abstain: simple, absolute, a qualified fraction p/q such as 2/3, or
    /// double (55 % of the organisations representing 65 % of the members: the CSV
    /// then has a weight column, and --electorate and --electorate-weight are needed).
    #[arg(long, default_value = "simple")]
    pub majority: String,
    /// score: the highest score (default: the highest score on any ballot).
    #[arg(long)]
    pub max_score: Option<u32>,
    /// The quorum: a count of ballots (12) or a fraction of the electorate (1/3).
    #[arg(long)]
    pub quorum: Option<String>,
    /// The number of voters entitled to vote.
    #[arg(long)]
    pub electorate: Option<u64>,
    /// A vote held in a meeting: the members recorded present, which the quorum then
    /// judges instead of the ballots cast (the published result names it).
    #[arg(long)]
    pub present: Option<u64>,
    /// A double majority: the members the whole electorate represents.
    #[arg(long)]
    pub electorate_weight: Option<u64>,
    /// The ballot file.
    pub file: std::path::PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum DistrictsCommand {
    /// Import districts from a GeoJSON FeatureCollection of Polygon/MultiPolygon
    /// features (WGS84). A district whose name is already known gets the new outline.
    /// Any invalid feature refuses the whole file, naming the feature by its number.
    Import {
        /// The GeoJSON file (at most 50 MB).
        file: std::path::PathBuf,
        /// The feature property holding the district's name.
        #[arg(long, default_value = "name")]
        name_property: String,
        /// The feature property naming each district's parent district by name (a
        /// district of the same file or one already imported); empty: a top level.
        #[arg(long, conflicts_with = "parent")]
        parent_property: Option<String>,
        /// The parent district (by name) of every district of the file.
        #[arg(long)]
        parent: Option<String>,
        /// What the city calls this level: circoscrizione, quartiere, zona, wijk...
        #[arg(long, default_value = "")]
        level: String,
    },
    /// List the districts: slug, name, level and parent.
    List,
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Commons: CSV, or a GeoJSON FeatureCollection of Points and Polygons whose
    /// properties use the same names (at most 50 MB and 100,000 rows).
    Commons {
        /// The file (.csv or .geojson/.json; the content decides).
        file: std::path::PathBuf,
        /// Check the file and print what would be created and updated; save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Pacts: CSV (at most 50 MB and 100,000 rows). A `pdf` column names a scanned
    /// signed pact, a path relative to the CSV file; its SHA-256 goes on the civic
    /// ledger as `pact.imported`.
    Pacts {
        /// The CSV file.
        file: std::path::PathBuf,
        /// Check the file and print what would be created and updated; save nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum AddressesCommand {
    /// Import the city's street gazetteer ("numeri civici") from CSV: one row per
    /// house number with street, number and WGS84 coordinates. The delimiter (comma,
    /// semicolon or tab) is read from the header. Columns are found by the names
    /// below (any case) unless named with the flags. The same street and number
    /// again updates its row. Any bad row refuses the whole file, naming its line
    /// and column; nothing is saved then.
    Import {
        /// The CSV file (at most 200 MB).
        file: std::path::PathBuf,
        /// The street's name (default: street, via, nome_via, nomevia, denominazione,
        /// toponimo, odonimo, duf, strada).
        #[arg(long)]
        street_column: Option<String>,
        /// The street's type when it has its own column (default: dug, if present),
        /// put before the name: "Via" + "Roma".
        #[arg(long)]
        street_type_column: Option<String>,
        /// The house number (default: number, numero, civico, numero_civico,
        /// num_civico, housenumber).
        #[arg(long)]
        number_column: Option<String>,
        /// A letter or suffix after the number, "12" + "A" = "12/A" (default:
        /// esponente, lettera, barrato, suffix, if present).
        #[arg(long)]
        suffix_column: Option<String>,
        /// Latitude (default: lat, latitude, latitudine, y_wgs84).
        #[arg(long)]
        lat_column: Option<String>,
        /// Longitude (default: lng, lon, long, longitude, longitudine, x_wgs84).
        #[arg(long)]
        lng_column: Option<String>,
        /// One column with "lat, lng" instead of two (default: geo_point_2d, geo point,
        /// geopoint, point, coordinate, when there are no latitude and longitude).
        #[arg(long)]
        point_column: Option<String>,
    },
    /// How many addresses the gazetteer holds.
    Count,
}

#[derive(Subcommand, Debug)]
pub enum LedgerCommand {
    /// Check one proof file in the transparency-dev JSON shape (inclusion: leafIdx,
    /// treeSize, root, leafHash, proof; consistency: size1, size2, root1, root2, proof).
    /// Exit status: 0 valid, 1 invalid, 2 unreadable.
    VerifyProof {
        /// The JSON file (as served by /api/v1/ledger/proof/...).
        file: std::path::PathBuf,
    },
    /// Audit a running Pactum's ledger over HTTP: checkpoint signature, every entry,
    /// the whole tree, the published tiles and proofs, and (with --state) that the log
    /// only grew since the last run. Exit status: 0 verified, 1 failed.
    Audit {
        /// The site's base URL, e.g. https://commons.city.example
        #[arg(long)]
        url: String,
        /// The ledger's verifier key (as published at /ledger/key and by the city).
        #[arg(long)]
        key: String,
        /// A file remembering the last checkpoint seen (created if missing, updated on success).
        #[arg(long)]
        state: Option<std::path::PathBuf>,
    },
    /// Write every entry of the configured database to standard output, one canonical
    /// JSON entry per line, in order (line n is entry n - 1).
    Export,
}

#[derive(Args, Debug, Default)]
pub struct ServeArgs {
    /// Load the demo city on first start, when the database has no users yet (and call
    /// the city Valdora unless PACTUM_CITY_NAME says otherwise).
    #[arg(long)]
    pub demo: bool,
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create a verified account. The password is read from standard input (one line)
    /// with --password-stdin; otherwise a random one is generated and printed once.
    Create {
        /// E-mail address (the sign-in name).
        #[arg(long)]
        email: String,
        /// Display name shown on the site.
        #[arg(long)]
        name: String,
        /// Role to grant besides citizen; repeat for several: official, signatory,
        /// facilitator, verifier, admin.
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
        /// Interface language: en, it, nl or fr (default: the city default).
        #[arg(long)]
        language: Option<String>,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Grant a role to an existing account (recorded in the role audit as done by the command line).
    Grant {
        #[arg(long)]
        email: String,
        /// official, signatory, facilitator, verifier or admin.
        #[arg(long)]
        role: String,
    },
    /// Revoke a role from an existing account (audited).
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
    },
}

/// Opens the configured database and applies migrations.
pub fn open_database(config: &Config) -> Result<Db, String> {
    config.ensure_data_dir().map_err(|e| {
        format!(
            "cannot create data directory {}: {e}",
            config.data_dir.display()
        )
    })?;
    let url = config.effective_database_url();
    let db = Db::connect(&url, config.db_pool_size)
        .map_err(|e| format!("{} ({})", e, url.redacted()))?;
    let applied = db.migrate().map_err(|e| e.to_string())?;
    for v in applied {
        tracing::info!("applied migration {v}");
    }
    Ok(db)
}

/// Runs a command; `Ok` carries the exit status (0 success, 1 a check failed).
pub fn run(cli: Cli) -> Result<u8, String> {
    if let Some(Command::Tally(args)) = &cli.command {
        // Recounting needs no configuration or database.
        let (status, json) = tally_command(args)?;
        println!("{json}");
        return Ok(status);
    }
    if let Some(Command::Ledger(cmd)) = &cli.command
        && !matches!(cmd, LedgerCommand::Export)
    {
        // Verifying needs no configuration or database.
        return ledger_command_offline(cmd);
    }
    let config = Config::from_env().map_err(|e| e.to_string())?;
    if let Some(Command::Tokens(TokensCommand::Check)) = &cli.command {
        return tokens_check(&config);
    }
    if let Some(Command::Healthcheck) = &cli.command {
        return Ok(healthcheck(config.bind));
    }
    run_configured(cli, config).map(|()| 0)
}

/// `pactum tokens check`: 0 when every invariant holds, 1 naming each broken one.
pub fn tokens_check(config: &Config) -> Result<u8, String> {
    let db = open_database(config)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let (programmes, broken) = crate::tokens::api::check(&mut conn).map_err(|e| e.to_string())?;
    if broken.is_empty() {
        println!(
            "Every token invariant holds ({programmes} programme{}).",
            if programmes == 1 { "" } else { "s" }
        );
        return Ok(0);
    }
    for b in &broken {
        println!("BROKEN {b}");
    }
    println!(
        "{} token invariant{} broken.",
        broken.len(),
        if broken.len() == 1 { "" } else { "s" }
    );
    Ok(1)
}

fn run_configured(cli: Cli, config: Config) -> Result<(), String> {
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => serve(config, args),
        Command::Migrate => {
            let db = open_database(&config)?;
            println!(
                "database is up to date ({})",
                config.effective_database_url().redacted()
            );
            drop(db);
            Ok(())
        }
        Command::Demo => {
            let db = open_database(&config)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            if demo::load(&mut conn, config.hash_cost).map_err(|e| e.to_string())? {
                println!(
                    "Loaded the demo city into {}.",
                    config.effective_database_url().redacted()
                );
            } else {
                println!("The demo city is already loaded.");
            }
            print!("{}", demo::credentials());
            Ok(())
        }
        Command::User(cmd) => user_command(&config, cmd),
        Command::Districts(cmd) => districts_command(&config, cmd),
        Command::Addresses(cmd) => addresses_command(&config, cmd),
        Command::Import(cmd) => import_command(&config, cmd),
        Command::Reindex => {
            let db = open_database(&config)?;
            let commons = crate::commons::api::SEARCH.open(&config)?;
            let pacts = crate::pacts::api::SEARCH.open(&config)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            let started = std::time::Instant::now();
            let reindex = |conn: &mut crate::db::AnyConnection,
                           source: &crate::search::sync::Source,
                           index: &dyn crate::search::SearchIndex| {
                let bar = progress(None, &format!("indexing {}", source.outbox_kind));
                let done = crate::search::sync::reindex_with(conn, source, index, &|n| {
                    bar.set_position(n)
                });
                bar.finish_and_clear();
                done.map_err(|e| {
                    if index.backend_name() == "embedded" {
                        format!(
                            "reindex failed: {e}\nThe embedded index belongs to one process: stop \
                         the running server first, then run pactum reindex again."
                        )
                    } else {
                        format!("reindex failed: {e}")
                    }
                })
            };
            let n = reindex(&mut conn, &crate::commons::api::SEARCH, commons.as_ref())?;
            let p = reindex(&mut conn, &crate::pacts::api::SEARCH, pacts.as_ref())?;
            println!(
                "Indexed {n} public commons and {p} public pacts in {:.1} s ({} index).",
                started.elapsed().as_secs_f64(),
                commons.backend_name()
            );
            Ok(())
        }
        Command::Tally(_) => Err("tally is run without configuration".into()),
        Command::Tokens(_) => Err("tokens check is run by tokens_check".into()),
        Command::Healthcheck => Err("healthcheck is run by healthcheck".into()),
        Command::Backup { to } => backup(&config, &to),
        Command::ExportDb { to } => export_db(&config, &to),
        Command::ImportDb { from } => import_db(&config, &from),
        Command::Ledger(_) => {
            let db = open_database(&config)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            export_ledger(&mut conn)
        }
    }
}

/// `pactum backup --to FILE`: an online copy of the SQLite database.
fn backup(config: &Config, to: &std::path::Path) -> Result<(), String> {
    let path = match config.effective_database_url() {
        crate::db::DatabaseUrl::Sqlite(path) => path,
        crate::db::DatabaseUrl::Postgres(_) => {
            return Err("the database is PostgreSQL: back it up with pg_dump -Fc \
                 (see deploy/README.md, \"Backups\"); pactum backup copies SQLite only"
                .into());
        }
    };
    let started = std::time::Instant::now();
    let report = crate::db::backup::backup_sqlite(&path, to)?;
    println!(
        "Wrote {} ({} bytes, ledger size {}) in {:.1} s. Also back up {}: secret.key and \
         ledger.key (unless set in the environment), files/ and outbox/.",
        to.display(),
        report.bytes,
        report.ledger_size,
        started.elapsed().as_secs_f64(),
        config.data_dir.display()
    );
    Ok(())
}

/// `pactum export-db --to FILE`.
fn export_db(config: &Config, to: &std::path::Path) -> Result<(), String> {
    let db = open_database(config)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let summary = crate::db::backup::write_new_file(to, |_, file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        crate::db::backup::export(&mut conn, &mut out)
    })?;
    let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
    println!(
        "Wrote {}: {} rows of {} tables, schema {}, {bytes} bytes, in {:.1} s.",
        to.display(),
        summary.rows,
        summary.tables,
        summary.schema,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// `pactum import-db --from FILE`.
fn import_db(config: &Config, from: &std::path::Path) -> Result<(), String> {
    let file = std::fs::File::open(from).map_err(|e| format!("{}: {e}", from.display()))?;
    let db = open_database(config)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let started = std::time::Instant::now();
    let mut input = std::io::BufReader::with_capacity(1 << 20, file);
    let summary = crate::db::backup::import(&mut conn, &mut input)
        .map_err(|e| format!("{}: {e}; nothing was imported", from.display()))?;
    println!(
        "Imported {} rows of {} tables into {} in {:.1} s. Next: copy secret.key, \
         ledger.key, files/ and outbox/ into {}, then run pactum reindex.",
        summary.rows,
        summary.tables,
        config.effective_database_url().redacted(),
        started.elapsed().as_secs_f64(),
        config.data_dir.display()
    );
    Ok(())
}

/// `pactum healthcheck`: 0 when `GET /healthz` at the bind address answers 200.
fn healthcheck(bind: std::net::SocketAddr) -> u8 {
    use std::io::{Read, Write};
    let mut addr = bind;
    if addr.ip().is_unspecified() {
        addr.set_ip(match addr {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let timeout = Duration::from_secs(5);
    let answer = (|| -> std::io::Result<String> {
        let mut s = std::net::TcpStream::connect_timeout(&addr, timeout)?;
        s.set_read_timeout(Some(timeout))?;
        s.set_write_timeout(Some(timeout))?;
        write!(
            s,
            "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )?;
        let mut head = [0u8; 64];
        let n = s.read(&mut head)?;
        Ok(String::from_utf8_lossy(&head[..n]).into_owned())
    })();
    match answer {
        Ok(a) if a.starts_with("HTTP/1.1 200") || a.starts_with("HTTP/1.0 200") => 0,
        Ok(a) => {
            eprintln!(
                "unhealthy: http://{addr}/healthz answered {}",
                a.lines().next().unwrap_or("nothing")
            );
            1
        }
        Err(e) => {
            eprintln!("unhealthy: http://{addr}/healthz: {e}");
            1
        }
    }
}

fn districts_command(config: &Config, cmd: DistrictsCommand) -> Result<(), String> {
    use crate::commons::districts;
    match cmd {
        DistrictsCommand::Import {
            file,
            name_property,
            parent_property,
            parent,
            level,
        } => {
            let text = read_limited(&file, 50)?;
            let opts = districts::ImportOptions {
                name_property,
                parent_property,
                parent,
                level_name: level,
            };
            let refused = |errors: Vec<String>| {
                format!(
                    "{} was not imported (nothing was saved):\n  {}",
                    file.display(),
                    errors.join("\n  ")
                )
            };
            let items = districts::parse_import(&text, &opts).map_err(refused)?;
            let db = open_database(config)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            let (added, updated) =
                districts::save_import(&mut conn, &items).map_err(|e| match e {
                    districts::ImportError::Refused(errors) => refused(errors),
                    districts::ImportError::App(e) => e.to_string(),
                })?;
            println!(
                "imported {} districts from {} ({added} new, {updated} updated):",
                items.len(),
                file.display()
            );
            for d in &items {
                match &d.parent {
                    Some(p) => println!("  {} ({}) in {p}", d.name, d.slug),
                    None => println!("  {} ({})", d.name, d.slug),
                }
            }
            Ok(())
        }
        DistrictsCommand::List => {
            let db = open_database(config)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            let tree = districts::tree(&mut conn).map_err(|e| e.to_string())?;
            for d in tree.ordered() {
                let parent = d
                    .parent_id
                    .and_then(|p| tree.get(p))
                    .map(|p| p.slug.as_str());
                println!(
                    "{}\t{}\t{}\t{}",
                    d.slug,
                    d.name,
                    d.level_name,
                    parent.unwrap_or("")
                );
            }
            Ok(())
        }
    }
}

/// A file's text, refused above `max_mb` megabytes.
fn read_limited(file: &std::path::Path, max_mb: u64) -> Result<String, String> {
    let size = std::fs::metadata(file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .len();
    if size > max_mb * 1024 * 1024 {
        return Err(format!(
            "{} is {} MB; the limit is {max_mb} MB",
            file.display(),
            size / (1024 * 1024)
        ));
    }
    std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))
}

fn addresses_command(config: &Config, cmd: AddressesCommand) -> Result<(), String> {
    use crate::commons::api::gazetteer as addresses;
    match cmd {
        AddressesCommand::Import {
            file,
            street_column,
            street_type_column,
            number_column,
            suffix_column,
            lat_column,
            lng_column,
            point_column,
        } => {
            let text = read_limited(&file, 200)?;
            let columns = addresses::Columns {
                street: street_column,
                street_type: street_type_column,
                number: number_column,
                suffix: suffix_column,
                lat: lat_column,
                lng: lng_column,
                point: point_column,
            };
            let parsed = addresses::parse_csv(&text, &columns).map_err(|errors| {
                format!(
                    "{} was not imported (nothing was saved):\n  {}",
                    file.display(),
                    errors.join("\n  ")
                )
            })?;
            let db = open_database(config)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            let (added, updated) =
                addresses::save_import(&mut conn, &parsed.items).map_err(|e| e.to_string())?;
            println!(
                "imported {} addresses from {} ({added} new, {updated} updated{}).",
                parsed.items.len(),
                file.display(),
                match parsed.repeated {
                    0 => String::new(),
                    n => format!(
                        "; {n} rows repeated an earlier street and number: the last one counts"
                    ),
                }
            );
            Ok(())
        }
        AddressesCommand::Count => {
            let db = open_database(config)?;
            let mut conn = db.get().map_err(|e| e.to_string())?;
            println!(
                "{}",
                addresses::count(&mut conn).map_err(|e| e.to_string())?
            );
            Ok(())
        }
    }
}

/// A progress bar on standard error (hidden when it is not a terminal): with a
/// length, a bar with the count and time left; without, a running count.
pub fn progress(len: Option<u64>, message: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    let template = match len {
        Some(_) => "{msg} [{bar:40}] {pos}/{len} ({eta} left)",
        None => "{msg}: {pos}",
    };
    let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}

/// A fetcher that counts its requests on a progress bar (the ledger audit).
struct Counted<F> {
    inner: F,
    bar: indicatif::ProgressBar,
}

impl<F: ledger::audit::Fetch> ledger::audit::Fetch for Counted<F> {
    fn get(&self, path: &str) -> Result<Vec<u8>, String> {
        self.bar.inc(1);
        self.inner.get(path)
    }
}

/// `pactum import commons|pacts FILE [--dry-run]`.
fn import_command(config: &Config, cmd: ImportCommand) -> Result<(), String> {
    use crate::imports::{self, What};
    let (what, file, dry_run) = match cmd {
        ImportCommand::Commons { file, dry_run } => (What::Commons, file, dry_run),
        ImportCommand::Pacts { file, dry_run } => (What::Pacts, file, dry_run),
    };
    let size = std::fs::metadata(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?
        .len();
    let refused = |r: imports::Refused| imports::describe(&file, &r);
    imports::check_size(size).map_err(|e| refused(imports::Refused::File(e)))?;
    let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let text = imports::text_of(bytes).map_err(|e| refused(imports::Refused::File(e)))?;
    let db = open_database(config)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let dir = file
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let scans = imports::Scans {
        dir: &dir,
        store_in: (!dry_run).then_some(config.data_dir.as_path()),
    };
    let checking = progress(None, "checking rows");
    let checked = imports::check(&mut conn, what, &text, Some(scans));
    checking.finish_and_clear();
    let checked = checked.map_err(refused)?;
    let planned = imports::plan(&mut conn, &checked).map_err(|e| e.to_string())?;
    if dry_run {
        println!(
            "{} is correct: {} rows would create {} {} and update {}{} (dry run: nothing was saved).",
            file.display(),
            planned.rows,
            planned.created,
            what.code(),
            planned.updated,
            match planned.pdfs {
                0 => String::new(),
                n => format!(", with {n} scanned PDFs"),
            }
        );
        return Ok(());
    }
    let bar = progress(
        Some(planned.rows as u64),
        &format!("importing {}", what.code()),
    );
    let started = std::time::Instant::now();
    let done = imports::save(&mut conn, &checked, None, &|n| bar.set_position(n));
    bar.finish_and_clear();
    let done = done.map_err(|e| {
        format!(
            "{} was not imported (nothing was saved): {e}",
            file.display()
        )
    })?;
    println!(
        "imported {} {} from {} in {:.1} s ({} new, {} updated{}).",
        done.rows,
        what.code(),
        file.display(),
        started.elapsed().as_secs_f64(),
        done.created,
        done.updated,
        match done.pdfs {
            0 => String::new(),
            n => format!(", {n} scanned PDFs on the ledger"),
        }
    );
    Ok(())
}

fn export_ledger(conn: &mut crate::db::AnyConnection) -> Result<(), String> {
    use std::io::Write;
    let size = ledger::store::size(conn).map_err(|e| e.to_string())?;
    let bar = progress(Some(size), "exporting entries");
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let mut at = 0;
    while at < size {
        let to = (at + 1000).min(size);
        for e in ledger::store::entries(conn, at, to).map_err(|e| e.to_string())? {
            writeln!(out, "{}", e.body).map_err(|e| e.to_string())?;
        }
        at = to;
        bar.set_position(at);
    }
    bar.finish_and_clear();
    out.flush().map_err(|e| e.to_string())
}

fn ledger_command_offline(cmd: &LedgerCommand) -> Result<u8, String> {
    match cmd {
        LedgerCommand::VerifyProof { file } => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            match ledger::proof_file::check(&text) {
                Err(unreadable) => Err(format!("{}: {unreadable}", file.display())),
                Ok(Ok(what)) => {
                    println!("valid {what}");
                    Ok(0)
                }
                Ok(Err(why)) => {
                    println!("INVALID: {why}");
                    Ok(1)
                }
            }
        }
        LedgerCommand::Audit { url, key, state } => {
            let previous = match state {
                Some(p) => ledger::audit::read_state(p)?,
                None => None,
            };
            let bar = progress(None, "fetched");
            let fetch = Counted {
                inner: ledger::audit::HttpFetch::new(url),
                bar: bar.clone(),
            };
            let auditors = area_auditors(&|| Box::new(ledger::audit::HttpFetch::new(url)));
            let audited = ledger::audit::audit(&fetch, key, previous.as_ref(), auditors);
            bar.finish_and_clear();
            match audited {
                Ok(report) => {
                    if let Some(p) = state {
                        ledger::audit::write_state(p, &report)?;
                    }
                    println!(
                        "OK: {} has {} entries with root {}; {} tiles and {} proofs checked{}{}",
                        report.origin,
                        report.size,
                        ledger::hash::to_base64(&report.root),
                        report.tiles_checked,
                        report.proofs_checked,
                        match report.previous {
                            Some(p) => format!("; consistent with the {p} entries seen before"),
                            None => String::new(),
                        },
                        report
                            .areas
                            .iter()
                            .map(|a| format!("; {} rules hold over {} entries", a.area, a.entries))
                            .collect::<String>()
                    );
                    Ok(0)
                }
                Err(why) => {
                    println!("FAILED: {why}");
                    Ok(1)
                }
            }
        }
        LedgerCommand::Export => Err("export needs the database".into()),
    }
}

/// `pactum tally`: reads the file and recounts it; `Ok` carries the exit status (0 a
/// result, 1 a missed quorum) and the JSON to print.
pub fn tally_command(args: &TallyArgs) -> Result<(u8, String), String> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    tally_text(args, &text).map_err(|e| format!("{}: {e}", args.file.display()))
}

/// The recount of `text` with the settings of `args` (the file is not read).
pub fn tally_text(args: &TallyArgs, text: &str) -> Result<(u8, String), voting::TallyError> {
    let method = voting::Method::parse(&args.method)?;
    let mut options = voting::TallyOptions::new(method);
    options.seats = args.seats;
    options.stv = match args.stv.as_str() {
        "meek" => voting::StvRule::Meek,
        "scottish" => voting::StvRule::Scottish,
        other => {
            return Err(voting::TallyError::Invalid(format!(
                "--stv is meek or scottish, not \"{other}\""
            )));
        }
    };
    options.block_is_veto = args.block_is_veto;
    options.majority = voting::yes_no::Majority::parse(&args.majority)?;
    options.max_score = args.max_score;
    if let Some(q) = &args.quorum {
        options.quorum = voting::Quorum::parse(q)?;
    }
    options.electorate = args.electorate;
    options.present = args.present;
    options.electorate_weight = args.electorate_weight;
    let input = voting::read_input(method, text)?;
    let outcome = voting::tally(&input, &options)?;
    let json = serde_json::to_string_pretty(&outcome)
        .map_err(|e| voting::TallyError::Invalid(e.to_string()))?;
    let status = match outcome.verdict {
        voting::Verdict::Decided => 0,
        voting::Verdict::FailedQuorum => 1,
    };
    Ok((status, json))
}

/// The areas' ledger auditors, replayed by `pactum ledger audit`: an area with rules
/// over its own entries adds its auditor here (the ledger itself knows no area).
/// `site` makes a fetcher of the audited site, for auditors that recount what it
/// publishes.
pub fn area_auditors(
    site: &dyn Fn() -> Box<dyn ledger::audit::Fetch>,
) -> Vec<Box<dyn ledger::audit::AreaAuditor>> {
    vec![
        crate::pacts::api::ledger_auditor(),
        crate::assemblies::api::ledger_auditor(site()),
        crate::tokens::api::ledger_auditor_of(site()),
    ]
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!("unknown role \"{s}\": use official, signatory, facilitator, verifier or admin")
    })
}

fn user_command(config: &Config, cmd: UserCommand) -> Result<(), String> {
    let db = open_database(config)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    match cmd {
        UserCommand::Create {
            email,
            name,
            roles,
            language,
            password_stdin,
        } => {
            let email = EmailAddress::parse(&email)
                .map_err(|_| format!("\"{email}\" is not a valid e-mail address"))?;
            let name = DisplayName::parse(&name)
                .map_err(|_| "the name must be 1 to 100 characters".to_string())?;
            let roles = roles
                .iter()
                .map(|r| parse_role(r))
                .collect::<Result<Vec<_>, _>>()?;
            let lang = match language {
                Some(l) => Lang::from_code(&l)
                    .ok_or_else(|| format!("unknown language \"{l}\": use en, it, nl or fr"))?,
                None => config.default_language,
            };
            let (pw, generated) = if password_stdin {
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| format!("cannot read the password: {e}"))?;
                (line.trim_end_matches(['\r', '\n']).to_string(), false)
            } else {
                (crate::util::random_token()[..20].to_string(), true)
            };
            NewPassword::parse(&pw, Some(email.as_str())).map_err(|k| match k {
                "field-password-too-short" => {
                    "the password needs at least 12 characters".to_string()
                }
                "field-password-too-long" => "the password is too long".to_string(),
                _ => "the password is too common or contains the e-mail name".to_string(),
            })?;
            if models::find_active_by_email(&mut conn, email.as_str())
                .map_err(|e| e.to_string())?
                .is_some()
            {
                return Err(format!("an account with {email} already exists"));
            }
            let hash = password::hash(&pw, config.hash_cost)?;
            let id = service::create_verified_user(&mut conn, &email, &name, &hash, lang, &roles)
                .map_err(|e| e.to_string())?;
            println!("created account {id} for {email}");
            if generated {
                println!(
                    "password: {pw}\n(shown once; the person can change it with \"Forgot your password?\")"
                );
            }
            Ok(())
        }
        UserCommand::Grant { email, role } => change_role(&mut conn, &email, &role, true),
        UserCommand::Revoke { email, role } => change_role(&mut conn, &email, &role, false),
    }
}

fn change_role(
    conn: &mut crate::db::AnyConnection,
    email: &str,
    role: &str,
    grant: bool,
) -> Result<(), String> {
    let role = parse_role(role)?;
    let email = EmailAddress::parse(email)
        .map_err(|_| format!("\"{email}\" is not a valid e-mail address"))?;
    let user = models::find_active_by_email(conn, email.as_str())
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no account with {email}"))?;
    // The role, its audit row and its ledger entry commit together.
    let changed = crate::db::write_transaction(conn, |conn| {
        if grant {
            admin::grant_role_unchecked(conn, None, user.id, role)
        } else {
            admin::revoke_role_unchecked(conn, None, user.id, role)
        }
    })
    .map_err(|e| e.to_string())?;
    match (grant, changed) {
        (true, true) => println!("granted {role} to {email}"),
        (true, false) => println!("{email} already has {role}"),
        (false, true) => println!("revoked {role} from {email}"),
        (false, false) => println!("{email} did not have {role}"),
    }
    Ok(())
}

/// The city's identity provider, discovered: a failure stops Pactum with one line
/// naming `PACTUM_OIDC_ISSUER`, unless `PACTUM_OIDC_OPTIONAL` lets it start with
/// password sign-in (discovery is then tried again when someone uses the button).
fn discover_provider(
    settings: &crate::oidc::settings::Settings,
    secret: &[u8],
) -> Result<crate::oidc::Provider, String> {
    let provider = crate::oidc::Provider::new(settings.clone(), secret);
    match provider.discover() {
        Ok(_) => {
            println!("Signing in with {} ({}).", settings.name, settings.issuer);
            Ok(provider)
        }
        Err(e) if settings.optional => {
            eprintln!(
                "PACTUM_OIDC_ISSUER: the provider cannot be used now ({e}); starting with password sign-in (PACTUM_OIDC_OPTIONAL)"
            );
            Ok(provider)
        }
        Err(e) => Err(format!("PACTUM_OIDC_ISSUER: {e}")),
    }
}

fn serve(mut config: Config, args: ServeArgs) -> Result<(), String> {
    if args.demo && config.city_name == config::DEFAULT_CITY_NAME {
        config.city_name = demo::CITY_NAME.to_string();
    }
    config.ensure_data_dir().map_err(|e| {
        format!(
            "cannot create data directory {}: {e}",
            config.data_dir.display()
        )
    })?;
    let secret = match &config.secret_key {
        Some(k) => k.clone(),
        None => config::load_or_create_secret(&config.data_dir).map_err(|e| {
            format!(
                "cannot read or create the secret key in {}: {e}",
                config.data_dir.display()
            )
        })?,
    };
    // The identity provider first: an unreachable one stops Pactum before anything
    // else is opened or written.
    let oidc = match &config.oidc {
        Some(settings) => Some(Arc::new(discover_provider(settings, &secret)?)),
        None => None,
    };
    let metrics_listener = crate::monitoring::listen(config.metrics_bind)?;
    let db = open_database(&config)?;
    if args.demo {
        let mut conn = db.get().map_err(|e| e.to_string())?;
        if demo::is_empty(&mut conn).map_err(|e| e.to_string())? {
            demo::load(&mut conn, config.hash_cost).map_err(|e| e.to_string())?;
            println!("Loaded the demo city.");
            print!("{}", demo::credentials());
        }
    }
    let transport = mail::Transport::new(
        config.smtp_url.as_deref(),
        config.outbox_dir(),
        &config.mail_from,
    )?;
    let signer = ledger::checkpoint::load_or_create_key(
        &config.data_dir,
        config.ledger_key.as_deref(),
        &ledger::checkpoint::default_origin(&config.base_url),
    )?;
    {
        let mut conn = db.get().map_err(|e| e.to_string())?;
        ledger::checkpoint::check_signer(&mut conn, &signer)?;
    }
    let bind = config.bind;
    let interval = Duration::from_secs(config.worker_interval_secs);
    let search = crate::commons::api::SEARCH.open(&config)?;
    let pact_search = crate::pacts::api::SEARCH.open(&config)?;
    let transport = Arc::new(transport);
    let mut state = AppState::new(
        db.clone(),
        config,
        &secret,
        signer,
        search.clone(),
        pact_search.clone(),
        transport.clone(),
    );
    state.ports.oidc = oidc;
    let checkpoint_signer = state.ledger_signer.clone();
    let deadlines = crate::pacts::api::deadlines_job(&state.config);
    println!(
        "Pactum for {} listening on http://{bind}",
        state.config.city_name
    );
    let session_policy = state.config.session;
    // One registry for all the site's workers, read by the metrics server.
    let http_metrics = actix_web::web::Data::new(crate::web::metrics::HttpMetrics::default());
    let monitor = crate::monitoring::Monitor::new(db.clone(), http_metrics.clone(), session_policy);
    actix_web::rt::System::new()
        .block_on(async move {
            let server = actix_web::HttpServer::new(move || {
                build_app_with_metrics(state.clone(), http_metrics.clone())
            })
            .bind(bind)?;
            // Bound: no other process on this host listens here, so the search worker
            // may take back what an earlier run of this server left claimed.
            let addr = server.addrs().first().copied().unwrap_or(bind);
            let worker = crate::search::sync::Worker::server(addr);
            let holder = jobs::Holder::named(worker.name());
            if let Some(listener) = metrics_listener {
                actix_web::rt::spawn(crate::monitoring::server(listener, monitor)?);
            }
            jobs::spawn(
                db.clone(),
                vec![
                    jobs::mail_job(transport),
                    jobs::checkpoint_job(checkpoint_signer),
                    crate::search::sync::job(crate::commons::api::SEARCH, search, worker.clone()),
                    crate::search::sync::job(crate::pacts::api::SEARCH, pact_search, worker),
                    crate::accounts::sessions::sweep_job(session_policy),
                    crate::web::rate_limit::shared::sweep_job(),
                    deadlines,
                    crate::assemblies::api::votes_job(),
                ],
                interval,
                holder.clone(),
            );
            let served = server.run().await;
            // Stopping: the other instances take the jobs over at their next pass.
            jobs::release_all(&db, &holder);
            served
        })
        .map_err(|e| format!("server error on {bind}: {e}"))
}
