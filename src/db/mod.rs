//! The data layer: one connection type for both backends, the pool, the embedded
//! migrations, and `Db::run`, the only way handlers and services reach the database.
//!
//! Rules: every query runs on the blocking thread pool (`web::block`), never on an
//! actix worker; SQLite connections get their pragmas (WAL, a 256 MiB read mmap) on
//! checkout; the two migration folders hold the same versions; backend-specific SQL
//! lives here and nowhere else.

pub mod backup;
pub mod schema;
pub mod translations;
pub mod url;
pub mod version;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::connection::{InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use self::url::DatabaseUrl;
use crate::error::AppError;

/// A connection to either backend, chosen by the database URL.
#[derive(diesel::MultiConnection)]
pub enum AnyConnection {
    Postgresql(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

pub type DbPool = Pool<ConnectionManager<AnyConnection>>;
pub type DbConn = PooledConnection<ConnectionManager<AnyConnection>>;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl AnyConnection {
    pub fn backend(&self) -> Backend {
        match self {
            AnyConnection::Postgresql(_) => Backend::Postgres,
            AnyConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Sets up each new connection: SQLite's pragmas, and the statement counter.
#[derive(Debug)]
struct ConnectionSetup {
    statements: Arc<AtomicU64>,
}

impl CustomizeConnection<AnyConnection, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut AnyConnection) -> Result<(), diesel::r2d2::Error> {
        let statements = self.statements.clone();
        conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { .. } = event {
                statements.fetch_add(1, Ordering::Relaxed);
            }
        });
        if let AnyConnection::Sqlite(c) = conn {
            c.batch_execute(
                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                 PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                 PRAGMA mmap_size = 268435456;",
            )
            .map_err(diesel::r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Errors of the data layer at start-up, worded for the person running the server.
#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot open the database: {0}")]
    Pool(String),
    #[error("cannot apply database migrations: {0}")]
    Migrations(String),
}

/// The application's handle on the database: a pool plus the blocking runner.
#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    backend: Backend,
    /// SQLite has one writer: write transactions of this process take turns here
    /// rather than fail with "database is locked" when two upgrade at once.
    sqlite_writer: std::sync::Arc<std::sync::Mutex<()>>,
    /// Statements sent to the database by this pool's connections since it opened
    /// (transaction statements and the pool's liveness check included): the number
    /// the query-count tests read before and after a page.
    statements: Arc<AtomicU64>,
}

/// How long a query waits for a free connection before the database counts as
/// unavailable (503).
pub const CONNECTION_WAIT: Duration = Duration::from_secs(10);

/// A snapshot of the connection pool (for `/metrics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolState {
    /// Connections open, idle or in use.
    pub connections: u32,
    pub idle: u32,
    /// The pool's size: the most connections it opens.
    pub max: u32,
}

impl PoolState {
    pub fn in_use(&self) -> u32 {
        self.connections.saturating_sub(self.idle)
    }
}

/// Creates a new SQLite database file readable only by its owner (0600) before SQLite
/// opens it: SQLite gives its `-wal` and `-shm` files the database file's mode.
fn create_private_sqlite_file(path: &std::path::Path) -> std::io::Result<()> {
    let special = path
        .to_str()
        .is_some_and(|p| p.is_empty() || p == ":memory:" || p.starts_with("file:"));
    if special || path.exists() {
        return Ok(());
    }
    match crate::util::private_file_options().open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// Puts a SQLite file in WAL mode once, on one connection, before the pool opens its
/// connections in parallel: the mode is kept in the file, and switching it needs the
/// file to itself, which connections opening at once would deny each other ("database
/// is locked", logged by the pool at a first start).
fn use_wal(path: &std::path::Path) -> Result<(), DbSetupError> {
    use diesel::Connection;
    let text = path.to_string_lossy();
    if text.is_empty() || text == ":memory:" {
        return Ok(());
    }
    let mut conn = diesel::SqliteConnection::establish(&text)
        .map_err(|e| DbSetupError::Pool(format!("{}: {e}", path.display())))?;
    conn.batch_execute("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL;")
        .map_err(|e| DbSetupError::Pool(format!("{}: {e}", path.display())))
}

impl Db {
    /// Opens a pool for the URL. For SQLite the file must already be allowed by
    /// [`DatabaseUrl`] (it refuses unknown schemes and missing bare paths).
    pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Db, DbSetupError> {
        if let DatabaseUrl::Sqlite(path) = url {
            create_private_sqlite_file(path)
                .map_err(|e| DbSetupError::Pool(format!("{}: {e}", path.display())))?;
            use_wal(path)?;
        }
        let (conn_str, backend, size) = match url {
            DatabaseUrl::Postgres(u) => (u.clone(), Backend::Postgres, max_size),
            // One SQLite file has one writer; a small pool avoids lock convoys.
            DatabaseUrl::Sqlite(path) => (
                path.to_string_lossy().into_owned(),
                Backend::Sqlite,
                max_size.min(8),
            ),
        };
        let manager = ConnectionManager::<AnyConnection>::new(conn_str);
        let statements = Arc::new(AtomicU64::new(0));
        let pool = Pool::builder()
            .max_size(size)
            .connection_timeout(CONNECTION_WAIT)
            .connection_customizer(Box::new(ConnectionSetup {
                statements: statements.clone(),
            }))
            .build(manager)
            .map_err(|e| DbSetupError::Pool(e.to_string()))?;
        Ok(Db {
            pool,
            backend,
            sqlite_writer: Default::default(),
            statements,
        })
    }

    /// How many statements this pool has sent to the database so far. A page's cost
    /// in round trips is the difference across one request.
    pub fn statements_sent(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for start-up and CLI work (outside the async runtime).
    pub fn get(&self) -> Result<DbConn, AppError> {
        self.pool
            .get()
            .map_err(|e| AppError::Unavailable(e.to_string()))
    }

    /// Applies pending migrations; safe to run again (already applied ones are skipped).
    pub fn migrate(&self) -> Result<Vec<String>, DbSetupError> {
        let mut conn = self
            .pool
            .get()
            .map_err(|e| DbSetupError::Pool(e.to_string()))?;
        run_migrations(&mut conn)
    }

    /// Runs `f` with a pooled connection on the blocking thread pool.
    pub async fn run<F, T>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.run_within(CONNECTION_WAIT, f).await
    }

    /// Runs `f` inside one transaction on the blocking thread pool.
    pub async fn transaction<F, T>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.try_transaction(f).await
    }

    /// Runs `f` inside one transaction that is rolled back whenever `f` fails, with
    /// the caller's error type (for example a form refusal after some checks ran).
    pub async fn try_transaction<F, T, E>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<diesel::result::Error> + From<AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let writer = self.sqlite_writer.clone();
        actix_web::web::block(move || -> Result<T, E> {
            let mut pooled = pool
                .get()
                .map_err(|e| AppError::Unavailable(e.to_string()))?;
            let conn: &mut AnyConnection = &mut pooled;
            let _turn = (conn.backend() == Backend::Sqlite)
                .then(|| writer.lock().unwrap_or_else(|p| p.into_inner()));
            write_transaction(conn, f)
        })
        .await
        .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
    }

    /// Runs `f` like [`Db::run`], waiting at most `wait` for a connection instead of
    /// [`CONNECTION_WAIT`] (for `/metrics`, which must answer within a scrape's
    /// timeout even when the database is gone).
    pub async fn run_within<F, T>(&self, wait: Duration, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool
                .get_timeout(wait)
                .map_err(|e| AppError::Unavailable(e.to_string()))?;
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
    }

    /// The pool's connections now: open, idle, and the most it may open.
    pub fn pool_state(&self) -> PoolState {
        let s = self.pool.state();
        PoolState {
            connections: s.connections,
            idle: s.idle_connections,
            max: self.pool.max_size(),
        }
    }

    /// True when a trivial query succeeds (for `/readyz`).
    pub async fn ping(&self) -> bool {
        self.run(|conn| {
            conn.batch_execute("SELECT 1")?;
            Ok(())
        })
        .await
        .is_ok()
    }
}

/// Runs the migrations matching the connection's backend; returns the versions applied.
pub fn run_migrations(conn: &mut AnyConnection) -> Result<Vec<String>, DbSetupError> {
    let applied = match conn {
        AnyConnection::Postgresql(c) => {
            // Several instances may start at once: one migrates, the others wait.
            let lock = |c: &mut diesel::PgConnection, sql: &str| {
                c.batch_execute(sql)
                    .map_err(|e| DbSetupError::Migrations(e.to_string()))
            };
            lock(c, "SELECT pg_advisory_lock(7261706163)")?;
            let result = c
                .run_pending_migrations(POSTGRES_MIGRATIONS)
                .map(|v| v.iter().map(|m| m.to_string()).collect());
            lock(c, "SELECT pg_advisory_unlock(7261706163)")?;
            result
        }
        AnyConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|v| v.iter().map(|m| m.to_string()).collect()),
    };
    applied.map_err(|e| DbSetupError::Migrations(e.to_string()))
}

/// Takes SQLite's write lock at the start of a transaction, writing nothing (`WHERE 0`
/// still takes the lock). A deferred transaction that reads first and writes later
/// fails with "database is locked" when another connection (a background job, another
/// process) commits in between; one that holds the lock from the start waits its turn
/// (`busy_timeout`) instead.
fn take_sqlite_write_lock(conn: &mut AnyConnection) -> Result<(), diesel::result::Error> {
    diesel::sql_query("UPDATE ledger_head SET size = size WHERE 0").execute(conn)?;
    Ok(())
}

/// Runs `f` in one transaction that writes, rolled back whenever `f` fails. On SQLite
/// the write lock is taken first, so a transaction that reads before it writes waits
/// for another process (a server beside a command) instead of failing. Every write
/// that is more than one statement goes through here or [`Db::try_transaction`]: a
/// ledger entry and the change it records commit together or not at all.
pub fn write_transaction<T, E>(
    conn: &mut AnyConnection,
    f: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn.backend() {
        Backend::Sqlite => conn.transaction(|conn| {
            take_sqlite_write_lock(conn)?;
            f(conn)
        }),
        Backend::Postgres => conn.transaction(f),
    }
}

/// Whether `conn` is inside a transaction (for writes that must never commit alone).
pub fn in_transaction(conn: &mut AnyConnection) -> bool {
    use diesel::connection::TransactionManager;
    matches!(
        <AnyConnection as Connection>::TransactionManager::transaction_manager_status_mut(conn)
            .transaction_depth(),
        Ok(Some(_))
    )
}

/// Locks the ledger head row for the rest of the transaction and returns the size:
/// `SELECT … FOR UPDATE` on PostgreSQL (appends from several instances queue here);
/// on SQLite a no-op update takes the database's single write lock first.
pub fn lock_ledger_head(conn: &mut AnyConnection) -> Result<i64, diesel::result::Error> {
    use self::schema::ledger_head;
    #[derive(diesel::QueryableByName)]
    struct Size {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        size: i64,
    }
    match conn {
        AnyConnection::Postgresql(c) => {
            diesel::sql_query("SELECT size FROM ledger_head WHERE id = 1 FOR UPDATE")
                .get_result::<Size>(c)
                .map(|s| s.size)
        }
        AnyConnection::Sqlite(c) => {
            diesel::update(ledger_head::table.filter(ledger_head::id.eq(1)))
                .set(ledger_head::size.eq(ledger_head::size))
                .execute(c)?;
            ledger_head::table
                .filter(ledger_head::id.eq(1))
                .select(ledger_head::size)
                .first(c)
        }
    }
}

/// Whether an error is a unique-constraint violation (both backends).
pub fn is_unique_violation(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Inserts many rows in one statement (an import): batch inserts do not go through
/// the connection that serves both backends, so this matches on the backend and runs
/// the same insert on each one's own connection. `insert_rows!(conn, table, rows)`
/// executes; `insert_rows!(conn, table, rows, returning columns)` returns the
/// columns of every inserted row (in no promised order: return a key with the id).
#[macro_export]
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql(c) => {
                diesel::RunQueryDsl::execute(diesel::insert_into($table).values($rows), c)
            }
            $crate::db::AnyConnection::Sqlite(c) => {
                diesel::RunQueryDsl::execute(diesel::insert_into($table).values($rows), c)
            }
        }
    };
    ($conn:expr, $table:expr, $rows:expr, returning $columns:expr) => {
        match $conn {
            $crate::db::AnyConnection::Postgresql(c) => diesel::RunQueryDsl::get_results(
                diesel::insert_into($table)
                    .values($rows)
                    .returning($columns),
                c,
            ),
            $crate::db::AnyConnection::Sqlite(c) => diesel::RunQueryDsl::get_results(
                diesel::insert_into($table)
                    .values($rows)
                    .returning($columns),
                c,
            ),
        }
    };
}
