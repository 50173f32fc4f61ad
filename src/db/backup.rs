//! Backups and moving between databases.
//!
//! - [`backup_sqlite`]: an online, consistent copy of a SQLite database (`VACUUM INTO`,
//!   which reads one snapshot while the server keeps writing), written under a temporary
//!   name, synced, then linked into place without ever replacing an existing file.
//! - [`export`] and [`import`]: a portable dump of every table, from either backend into
//!   either backend (SQLite to PostgreSQL and back).
//!
//! # The dump format (`pactum-dump`, version 1)
//!
//! JSON lines, UTF-8, one value per line:
//!
//! ```text
//! {"format":"pactum-dump","version":1,"schema":"20261205000021","tables":87}
//! {"table":"users","columns":["id","pseudonym",...]}
//! [1,"robin-7",...]                   one JSON array per row, in primary-key order
//! {"end":"users","rows":12}
//! ... every table of TABLES, in this order (foreign keys first) ...
//! {"end":"pactum-dump","rows":4210}
//! ```
//!
//! `schema` is the newest migration applied to the database it came from: a dump is
//! imported only into a database at the same migration. Values by column type: integers
//! and text as JSON; booleans `true`/`false`; doubles as strings in Rust's shortest
//! exact form (`"44.4949"`), so no JSON parser rounds them; timestamps (UTC, no zone)
//! as `"YYYY-MM-DDTHH:MM:SS.ffffff"` (always six digits: PostgreSQL keeps microseconds,
//! so finer digits a SQLite file may hold are dropped); dates `"YYYY-MM-DD"`; binary
//! values (the ledger's hashes) lowercase hex; `null`. Text keys sort by bytes on both
//! backends (`COLLATE "C"` on PostgreSQL), so the same data gives the same dump, byte
//! for byte, whichever backend wrote it.
//!
//! Every table is dumped, sessions included: a dump is as secret as the database
//! (password hashes, session and token hashes), and keeping sessions means nobody is
//! signed out by a move. Not in the dump: diesel's migration bookkeeping (the target
//! is migrated by the same binary instead) and SQLite's `sqlite_sequence`, so ids of
//! rows deleted at a table's end may be given again after a move.
//!
//! Memory stays bounded: tables are read in pages by primary key ([`PAGE`] rows) and
//! written in batches; nothing holds a whole table.

use std::fmt::Write as _;
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::query_builder::BoxedSqlQuery;
use diesel::sql_types::{BigInt, Binary, Bool, Date, Double, Nullable, Text, Timestamp};
use diesel::sqlite::Sqlite;

use super::AnyConnection;

/// The dump format's name and version (the first line says both).
pub const FORMAT: &str = "pactum-dump";
pub const FORMAT_VERSION: i64 = 1;
/// Rows read per query when exporting.
pub const PAGE: i64 = 500;
/// Rows inserted per statement when importing.
const BATCH: usize = 100;
/// The longest line an import reads (a row with a large district outline fits).
const MAX_LINE: u64 = 64 * 1024 * 1024;

/// A column's type, as the dump writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    BigInt,
    Text,
    Bool,
    Double,
    Timestamp,
    Date,
    Binary,
}

/// One column of a table, from its `table!` definition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

/// One table: its name, columns in `schema.rs` order, and primary key.
#[derive(Debug, Clone)]
pub struct TableSpec {
    pub name: &'static str,
    pub columns: Vec<ColumnSpec>,
    pub key: Vec<&'static str>,
}

impl TableSpec {
    fn column(&self, name: &str) -> Option<(usize, ColumnSpec)> {
        self.columns
            .iter()
            .enumerate()
            .find(|(_, c)| c.name == name)
            .map(|(i, c)| (i, *c))
    }

    fn key_columns(&self) -> Vec<(usize, ColumnSpec)> {
        self.key.iter().filter_map(|k| self.column(k)).collect()
    }
}

/// The dump kind of a diesel SQL type (every type `schema.rs` uses).
pub trait DumpType {
    const KIND: Kind;
    const NULLABLE: bool = false;
}

macro_rules! dump_type {
    ($($t:ident => $k:ident),* $(,)?) => {
        $(impl DumpType for $t { const KIND: Kind = Kind::$k; })*
    };
}
dump_type!(BigInt => BigInt, Text => Text, Bool => Bool, Double => Double,
    Timestamp => Timestamp, Date => Date, Binary => Binary);

impl<T: DumpType> DumpType for Nullable<T> {
    const KIND: Kind = T::KIND;
    const NULLABLE: bool = true;
}

/// The columns of a table's `AllColumns` tuple.
pub trait ColumnList {
    fn specs() -> Vec<ColumnSpec>;
}

macro_rules! column_list {
    ($($c:ident),+) => {
        impl<$($c),+> ColumnList for ($($c,)+)
        where
            $($c: diesel::Column, <$c as diesel::Expression>::SqlType: DumpType,)+
        {
            fn specs() -> Vec<ColumnSpec> {
                vec![$(ColumnSpec {
                    name: <$c as diesel::Column>::NAME,
                    kind: <<$c as diesel::Expression>::SqlType as DumpType>::KIND,
                    nullable: <<$c as diesel::Expression>::SqlType as DumpType>::NULLABLE,
                }),+]
            }
        }
    };
}

macro_rules! column_lists {
    ($head:ident $(, $tail:ident)*) => {
        column_list!($head $(, $tail)*);
        column_lists!($($tail),*);
    };
    () => {};
}
column_lists!(
    C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14, C15, C16, C17, C18, C19, C20, C21,
    C22, C23, C24, C25, C26, C27, C28, C29, C30, C31, C32
);

/// The column names of a rendered primary key (`` `t`.`a`, `t`.`b` -- binds: [] ``).
fn key_names(rendered: &str) -> Vec<&'static str> {
    let sql = rendered.split(" -- binds").next().unwrap_or(rendered);
    sql.split(", ")
        .map(|part| {
            let name = part.rsplit('.').next().unwrap_or(part).trim_matches('`');
            // The names come from `table!`, a fixed set: leaking them once is bounded.
            &*Box::leak(name.to_string().into_boxed_str())
        })
        .collect()
}

macro_rules! dump_tables {
    ($($t:ident),+ $(,)?) => {
        /// Every table of `schema.rs`, in an order where each table comes after the
        /// tables its foreign keys point to (a test checks both).
        pub const TABLES: &[&str] = &[$(stringify!($t)),+];

        /// The tables' columns and keys, read from their `table!` definitions.
        pub fn tables() -> Vec<TableSpec> {
            use crate::db::schema;
            vec![$(TableSpec {
                name: stringify!($t),
                columns: <<schema::$t::table as diesel::Table>::AllColumns as ColumnList>::specs(),
                key: key_names(
                    &diesel::debug_query::<Sqlite, _>(
                        &diesel::Table::primary_key(&schema::$t::table),
                    )
                    .to_string(),
                ),
            }),+]
        }
    };
}

dump_tables!(
    users,
    user_roles,
    role_audit,
    groups,
    group_members,
    group_invitations,
    districts,
    addresses,
    email_tokens,
    sessions,
    user_identities,
    oidc_requests,
    oidc_sessions,
    outbox,
    bodies,
    body_facilitators,
    body_members,
    meetings,
    meeting_items,
    meeting_attendance,
    motions,
    motion_supporters,
    motion_comments,
    motion_amendments,
    motion_versions,
    votes,
    vote_options,
    vote_electorate,
    vote_participation,
    vote_ballots,
    token_programmes,
    token_methodologies,
    token_verifiers,
    token_assets,
    token_claims,
    token_evidence,
    token_reviews,
    token_accounts,
    token_transfers,
    token_issuances,
    token_lots,
    token_exchanges,
    token_fund_deposits,
    token_requests,
    ledger_entries,
    ledger_hashes,
    ledger_head,
    ledger_checkpoints,
    commons,
    commons_provisioning,
    commons_photos,
    commons_events,
    commons_changes,
    pact_templates,
    content_translations,
    offices,
    absences,
    office_members,
    oidc_office_grants,
    token_points,
    token_spends,
    pacts,
    pact_signing_offices,
    pact_calls,
    pact_proposals,
    pact_notices,
    pact_conciliations,
    pact_conciliation_sessions,
    pact_registrations,
    pact_imports,
    pact_commons,
    pact_versions,
    pact_support,
    pact_support_deliveries,
    pact_cosigners,
    pact_events,
    pact_attachments,
    pact_observations,
    pact_opinions,
    pact_meetings,
    pact_signatures,
    pact_adherents,
    pact_reports,
    pact_reminders,
    notifications,
    recommendations,
    pact_endorsements,
    // Run-time state of several instances: who runs which job, and rate-limit
    // windows (both end on their own within minutes).
    job_leases,
    rate_limits,
);

/// Foreign keys from a table to itself (`table`, `column` → `table.id`). A row may
/// point to a row with a larger id; the import writes such a value after the table's
/// rows are in. A test checks this list against the database's foreign keys.
pub const SELF_REFERENCES: &[(&str, &str)] = &[
    ("districts", "parent_id"),
    ("motion_comments", "parent_id"),
    ("commons", "merged_into"),
];

/// Rows the migrations themselves insert: a freshly migrated database holds them, and
/// the import replaces them with the dump's.
const SEEDED: &[(&str, &str)] = &[(
    "ledger_head",
    "SELECT COUNT(*) AS n FROM ledger_head WHERE NOT (id = 1 AND size = 0)",
)];

/// One value of a row.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Text(String),
    Bool(bool),
    Double(f64),
    Timestamp(NaiveDateTime),
    Date(NaiveDate),
    Bytes(Vec<u8>),
}

const TS_OUT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

impl Value {
    /// The dump's JSON for this value.
    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Text(s) => out.push_str(&serde_json::Value::from(s.as_str()).to_string()),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Double(d) => {
                let _ = write!(out, "\"{d:?}\"");
            }
            Value::Timestamp(t) => {
                let _ = write!(out, "\"{}\"", t.format(TS_OUT));
            }
            Value::Date(d) => {
                let _ = write!(out, "\"{}\"", d.format("%Y-%m-%d"));
            }
            Value::Bytes(b) => {
                let _ = write!(out, "\"{}\"", crate::util::hex_encode(b));
            }
        }
    }

    fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

/// Truncates to microseconds (the precision both backends keep).
fn micros(t: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    let nanos = t.nanosecond();
    t.with_nanosecond(nanos - nanos % 1000).unwrap_or(t)
}

fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim_end_matches('Z');
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .map(micros)
}

/// Reads one value as a database gave it (`from_db`) or as the dump holds it.
fn value_of(v: &serde_json::Value, col: &ColumnSpec, from_db: bool) -> Result<Value, String> {
    use serde_json::Value as J;
    let bad = || {
        format!(
            "column {}: {} is not a {}",
            col.name,
            v,
            match col.kind {
                Kind::BigInt => "whole number",
                Kind::Text => "text",
                Kind::Bool => "boolean",
                Kind::Double => "number",
                Kind::Timestamp => "timestamp",
                Kind::Date => "date",
                Kind::Binary => "hex string",
            }
        )
    };
    if v.is_null() {
        return if col.nullable {
            Ok(Value::Null)
        } else {
            Err(format!(
                "column {}: null in a column that needs a value",
                col.name
            ))
        };
    }
    Ok(match (col.kind, v) {
        (Kind::BigInt, J::Number(n)) => Value::Int(n.as_i64().ok_or_else(bad)?),
        (Kind::Text, J::String(s)) => Value::Text(s.clone()),
        (Kind::Bool, J::Bool(b)) => Value::Bool(*b),
        // SQLite keeps booleans as 0 and 1.
        (Kind::Bool, J::Number(n)) if from_db => Value::Bool(n.as_i64().ok_or_else(bad)? != 0),
        (Kind::Double, J::String(s)) => {
            let d: f64 = s.trim().parse().map_err(|_| bad())?;
            if !d.is_finite() {
                return Err(bad());
            }
            Value::Double(d)
        }
        (Kind::Timestamp, J::String(s)) => Value::Timestamp(parse_timestamp(s).ok_or_else(bad)?),
        (Kind::Date, J::String(s)) => {
            Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| bad())?)
        }
        (Kind::Binary, J::String(s)) => {
            let s = s.strip_prefix("\\x").unwrap_or(s).to_ascii_lowercase();
            Value::Bytes(crate::util::hex_decode(&s).ok_or_else(bad)?)
        }
        _ => return Err(bad()),
    })
}

fn quote(name: &str) -> String {
    format!("\"{name}\"")
}

/// The SQL reading one column into the JSON array (canonicalised in Rust after).
fn select_expr(backend: super::Backend, c: &ColumnSpec) -> String {
    let q = quote(c.name);
    match (backend, c.kind) {
        (super::Backend::Sqlite, Kind::Double) => {
            format!("CASE WHEN {q} IS NULL THEN NULL ELSE printf('%!.17g', {q}) END")
        }
        (super::Backend::Sqlite, Kind::Binary) => {
            format!("CASE WHEN {q} IS NULL THEN NULL ELSE hex({q}) END")
        }
        (super::Backend::Postgres, Kind::Double) => format!("CAST({q} AS TEXT)"),
        (super::Backend::Postgres, Kind::Binary) => format!("encode({q}, 'hex')"),
        _ => q,
    }
}

/// A key column in ORDER BY and comparisons: text by bytes on both backends.
fn key_expr(backend: super::Backend, c: &ColumnSpec, expr: &str) -> String {
    if backend == super::Backend::Postgres && c.kind == Kind::Text {
        format!("{expr} COLLATE \"C\"")
    } else {
        expr.to_string()
    }
}

/// Numbered (`$1`) or plain (`?`) placeholders.
struct Placeholders {
    backend: super::Backend,
    n: usize,
}

impl Placeholders {
    fn next(&mut self) -> String {
        self.n += 1;
        match self.backend {
            super::Backend::Postgres => format!("${}", self.n),
            super::Backend::Sqlite => "?".to_string(),
        }
    }
}

#[derive(diesel::QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    row: String,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(diesel::QueryableByName)]
struct Version {
    #[diesel(sql_type = Nullable<Text>)]
    v: Option<String>,
}

/// Binds one value with its column's type to a boxed query of either backend.
macro_rules! bind_value {
    ($q:expr, $kind:expr, $v:expr) => {{
        let q = $q;
        match ($kind, $v) {
            (Kind::BigInt, Value::Int(i)) => q.bind::<Nullable<BigInt>, _>(Some(i)),
            (Kind::BigInt, _) => q.bind::<Nullable<BigInt>, _>(None::<i64>),
            (Kind::Text, Value::Text(s)) => q.bind::<Nullable<Text>, _>(Some(s)),
            (Kind::Text, _) => q.bind::<Nullable<Text>, _>(None::<String>),
            (Kind::Bool, Value::Bool(b)) => q.bind::<Nullable<Bool>, _>(Some(b)),
            (Kind::Bool, _) => q.bind::<Nullable<Bool>, _>(None::<bool>),
            (Kind::Double, Value::Double(d)) => q.bind::<Nullable<Double>, _>(Some(d)),
            (Kind::Double, _) => q.bind::<Nullable<Double>, _>(None::<f64>),
            (Kind::Timestamp, Value::Timestamp(t)) => q.bind::<Nullable<Timestamp>, _>(Some(t)),
            (Kind::Timestamp, _) => q.bind::<Nullable<Timestamp>, _>(None::<NaiveDateTime>),
            (Kind::Date, Value::Date(d)) => q.bind::<Nullable<Date>, _>(Some(d)),
            (Kind::Date, _) => q.bind::<Nullable<Date>, _>(None::<NaiveDate>),
            (Kind::Binary, Value::Bytes(b)) => q.bind::<Nullable<Binary>, _>(Some(b)),
            (Kind::Binary, _) => q.bind::<Nullable<Binary>, _>(None::<Vec<u8>>),
        }
    }};
}

/// Runs a boxed `sql_query` with bound values on the connection's own backend.
macro_rules! with_binds {
    ($conn:expr, $sql:expr, $binds:expr, |$q:ident, $c:ident| $body:expr) => {
        match $conn {
            AnyConnection::Postgresql($c) => {
                let mut $q: BoxedSqlQuery<'_, diesel::pg::Pg, diesel::query_builder::SqlQuery> =
                    diesel::sql_query($sql).into_boxed();
                for (kind, v) in $binds {
                    $q = bind_value!($q, kind, v);
                }
                $body
            }
            AnyConnection::Sqlite($c) => {
                let mut $q: BoxedSqlQuery<'_, Sqlite, diesel::query_builder::SqlQuery> =
                    diesel::sql_query($sql).into_boxed();
                for (kind, v) in $binds {
                    $q = bind_value!($q, kind, v);
                }
                $body
            }
        }
    };
}

/// The newest migration applied to the database (the dump's `schema`).
pub fn schema_version(conn: &mut AnyConnection) -> Result<String, String> {
    diesel::sql_query("SELECT MAX(version) AS v FROM __diesel_schema_migrations")
        .get_result::<Version>(conn)
        .map_err(|e| format!("cannot read the migration version: {e}"))?
        .v
        .ok_or_else(|| "the database has no migrations applied".to_string())
}

/// What an export or import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpSummary {
    pub tables: usize,
    pub rows: u64,
    pub schema: String,
}

/// Reads one page of a table after `after` (a key), as canonical values.
fn read_page(
    conn: &mut AnyConnection,
    table: &TableSpec,
    after: Option<&[Value]>,
) -> Result<Vec<Vec<Value>>, String> {
    let backend = conn.backend();
    let mut ph = Placeholders { backend, n: 0 };
    let exprs: Vec<String> = table
        .columns
        .iter()
        .map(|c| select_expr(backend, c))
        .collect();
    let array = match backend {
        super::Backend::Postgres => format!("CAST(json_build_array({}) AS TEXT)", exprs.join(", ")),
        super::Backend::Sqlite => format!("json_array({})", exprs.join(", ")),
    };
    let keys = table.key_columns();
    let order: Vec<String> = keys
        .iter()
        .map(|(_, c)| key_expr(backend, c, &quote(c.name)))
        .collect();
    let mut sql = format!("SELECT {array} AS row FROM {}", quote(table.name));
    let mut binds: Vec<(Kind, Value)> = Vec::new();
    if let Some(after) = after {
        let params: Vec<String> = keys
            .iter()
            .map(|(_, c)| key_expr(backend, c, &ph.next()))
            .collect();
        let _ = write!(
            sql,
            " WHERE ({}) > ({})",
            order.join(", "),
            params.join(", ")
        );
        for ((_, c), v) in keys.iter().zip(after) {
            binds.push((c.kind, v.clone()));
        }
    }
    let _ = write!(sql, " ORDER BY {} LIMIT {PAGE}", order.join(", "));
    let rows: Vec<JsonRow> = with_binds!(conn, sql, binds, |q, c| q.load::<JsonRow>(c))
        .map_err(|e| format!("cannot read table {}: {e}", table.name))?;
    rows.iter()
        .map(|r| {
            let values: Vec<serde_json::Value> = serde_json::from_str(&r.row)
                .map_err(|e| format!("table {}: unreadable row: {e}", table.name))?;
            if values.len() != table.columns.len() {
                return Err(format!(
                    "table {}: a row of {} values",
                    table.name,
                    values.len()
                ));
            }
            values
                .iter()
                .zip(&table.columns)
                .map(|(v, c)| {
                    value_of(v, c, true).map_err(|e| format!("table {}: {e}", table.name))
                })
                .collect()
        })
        .collect()
}

/// Writes the dump of every table to `out`, from one consistent snapshot of the
/// database (a read-only repeatable-read transaction on PostgreSQL, one read
/// transaction on SQLite).
pub fn export(conn: &mut AnyConnection, out: &mut dyn Write) -> Result<DumpSummary, String> {
    let schema = schema_version(conn)?;
    let specs = tables();
    let run = |conn: &mut AnyConnection| -> Result<u64, String> {
        let io = |e: std::io::Error| format!("cannot write the dump: {e}");
        let header = serde_json::json!({
            "format": FORMAT, "version": FORMAT_VERSION, "schema": schema, "tables": specs.len(),
        });
        writeln!(out, "{}", header_line(&header)).map_err(io)?;
        let mut total = 0u64;
        let mut line = String::new();
        for table in &specs {
            let columns: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
            writeln!(
                out,
                "{{\"table\":{},\"columns\":{}}}",
                serde_json::Value::from(table.name),
                serde_json::to_string(&columns).unwrap_or_default()
            )
            .map_err(io)?;
            let mut rows = 0u64;
            let mut after: Option<Vec<Value>> = None;
            loop {
                let page = read_page(conn, table, after.as_deref())?;
                for row in &page {
                    line.clear();
                    line.push('[');
                    for (i, v) in row.iter().enumerate() {
                        if i > 0 {
                            line.push(',');
                        }
                        v.write_json(&mut line);
                    }
                    line.push_str("]\n");
                    out.write_all(line.as_bytes()).map_err(io)?;
                }
                rows += page.len() as u64;
                match page.last() {
                    Some(last) if page.len() as i64 == PAGE => {
                        after = Some(
                            table
                                .key_columns()
                                .iter()
                                .map(|(i, _)| last[*i].clone())
                                .collect(),
                        );
                    }
                    _ => break,
                }
            }
            writeln!(
                out,
                "{{\"end\":{},\"rows\":{rows}}}",
                serde_json::Value::from(table.name)
            )
            .map_err(io)?;
            total += rows;
        }
        writeln!(out, "{{\"end\":\"{FORMAT}\",\"rows\":{total}}}").map_err(io)?;
        out.flush().map_err(io)?;
        Ok(total)
    };
    let mut run = run;
    let rows = conn
        .transaction(|c| {
            if c.backend() == super::Backend::Postgres {
                // The whole export reads one snapshot and writes nothing.
                c.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
            }
            run(c).map_err(TxError::Message)
        })
        .map_err(|e: TxError| e.to_string())?;
    Ok(DumpSummary {
        tables: specs.len(),
        rows,
        schema,
    })
}

/// An error inside a transaction: the database's, or a message that rolls it back.
#[derive(Debug)]
enum TxError {
    Db(diesel::result::Error),
    Message(String),
}

impl From<diesel::result::Error> for TxError {
    fn from(e: diesel::result::Error) -> Self {
        TxError::Db(e)
    }
}

impl std::fmt::Display for TxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TxError::Db(e) => write!(f, "database error: {e}"),
            TxError::Message(m) => f.write_str(m),
        }
    }
}

/// The header line, keys in a fixed order.
fn header_line(h: &serde_json::Value) -> String {
    format!(
        "{{\"format\":{},\"version\":{},\"schema\":{},\"tables\":{}}}",
        h["format"], h["version"], h["schema"], h["tables"]
    )
}

/// Reads the dump line by line, counting lines for messages, never more than
/// [`MAX_LINE`] bytes at once.
struct Lines<'a> {
    input: &'a mut dyn BufRead,
    n: u64,
    buf: Vec<u8>,
}

impl Lines<'_> {
    /// The next line as JSON; `None` at the end of the file.
    fn next(&mut self) -> Result<Option<serde_json::Value>, String> {
        self.buf.clear();
        let read = (&mut *self.input)
            .take(MAX_LINE + 1)
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| format!("cannot read the dump: {e}"))?;
        if read == 0 {
            return Ok(None);
        }
        self.n += 1;
        if self.buf.last() != Some(&b'\n') {
            return Err(if self.buf.len() as u64 > MAX_LINE {
                format!("line {}: longer than {} MiB", self.n, MAX_LINE >> 20)
            } else {
                format!(
                    "line {}: the file ends in the middle of a line (cut short?)",
                    self.n
                )
            });
        }
        serde_json::from_slice(&self.buf)
            .map(Some)
            .map_err(|e| format!("line {}: not JSON ({e})", self.n))
    }

    fn expect(&mut self, what: &str) -> Result<serde_json::Value, String> {
        self.next()?.ok_or_else(|| {
            format!(
                "the file ends after line {} where {what} should follow (cut short?)",
                self.n
            )
        })
    }
}

/// Checks a dump's first line; returns its schema version.
fn check_header(header: &serde_json::Value, target_schema: &str) -> Result<String, String> {
    if header["format"] != FORMAT {
        return Err("line 1: this is not a Pactum dump (written by pactum export-db)".into());
    }
    if header["version"] != FORMAT_VERSION {
        return Err(format!(
            "line 1: dump format version {} is not known to this Pactum (it reads version {FORMAT_VERSION})",
            header["version"]
        ));
    }
    let schema = header["schema"].as_str().unwrap_or_default().to_string();
    if schema != target_schema {
        return Err(format!(
            "the dump is of database schema {schema}, this database is at {target_schema}: \
             import a dump written by the same Pactum version (migrate the old database with \
             this version first, then export it again)"
        ));
    }
    Ok(schema)
}

/// Names the tables that hold rows (beyond what the migrations insert).
fn non_empty_tables(conn: &mut AnyConnection, specs: &[TableSpec]) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for t in specs {
        let sql = SEEDED
            .iter()
            .find(|(name, _)| *name == t.name)
            .map(|(_, sql)| sql.to_string())
            .unwrap_or_else(|| format!("SELECT COUNT(*) AS n FROM {}", quote(t.name)));
        let n = diesel::sql_query(sql)
            .get_result::<Count>(conn)
            .map_err(|e| format!("cannot count the rows of {}: {e}", t.name))?
            .n;
        if n > 0 {
            found.push(format!("{} ({n} rows)", t.name));
        }
    }
    Ok(found)
}

fn insert_batch(
    conn: &mut AnyConnection,
    table: &TableSpec,
    rows: &mut Vec<Vec<Value>>,
) -> Result<(), String> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut ph = Placeholders {
        backend: conn.backend(),
        n: 0,
    };
    let columns: Vec<String> = table.columns.iter().map(|c| quote(c.name)).collect();
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ",
        quote(table.name),
        columns.join(", ")
    );
    let mut binds = Vec::with_capacity(rows.len() * columns.len());
    for (r, row) in rows.drain(..).enumerate() {
        if r > 0 {
            sql.push_str(", ");
        }
        let params: Vec<String> = row.iter().map(|_| ph.next()).collect();
        let _ = write!(sql, "({})", params.join(", "));
        for (c, v) in table.columns.iter().zip(row) {
            binds.push((c.kind, v));
        }
    }
    with_binds!(conn, sql, binds, |q, c| q.execute(c))
        .map(|_| ())
        .map_err(|e| format!("table {}: cannot insert: {e}", table.name))
}

/// Reads one table's section and inserts its rows; returns the row count.
fn import_table(
    conn: &mut AnyConnection,
    table: &TableSpec,
    lines: &mut Lines<'_>,
) -> Result<u64, String> {
    let head = lines.expect(&format!("table {}", table.name))?;
    let found = head["table"].as_str().unwrap_or("(none)");
    if found != table.name {
        return Err(format!(
            "line {}: expected table {}, found {found}: the dump does not list this \
             Pactum's tables (another version?)",
            lines.n, table.name
        ));
    }
    let names: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
    if head["columns"] != serde_json::json!(names) {
        return Err(format!(
            "line {}: table {}: the columns are {}, this Pactum has {}",
            lines.n,
            table.name,
            head["columns"],
            serde_json::json!(names)
        ));
    }
    let id_index = table.column("id").map(|(i, _)| i);
    let self_refs: Vec<(usize, &str)> = SELF_REFERENCES
        .iter()
        .filter(|(t, _)| *t == table.name)
        .filter_map(|(_, c)| table.column(c).map(|(i, _)| (i, *c)))
        .collect();
    let mut later: Vec<(&str, i64, i64)> = Vec::new();
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(BATCH);
    let mut rows = 0u64;
    loop {
        let line = lines.expect(&format!("the rows of {}", table.name))?;
        let n = lines.n;
        let values = match line {
            serde_json::Value::Array(values) => values,
            serde_json::Value::Object(end) => {
                if end.get("end").and_then(|v| v.as_str()) != Some(table.name) {
                    return Err(format!(
                        "line {n}: expected a row of {} or its end",
                        table.name
                    ));
                }
                let said = end.get("rows").and_then(|v| v.as_u64());
                if said != Some(rows) {
                    return Err(format!(
                        "line {n}: table {} ends after {rows} rows, the dump says {}",
                        table.name,
                        said.map(|s| s.to_string()).unwrap_or("nothing".into())
                    ));
                }
                break;
            }
            _ => return Err(format!("line {n}: expected a row of {}", table.name)),
        };
        if values.len() != table.columns.len() {
            return Err(format!(
                "line {n}: table {}: {} values, the table has {} columns",
                table.name,
                values.len(),
                table.columns.len()
            ));
        }
        let mut row = values
            .iter()
            .zip(&table.columns)
            .map(|(v, c)| value_of(v, c, false))
            .collect::<Result<Vec<Value>, String>>()
            .map_err(|e| format!("line {n}: table {}: {e}", table.name))?;
        if let Some(id) = id_index.and_then(|i| row[i].as_int()) {
            for (i, column) in &self_refs {
                if let Some(target) = row[*i].as_int()
                    && target > id
                {
                    // Points to a row not inserted yet: set once the table is in.
                    later.push((*column, id, target));
                    row[*i] = Value::Null;
                }
            }
        }
        batch.push(row);
        rows += 1;
        if batch.len() >= BATCH {
            insert_batch(conn, table, &mut batch)?;
        }
    }
    insert_batch(conn, table, &mut batch)?;
    for (column, id, target) in later {
        let (ph1, ph2) = match conn.backend() {
            super::Backend::Postgres => ("$1", "$2"),
            super::Backend::Sqlite => ("?", "?"),
        };
        let sql = format!(
            "UPDATE {} SET {} = {ph1} WHERE id = {ph2}",
            quote(table.name),
            quote(column)
        );
        let binds = vec![
            (Kind::BigInt, Value::Int(target)),
            (Kind::BigInt, Value::Int(id)),
        ];
        with_binds!(conn, sql, binds, |q, c| q.execute(c))
            .map_err(|e| format!("table {}: cannot set {column} of row {id}: {e}", table.name))?;
    }
    Ok(rows)
}

/// Loads a dump into an empty, migrated database, in one transaction: every row or
/// none. PostgreSQL's identity sequences continue after the largest imported id.
pub fn import(conn: &mut AnyConnection, input: &mut dyn BufRead) -> Result<DumpSummary, String> {
    let target_schema = schema_version(conn)?;
    let mut lines = Lines {
        input,
        n: 0,
        buf: Vec::new(),
    };
    let header = lines
        .next()?
        .ok_or("the file is empty: not a Pactum dump")?;
    let schema = check_header(&header, &target_schema)?;
    let specs = tables();
    if header["tables"] != specs.len() {
        return Err(format!(
            "line 1: the dump has {} tables, this Pactum {}",
            header["tables"],
            specs.len()
        ));
    }
    let total = conn
        .transaction(|c| {
            if c.backend() == super::Backend::Sqlite {
                super::take_sqlite_write_lock(c)?;
            }
            let full = non_empty_tables(c, &specs).map_err(TxError::Message)?;
            if !full.is_empty() {
                return Err(TxError::Message(format!(
                    "the database is not empty: {}. import-db loads into a new database \
                     only (it applies the migrations itself)",
                    full.join(", ")
                )));
            }
            for (table, _) in SEEDED {
                c.batch_execute(&format!("DELETE FROM {}", quote(table)))?;
            }
            let mut total = 0u64;
            for table in &specs {
                total += import_table(c, table, &mut lines).map_err(TxError::Message)?;
            }
            let end = lines.expect("the end line").map_err(TxError::Message)?;
            if end["end"] != FORMAT || end["rows"] != total {
                return Err(TxError::Message(format!(
                    "line {}: expected the end of the dump with {total} rows",
                    lines.n
                )));
            }
            if lines.next().map_err(TxError::Message)?.is_some() {
                return Err(TxError::Message(format!(
                    "line {}: more after the end of the dump",
                    lines.n
                )));
            }
            if c.backend() == super::Backend::Postgres {
                let mut sql = String::new();
                for t in specs.iter().filter(|t| t.key == ["id"]) {
                    let _ = write!(
                        sql,
                        "SELECT setval(pg_get_serial_sequence('{0}', 'id'), MAX(id)) FROM {1};",
                        t.name,
                        quote(t.name)
                    );
                }
                c.batch_execute(&sql)?;
            }
            Ok(total)
        })
        .map_err(|e: TxError| e.to_string())?;
    Ok(DumpSummary {
        tables: specs.len(),
        rows: total,
        schema,
    })
}

/// Writes a new file through `write` under a temporary name next to `to`, syncs it,
/// and links it into place: an existing `to` is never replaced, and a failure leaves
/// no partial file behind.
pub fn write_new_file<T>(
    to: &Path,
    write: impl FnOnce(&Path, &mut std::fs::File) -> Result<T, String>,
) -> Result<T, String> {
    if to.exists() {
        return Err(format!(
            "{} already exists: it is never overwritten; choose another name",
            to.display()
        ));
    }
    let name = to
        .file_name()
        .ok_or_else(|| format!("{} names no file", to.display()))?
        .to_string_lossy()
        .into_owned();
    let dir = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = dir.join(format!(".{name}.partial-{}", std::process::id()));
    let mut file = crate::util::private_file_options()
        .open(&tmp)
        .map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let done = write(&tmp, &mut file).and_then(|value| {
        file.sync_all()
            .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        std::fs::hard_link(&tmp, to).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                format!("{} already exists: it is never overwritten", to.display())
            } else {
                format!("cannot create {}: {e}", to.display())
            }
        })?;
        Ok(value)
    });
    let _ = std::fs::remove_file(&tmp);
    let value = done?;
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(value)
}

/// What `pactum backup` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub bytes: u64,
    pub ledger_size: i64,
}

/// Copies a live SQLite database to `to` with `VACUUM INTO`: one consistent snapshot
/// while other connections keep writing; the copy is checked (`PRAGMA quick_check`)
/// before it gets its name.
pub fn backup_sqlite(db_path: &Path, to: &Path) -> Result<BackupReport, String> {
    let source = db_path.to_string_lossy().into_owned();
    if !db_path.is_file() {
        return Err(format!("{}: no database file", db_path.display()));
    }
    write_new_file(to, |tmp, _| {
        let db_err = |e: diesel::result::Error| format!("backup failed: {e}");
        let mut c = diesel::SqliteConnection::establish(&source)
            .map_err(|e| format!("{}: {e}", db_path.display()))?;
        c.batch_execute("PRAGMA busy_timeout = 10000;")
            .map_err(db_err)?;
        diesel::sql_query("VACUUM INTO ?")
            .bind::<Text, _>(tmp.to_string_lossy().into_owned())
            .execute(&mut c)
            .map_err(db_err)?;
        drop(c);
        let mut copy = diesel::SqliteConnection::establish(&tmp.to_string_lossy())
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        #[derive(diesel::QueryableByName)]
        struct Check {
            #[diesel(sql_type = Text)]
            quick_check: String,
        }
        let check = diesel::sql_query("PRAGMA quick_check")
            .get_result::<Check>(&mut copy)
            .map_err(db_err)?;
        if check.quick_check != "ok" {
            return Err(format!("the copy failed its check: {}", check.quick_check));
        }
        let ledger_size = diesel::sql_query("SELECT size AS n FROM ledger_head WHERE id = 1")
            .get_result::<Count>(&mut copy)
            .map_err(db_err)?
            .n;
        drop(copy);
        let bytes = std::fs::metadata(tmp).map_err(|e| e.to_string())?.len();
        Ok(BackupReport { bytes, ledger_size })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_from_the_table_definitions() {
        let specs = tables();
        let find = |n: &str| specs.iter().find(|t| t.name == n).unwrap().clone();
        assert_eq!(find("users").key, ["id"]);
        assert_eq!(find("user_roles").key, ["user_id", "role"]);
        assert_eq!(find("pact_reminders").key, ["pact_id", "due_on", "kind"]);
        let ledger = find("ledger_entries");
        assert_eq!(ledger.key, ["idx"]);
        let hash = ledger.column("leaf_hash").unwrap().1;
        assert_eq!((hash.kind, hash.nullable), (Kind::Binary, false));
        let email = find("users").column("email").unwrap().1;
        assert_eq!((email.kind, email.nullable), (Kind::Text, true));
    }

    #[test]
    fn values_have_one_canonical_form_from_either_backend() {
        let col = |kind, nullable| ColumnSpec {
            name: "c",
            kind,
            nullable,
        };
        let json = |v: Value| {
            let mut s = String::new();
            v.write_json(&mut s);
            s
        };
        let ts = col(Kind::Timestamp, false);
        for raw in [
            "2026-12-05 10:11:12.123456789",
            "2026-12-05T10:11:12.123456",
            "2026-12-05 10:11:12.123456",
        ] {
            let v = value_of(&serde_json::json!(raw), &ts, true).unwrap();
            assert_eq!(json(v), "\"2026-12-05T10:11:12.123456\"");
        }
        let v = value_of(&serde_json::json!("2026-12-05T10:11:12"), &ts, true).unwrap();
        assert_eq!(json(v), "\"2026-12-05T10:11:12.000000\"");
        let b = col(Kind::Bool, false);
        assert_eq!(
            value_of(&serde_json::json!(1), &b, true),
            Ok(Value::Bool(true))
        );
        assert!(value_of(&serde_json::json!(1), &b, false).is_err());
        let d = col(Kind::Double, true);
        for x in [0.1 + 0.2, 44.494_887_123_456_78, 1e-300, -0.0, 11.0] {
            let v = value_of(&serde_json::json!(format!("{x:.17e}")), &d, true).unwrap();
            let text = json(v.clone());
            assert_eq!(v, Value::Double(x));
            let back = value_of(&serde_json::from_str(&text).unwrap(), &d, false).unwrap();
            assert_eq!(back, Value::Double(x), "{text}");
        }
        assert_eq!(
            value_of(&serde_json::Value::Null, &d, false),
            Ok(Value::Null)
        );
        assert!(value_of(&serde_json::Value::Null, &b, false).is_err());
        let bin = col(Kind::Binary, false);
        assert_eq!(
            value_of(&serde_json::json!("\\x00AB"), &bin, true),
            Ok(Value::Bytes(vec![0, 0xab]))
        );
        assert_eq!(json(Value::Bytes(vec![0, 0xab])), "\"00ab\"");
        assert!(value_of(&serde_json::json!("xyz"), &bin, false).is_err());
    }
}
