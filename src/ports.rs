//! What the application's parts are handed at start-up.
//!
//! [`Ports`] is what use-cases (the services of every area) may receive: the database,
//! the configuration, the clock, the search indexes and the rate limiter. Services take
//! `&Ports` (or only the part they need, such as `&Db`), never the whole [`AppState`],
//! which adds what only the web layer and the jobs need (the session cookie key, the
//! ledger's checkpoint signer). `AppState` dereferences to its `Ports`, so a handler
//! passes `&state` where a service asks for `&Ports`.
//!
//! Both live here, below the areas and the route table, so that a handler naming
//! `AppState` does not make an import cycle with `app.rs`, which only wires.

use std::ops::Deref;
use std::sync::Arc;

use actix_web::cookie::Key;

use crate::config::Config;
use crate::db::Db;
use crate::db::version::{Derived, Memo};
use crate::kit::clock::Clock;
use crate::ledger::note::NoteSigner;
use crate::search::SearchIndex;
use crate::web::page_cache::PageCache;
use crate::web::rate_limit::RateLimiter;

/// The derived values kept per data version (the registry's sector counts for each
/// filter combination, a dozen numbers each; the pacts' statistics at each district
/// level).
const DERIVED_KEYS: usize = 4096;

/// What a use-case may use, cheap to clone.
#[derive(Clone)]
pub struct Ports {
    /// Where mail goes. Services queue mail in the outbox (delivered by the mail job,
    /// with retries); only a message that must leave no copy behind (a secret vote's
    /// receipt) is handed to the transport directly.
    pub mail: Arc<crate::mail::Transport>,
    pub db: Db,
    pub config: Arc<Config>,
    /// Where "now" comes from.
    pub clock: Clock,
    /// The commons search index (embedded or Meilisearch).
    pub search: Arc<dyn SearchIndex>,
    /// The pacts search index (embedded or Meilisearch, as the commons one).
    pub pact_search: Arc<dyn SearchIndex>,
    /// Request budgets per client and per account.
    pub limiter: Arc<RateLimiter>,
    /// The city's OpenID Connect provider, when configured and discovered (or
    /// optional); `None`: sign-in by password only.
    pub oidc: Option<Arc<crate::oidc::Provider>>,
}

/// Everything a request handler or a job may need, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub ports: Ports,
    /// Key for session cookies (signing and encryption).
    pub cookie_key: Key,
    /// The civic ledger's checkpoint signer.
    pub ledger_signer: Arc<NoteSigner>,
    /// Public pages rendered for anonymous visitors, shared by the workers.
    pub page_cache: Arc<PageCache>,
    /// Values derived from the data and costly to compute, for the current data
    /// version, by key (an area's name first): the registry list's sector counts by
    /// filters (a grouped count over every public commons, the list's costliest query),
    /// the pacts' statistics. Pages for signed-in visitors are never cached; these are.
    pub derived: Arc<Derived>,
}

impl AppState {
    pub fn new(
        db: Db,
        config: Config,
        secret: &[u8],
        ledger_signer: NoteSigner,
        search: Arc<dyn SearchIndex>,
        pact_search: Arc<dyn SearchIndex>,
        mail: Arc<crate::mail::Transport>,
    ) -> AppState {
        let limiter = Arc::new(RateLimiter::for_database(&db));
        let page_cache = Arc::new(PageCache::new(config.page_cache_bytes));
        AppState {
            ports: Ports {
                mail,
                db,
                config: Arc::new(config),
                clock: Clock::System,
                search,
                pact_search,
                limiter,
                oidc: None,
            },
            cookie_key: Key::derive_from(secret),
            ledger_signer: Arc::new(ledger_signer),
            page_cache,
            derived: Arc::new(Memo::new(DERIVED_KEYS)),
        }
    }
}

impl Deref for AppState {
    type Target = Ports;

    fn deref(&self) -> &Ports {
        &self.ports
    }
}
