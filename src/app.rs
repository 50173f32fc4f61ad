//! The application: shared state, the middleware order, the one route table, and
//! `build_app()` used by `pactum serve` and by the tests.

use actix_session::SessionMiddleware;
use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_web::body::MessageBody;
use actix_web::cookie::SameSite;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, web};

use crate::accounts::{self, Role};
use crate::error::AppError;
pub use crate::ports::AppState;
use crate::web::csrf::SiteOrigin;
use crate::web::page::SiteInfo;
use crate::{home, opendata, web as kit};

/// Who may use a route. Services enforce it; the route table states it so a test can
/// check every route against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
    Role(Role),
}

#[derive(Debug, Clone, Copy)]
pub struct RouteInfo {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
}

macro_rules! route_table {
    ($( $method:ident $path:literal $access:expr => $handler:path ;)*) => {
        /// Every route of the application, with who may use it.
        pub const ROUTES: &[RouteInfo] = &[
            $( RouteInfo { method: stringify!($method), path: $path, access: $access }, )*
        ];

        fn configure_routes(cfg: &mut web::ServiceConfig) {
            $( cfg.route($path, cached(Method::$method, $path, route_for(Method::$method).to($handler))); )*
        }
    };
}

/// How long a cached route's answer may be kept (`web::page_cache`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// It shows the clock (open votes, deadlines, calls), or reads the search index,
    /// which may catch up with a committed write a moment later: kept for the minute
    /// at most.
    Minute,
    /// It shows stored data only (the registry's pages and data: stored dates, and the
    /// states of the pacts a commons page lists, changed by writes): kept until the
    /// data changes. `tests/it/page_cache.rs` renders each such route at two times a
    /// year apart and requires the same answer.
    Data,
}
use Freshness::{Data, Minute};

/// Public pages an anonymous visitor is served from the page cache, and answered 304
/// when unchanged (`web::page_cache`): each depends only on the data, its path and
/// query, the language and, for `Minute`, the minute. A page that reads anything else
/// of the request (a cookie, the client's address for more than a rate limit) must not
/// be listed.
pub const CACHED_PAGES: &[(&str, Freshness)] = &[
    ("/", Minute),
    ("/commons", Data),
    ("/commons/map", Data),
    ("/commons/sectors", Data),
    ("/commons/{id}", Data),
    ("/search", Minute),
    ("/pacts", Minute),
    ("/pacts/stats", Minute),
    ("/pacts/{id}", Minute),
    ("/calls", Minute),
    ("/calls/{id}", Minute),
    ("/assemblies", Minute),
    ("/assemblies/{slug}", Minute),
    ("/assemblies/{slug}/meetings/{id}", Minute),
    ("/assemblies/{slug}/motions/{id}", Minute),
    ("/assemblies/{slug}/votes/{id}", Minute),
    ("/assemblies/{slug}/members", Minute),
    ("/assemblies/{slug}/recommendations", Minute),
    ("/assemblies/{slug}/recommendations/{id}", Minute),
    ("/tokens", Minute),
    ("/tokens/{slug}", Minute),
    ("/ledger", Minute),
];

/// Open data answered the same way (the same bytes for every visitor; a stream is
/// kept when it ends within the entry limit).
pub const CACHED_DATA: &[(&str, Freshness)] = &[
    ("/api/v1/commons", Minute),
    ("/commons/map.json", Data),
    ("/commons.geojson", Data),
    ("/commons.csv", Data),
    ("/commons/{id}.geojson", Data),
    ("/commons/{id}/timeline.json", Data),
    ("/commons/sectors.json", Data),
    ("/commons/sectors.csv", Data),
    ("/districts.geojson", Data),
    ("/api/v1/pacts", Minute),
    ("/api/v1/pacts/{id}", Minute),
    ("/pacts.csv", Minute),
    ("/pacts.json", Minute),
    ("/calls.csv", Minute),
    ("/calls.json", Minute),
    ("/api/v1/assemblies", Minute),
    ("/assemblies.csv", Minute),
    ("/tokens.csv", Minute),
    ("/tokens.json", Minute),
    ("/api/v1/tokens/{slug}", Minute),
];

/// A listed GET route with the page cache in front of its handler (after routing, so
/// the route is known without matching the path again).
fn cached(method: Method, path: &str, route: actix_web::Route) -> actix_web::Route {
    use kit::page_cache::{cache_data, cache_page};
    let find = |list: &[(&str, Freshness)]| list.iter().find(|(p, _)| *p == path).map(|r| r.1);
    if method != Method::GET {
        return route;
    }
    match (find(CACHED_PAGES), find(CACHED_DATA)) {
        (Some(Minute), _) => route.wrap(from_fn(cache_page::<true>)),
        (Some(Data), _) => route.wrap(from_fn(cache_page::<false>)),
        (None, Some(Minute)) => route.wrap(from_fn(cache_data::<true>)),
        (None, Some(Data)) => route.wrap(from_fn(cache_data::<false>)),
        (None, None) => route,
    }
}

/// A route for one method; GET routes also answer HEAD (same status and headers; the
/// HTTP layer sends no body).
fn route_for(method: Method) -> actix_web::Route {
    if method == Method::GET {
        web::route()
            .guard(actix_web::guard::Any(actix_web::guard::Get()).or(actix_web::guard::Head()))
    } else {
        web::method(method)
    }
}

use crate::assemblies::handlers as assemblies;
use crate::commons::handlers as commons;
use crate::imports::handlers as imports;
use crate::ledger::handlers as ledger;
use crate::pacts::handlers as pacts;
use crate::tokens::handlers as tokens;
use Access::{Public, SignedIn};
use accounts::handlers as acc;

const OFFICIAL: Access = Access::Role(Role::Official);
const ADMIN: Access = Access::Role(Role::Admin);

route_table! {
    GET  "/"                                Public   => home::index;
    GET  "/healthz"                         Public   => home::healthz;
    GET  "/readyz"                          Public   => home::readyz;
    GET  "/static/{path:.*}"                Public   => kit::assets::serve;
    POST "/language"                        Public   => acc::set_language;
    GET  "/register"                        Public   => acc::register_form;
    POST "/register"                        Public   => acc::register;
    GET  "/verify-email"                    Public   => acc::verify_email;
    GET  "/signin"                          Public   => acc::signin_form;
    POST "/signin"                          Public   => acc::signin;
    POST "/signout"                         Public   => acc::signout;
    GET  "/signin/oidc"                     Public   => acc::oidc_start;
    GET  "/signin/oidc/link"                Public   => acc::oidc_link_form;
    POST "/signin/oidc/link"                Public   => acc::oidc_link;
    GET  "/oidc/callback"                   Public   => acc::oidc_callback;
    GET  "/oidc/jwks.json"                  Public   => acc::oidc_jwks;
    POST "/oidc/backchannel-logout"         Public   => acc::oidc_backchannel_logout;
    POST "/account/identities"              SignedIn => acc::oidc_link_account;
    POST "/account/identities/{id}/unlink"  SignedIn => acc::oidc_unlink;
    GET  "/password/forgot"                 Public   => acc::forgot_form;
    POST "/password/forgot"                 Public   => acc::forgot;
    GET  "/password/reset"                  Public   => acc::reset_form;
    POST "/password/reset"                  Public   => acc::reset;
    GET  "/ledger"                          Public   => ledger::explorer;
    GET  "/ledger.csv"                      Public   => ledger::entries_csv;
    GET  "/ledger.json"                     Public   => ledger::entries_json;
    GET  "/ledger/checkpoint"               Public   => ledger::checkpoint;
    GET  "/ledger/key"                      Public   => ledger::key;
    GET  "/ledger/tile/{path:.*}"           Public   => ledger::tile;
    GET  "/ledger/entries/{index}"          Public   => ledger::entry;
    GET  "/api/v1/ledger/proof/inclusion"   Public   => ledger::inclusion;
    GET  "/api/v1/ledger/proof/consistency" Public   => ledger::consistency;
    GET  "/account"                         SignedIn => acc::account;
    POST "/account"                         SignedIn => acc::update_account;
    POST "/account/email"                   SignedIn => acc::change_email;
    GET  "/account/email/undo"              Public   => acc::undo_email_form;
    POST "/account/email/undo"              Public   => acc::undo_email;
    POST "/account/password"                SignedIn => acc::change_password;
    POST "/account/sessions/end"            SignedIn => acc::signout_everywhere;
    POST "/account/verification"            SignedIn => acc::resend_verification;
    GET  "/account/delete"                  SignedIn => acc::delete_form;
    POST "/account/delete"                  SignedIn => acc::delete;
    GET  "/groups"                          SignedIn => acc::my_groups;
    GET  "/groups/new"                      SignedIn => acc::new_group_form;
    POST "/groups/new"                      SignedIn => acc::create_group;
    GET  "/groups/{id}"                     Public   => acc::show_group;
    POST "/groups/{id}/invitations"         SignedIn => acc::invite;
    POST "/groups/{id}/leave"               SignedIn => acc::leave_group;
    POST "/groups/{id}/referent"            SignedIn => acc::set_referent;
    GET  "/invitations/{token}"             Public   => acc::show_invitation;
    POST "/invitations/{token}/accept"      SignedIn => acc::accept_invitation;
    GET  "/official"                        OFFICIAL => acc::official_desk;
    POST "/official/absences"               OFFICIAL => acc::record_absence;
    POST "/official/absences/{id}/cancel"   OFFICIAL => acc::cancel_absence;
    GET  "/official/commons"                OFFICIAL => commons::review_queue;
    GET  "/commons"                         Public   => commons::index;
    GET  "/commons/map"                     Public   => commons::map;
    GET  "/commons/sectors"                 Public   => commons::sectors;
    GET  "/commons/sectors.csv"             Public   => commons::sectors_csv;
    GET  "/commons/sectors.json"            Public   => commons::sectors_json;
    GET  "/commons/new"                     SignedIn => commons::new_form;
    POST "/commons/new"                     SignedIn => commons::create;
    GET  "/commons.geojson"                 Public   => commons::geojson;
    GET  "/commons/map.json"                Public   => commons::map_data;
    GET  "/commons.csv"                     Public   => opendata::commons_csv;
    GET  "/catalog.jsonld"                  Public   => opendata::catalog;
    GET  "/districts.geojson"               Public   => commons::districts_geojson;
    GET  "/addresses/suggest"               Public   => commons::suggest_addresses;
    GET  "/commons/{id}.geojson"            Public   => commons::show_geojson;
    GET  "/commons/{id}"                    Public   => commons::show;
    POST "/commons/{id}/decision"           OFFICIAL => commons::decide;
    POST "/commons/{id}/photos"             SignedIn => commons::add_photo;
    GET  "/commons/{id}/timeline.json"      Public   => commons::timeline_json;
    GET  "/commons/{id}/edit"               SignedIn => commons::edit_form;
    POST "/commons/{id}/edit"               SignedIn => commons::update;
    POST "/commons/{id}/merge"              OFFICIAL => commons::merge;
    GET  "/commons/{id}/translations"      SignedIn => commons::translations_form;
    POST "/commons/{id}/translations"      SignedIn => commons::translate;
    POST "/commons/{id}/photos/{photo}/delete" SignedIn => commons::delete_photo;
    POST "/commons/{id}/photos/{photo}/moderation" SignedIn => commons::moderate_photo;
    GET  "/files/{name}"                    Public   => commons::file;
    GET  "/search"                          Public   => commons::search_page;
    GET  "/api/v1/commons"                  Public   => commons::api_list;
    GET  "/official/pacts"                  OFFICIAL => pacts::queue;
    GET  "/assemblies"                      Public   => assemblies::index;
    GET  "/assemblies/new"                  ADMIN    => assemblies::new_form;
    POST "/assemblies/new"                  ADMIN    => assemblies::create;
    GET  "/assemblies/{slug}"               Public   => assemblies::show;
    GET  "/assemblies/{slug}/edit"          SignedIn => assemblies::edit_form;
    POST "/assemblies/{slug}/edit"          SignedIn => assemblies::update;
    POST "/assemblies/{slug}/facilitators"  ADMIN    => assemblies::add_facilitator;
    POST "/assemblies/{slug}/facilitators/{user}/remove" ADMIN => assemblies::remove_facilitator;
    POST "/assemblies/{slug}/join"          SignedIn => assemblies::join;
    POST "/assemblies/{slug}/leave"         SignedIn => assemblies::leave;
    POST "/assemblies/{slug}/groups/{group}/join" SignedIn => assemblies::join_for;
    POST "/assemblies/{slug}/groups/{group}/leave" SignedIn => assemblies::leave_for;
    POST "/assemblies/{slug}/groups/{group}/delegate" SignedIn => assemblies::delegate;
    GET  "/assemblies/{slug}/calendar.ics"  Public   => assemblies::calendar;
    GET  "/assemblies/{slug}/meetings/new"  SignedIn => assemblies::meeting_form;
    POST "/assemblies/{slug}/meetings/new"  SignedIn => assemblies::plan_meeting;
    GET  "/assemblies/{slug}/meetings/{id}" Public   => assemblies::meeting;
    GET  "/assemblies/{slug}/meetings/{id}/meeting.ics" Public => assemblies::meeting_ics;
    POST "/assemblies/{slug}/meetings/{id}/attendance" SignedIn => assemblies::attendance;
    POST "/assemblies/{slug}/meetings/{id}/minutes" SignedIn => assemblies::minutes;
    POST "/assemblies/{slug}/meetings/{id}/cancel" SignedIn => assemblies::cancel_meeting;
    GET  "/assemblies/{slug}/motions/new"   SignedIn => assemblies::motion_form;
    POST "/assemblies/{slug}/motions/new"   SignedIn => assemblies::table_motion;
    GET  "/assemblies/{slug}/motions/{id}"  Public   => assemblies::motion;
    POST "/assemblies/{slug}/motions/{id}/support" SignedIn => assemblies::support;
    POST "/assemblies/{slug}/motions/{id}/withdraw" SignedIn => assemblies::withdraw;
    POST "/assemblies/{slug}/motions/{id}/schedule" SignedIn => assemblies::schedule;
    POST "/assemblies/{slug}/motions/{id}/comments" SignedIn => assemblies::comment;
    POST "/assemblies/{slug}/comments/{id}/hide" SignedIn => assemblies::hide;
    GET  "/assemblies/{slug}/moderation"    Public   => assemblies::moderation;
    GET  "/assemblies/{slug}/votes/new"     SignedIn => assemblies::vote_form;
    POST "/assemblies/{slug}/votes/new"     SignedIn => assemblies::open_vote;
    GET  "/assemblies/{slug}/votes/{id}"    Public   => assemblies::vote;
    POST "/assemblies/{slug}/votes/{id}/ballot" SignedIn => assemblies::cast;
    POST "/assemblies/{slug}/votes/{id}/check" Public => assemblies::check_tracker;
    GET  "/assemblies/{slug}/votes/{id}/ballots" Public => assemblies::ballots;
    GET  "/assemblies/{slug}/votes/{id}/hashes.txt" Public => assemblies::hashes;
    // --- added by amend ---
    POST "/assemblies/{slug}/motions/{id}/amendments" SignedIn => assemblies::propose_amendment;
    POST "/assemblies/{slug}/amendments/{id}/accept" SignedIn => assemblies::accept_amendment;
    POST "/assemblies/{slug}/amendments/{id}/decline" SignedIn => assemblies::decline_amendment;
    POST "/assemblies/{slug}/amendments/{id}/withdraw" SignedIn => assemblies::withdraw_amendment;
    GET  "/assemblies/{slug}/members"       Public   => assemblies::members;
    POST "/assemblies/{slug}/members/{member}/remove" SignedIn => assemblies::remove;
    GET  "/assemblies/{slug}/requests"      SignedIn => assemblies::requests;
    POST "/assemblies/{slug}/requests/{member}" SignedIn => assemblies::decide;
    // Open data of assemblies (added by odata).
    GET  "/assemblies.csv"                  Public   => assemblies::bodies_csv;
    GET  "/assemblies/{slug}/meetings.csv"  Public   => assemblies::meetings_csv;
    GET  "/assemblies/{slug}/motions.csv"   Public   => assemblies::motions_csv;
    GET  "/assemblies/{slug}/votes.csv"     Public   => assemblies::votes_csv;
    GET  "/api/v1/assemblies"               Public   => assemblies::api_bodies;
    GET  "/api/v1/assemblies/{slug}"        Public   => assemblies::api_body;
    GET  "/api/v1/assemblies/{slug}/meetings" Public => assemblies::api_meetings;
    GET  "/api/v1/assemblies/{slug}/motions" Public  => assemblies::api_motions;
    GET  "/api/v1/assemblies/{slug}/votes"  Public   => assemblies::api_votes;
    GET  "/api/v1/assemblies/{slug}/votes/{id}" Public => assemblies::api_vote;
    GET  "/assemblies/{slug}/members.csv"   Public   => assemblies::members_csv;
    GET  "/assemblies/{slug}/recommendations.csv" Public => assemblies::recommendations_csv;
    GET  "/api/v1/assemblies/{slug}/members" Public  => assemblies::api_members;
    GET  "/api/v1/assemblies/{slug}/recommendations" Public => assemblies::api_recommendations;
    // --- added by recs ---
    GET  "/assemblies/{slug}/recommendations" Public => assemblies::recommendations;
    POST "/assemblies/{slug}/recommendations" SignedIn => assemblies::send_recommendation;
    GET  "/assemblies/{slug}/recommendations/{id}" Public => assemblies::recommendation;
    GET  "/tokens"                          Public   => tokens::index;
    GET  "/tokens.csv"                      Public   => tokens::programmes_export;
    GET  "/tokens.json"                     Public   => tokens::programmes_export;
    GET  "/tokens/new"                      ADMIN    => tokens::new_programme;
    POST "/tokens/new"                      ADMIN    => tokens::create_programme;
    GET  "/tokens/methodologies/new"        ADMIN    => tokens::new_methodology;
    POST "/tokens/methodologies/new"        ADMIN    => tokens::publish_methodology;
    GET  "/tokens/methodologies/{code}/{version}" Public => tokens::methodology;
    GET  "/tokens/vouchers"                 OFFICIAL => tokens::vouchers;
    POST "/tokens/vouchers"                 OFFICIAL => tokens::redeem;
    POST "/tokens/exchanges/{id}/settle"    SignedIn => tokens::settle;
    GET  "/tokens/{slug}"                   Public   => tokens::programme;
    GET  "/api/v1/tokens/{slug}"            Public   => tokens::api_supply;
    GET  "/tokens/{slug}/claim"             SignedIn => tokens::claim_form;
    POST "/tokens/{slug}/claim"             SignedIn => tokens::submit_claim;
    GET  "/tokens/{slug}/serials"           Public   => tokens::serials;
    GET  "/tokens/{slug}/issuances.{format}" Public  => tokens::issuances;
    GET  "/tokens/{slug}/retirements.{format}" Public => tokens::retirements;
    GET  "/tokens/{slug}/queue"             SignedIn => tokens::queue;
    GET  "/tokens/{slug}/admin"             ADMIN    => tokens::admin;
    POST "/tokens/{slug}/verifiers"         ADMIN    => tokens::accredit;
    POST "/tokens/{slug}/points"            ADMIN    => tokens::add_point;
    GET  "/tokens/{slug}/fund"              SignedIn => tokens::fund;
    POST "/tokens/{slug}/fund"              SignedIn => tokens::deposit;
    GET  "/tokens/{slug}/wallet"            SignedIn => tokens::wallet;
    POST "/tokens/{slug}/wallet/spend"      SignedIn => tokens::spend;
    POST "/tokens/{slug}/wallet/transfer"   SignedIn => tokens::transfer;
    POST "/tokens/{slug}/wallet/exchange"   SignedIn => tokens::exchange;
    GET  "/tokens/claims/{id}"              SignedIn => tokens::claim;
    POST "/tokens/claims/{id}/review"       SignedIn => tokens::review;
    POST "/tokens/claims/{id}/answer"       SignedIn => tokens::answer;
    POST "/tokens/claims/{id}/withdraw"     SignedIn => tokens::withdraw;
    GET  "/tokens/claims/{id}/evidence/{hash}" SignedIn => tokens::evidence;
    GET  "/tokens/spends/{id}"              SignedIn => tokens::spend_receipt;
    POST "/assemblies/{slug}/recommendations/{id}/answer" SignedIn => assemblies::answer_recommendation;
    POST "/assemblies/{slug}/endorsements"  SignedIn => assemblies::endorse;
    GET  "/pacts"                           Public   => pacts::index;
    GET  "/pacts.csv"                       Public   => pacts::csv;
    GET  "/pacts.json"                      Public   => pacts::json_export;
    GET  "/pacts/stats"                     Public   => pacts::stats;
    GET  "/pacts/support.csv"               Public   => pacts::support_csv;
    GET  "/pacts/support-totals.csv"        Public   => pacts::support_totals_csv;
    GET  "/pacts/mine"                      SignedIn => pacts::mine;
    GET  "/pacts/templates"                 SignedIn => pacts::templates;
    GET  "/pacts/templates/{category}"      SignedIn => pacts::template_form;
    POST "/pacts/templates/{category}"      SignedIn => pacts::save_template;
    POST "/account/notifications"           SignedIn => acc::set_notifications;
    GET  "/pacts/new"                       SignedIn => pacts::new_form;
    POST "/pacts/new"                       SignedIn => pacts::create;
    GET  "/pacts/{id}"                      Public   => pacts::show;
    GET  "/pacts/{id}/edit"                 SignedIn => pacts::edit_form;
    POST "/pacts/{id}/edit"                 SignedIn => pacts::edit;
    GET  "/pacts/{id}/translations"         SignedIn => pacts::translations_form;
    POST "/pacts/{id}/translations"         SignedIn => pacts::translate;
    POST "/pacts/{id}/transition"           SignedIn => pacts::transition;
    POST "/pacts/{id}/route"                SignedIn => pacts::route;
    POST "/pacts/{id}/notice"               SignedIn => pacts::aftercare;
    POST "/pacts/{id}/notice/answer"        SignedIn => pacts::aftercare;
    POST "/pacts/{id}/notice/dismiss"       SignedIn => pacts::aftercare;
    POST "/pacts/{id}/exclude"              SignedIn => pacts::aftercare;
    POST "/pacts/{id}/leave"                SignedIn => pacts::aftercare;
    POST "/pacts/{id}/conciliation"         SignedIn => pacts::aftercare;
    POST "/pacts/{id}/conciliation/members" SignedIn => pacts::aftercare;
    POST "/pacts/{id}/conciliation/sessions" SignedIn => pacts::aftercare;
    POST "/pacts/{id}/conciliation/proposal" SignedIn => pacts::aftercare;
    POST "/pacts/{id}/opinions/request"     OFFICIAL => pacts::request_opinions;
    POST "/pacts/{id}/opinions"             OFFICIAL => pacts::give_opinion;
    POST "/pacts/{id}/observations"         SignedIn => pacts::observe;
    POST "/pacts/{id}/observations/{oid}/reply" SignedIn => pacts::reply;
    POST "/pacts/{id}/meetings"             SignedIn => pacts::add_meeting;
    POST "/pacts/{id}/sign"                 SignedIn => pacts::sign;
    POST "/pacts/{id}/join"                 SignedIn => pacts::join;
    POST "/pacts/{id}/reports"              SignedIn => pacts::submit_report;
    POST "/pacts/{id}/reports/{rid}/evaluation" OFFICIAL => pacts::evaluate_report;
    POST "/pacts/{id}/attachments"          SignedIn => pacts::attach;
    GET  "/pacts/{id}/files/{name}"         Public   => pacts::file;
    GET  "/pacts/{id}/versions/{file}"      Public   => pacts::version_text;
    GET  "/pacts/{id}/print"                Public   => pacts::print;
    GET  "/pacts/{id}/signed.pdf"           Public   => pacts::signed_pdf;
    POST "/pacts/{id}/protocol"             SignedIn => pacts::register_protocol;
    POST "/pacts/{id}/deliveries"           SignedIn => pacts::record_delivery;
    GET  "/calls"                           Public   => pacts::calls_index;
    GET  "/calls.csv"                       Public   => pacts::calls_csv;
    GET  "/calls.json"                      Public   => pacts::calls_json;
    GET  "/calls/new"                       SignedIn => pacts::call_new_form;
    POST "/calls/new"                       SignedIn => pacts::call_create;
    GET  "/calls/{id}"                      Public   => pacts::call_show;
    GET  "/calls/{id}/answers"              SignedIn => pacts::call_answers;
    POST "/calls/{id}/choose"               SignedIn => pacts::call_choose;
    POST "/calls/{id}/cancel"               SignedIn => pacts::call_cancel;
    GET  "/api/v1/pacts"                    Public   => pacts::api_list;
    GET  "/api/v1/pacts/{id}"               Public   => pacts::api_show;
    GET  "/admin"                           ADMIN    => acc::admin_index;
    GET  "/admin/users"                     ADMIN    => acc::admin_users;
    GET  "/admin/users/{id}"                ADMIN    => acc::admin_user;
    POST "/admin/users/{id}/roles"          ADMIN    => acc::grant_role;
    POST "/admin/users/{id}/roles/revoke"   ADMIN    => acc::revoke_role;
    GET  "/admin/audit"                     ADMIN    => acc::admin_audit;
    GET  "/admin/districts/{id}/translations" ADMIN  => commons::district_translations_form;
    POST "/admin/districts/{id}/translations" ADMIN  => commons::translate_district;
    GET  "/admin/import"                    ADMIN    => imports::form;
    POST "/admin/import"                    ADMIN    => imports::check;
    POST "/admin/import/confirm"            ADMIN    => imports::confirm;
    GET  "/admin/offices"                   ADMIN    => acc::admin_offices;
    POST "/admin/offices"                   ADMIN    => acc::create_office;
    POST "/admin/offices/coordinating"      ADMIN    => acc::set_coordinating_office;
    POST "/admin/offices/{id}/members"      ADMIN    => acc::assign_official;
    POST "/admin/offices/{id}/members/remove" ADMIN  => acc::remove_official;
    GET  "/admin/offices/{id}/translations" ADMIN  => acc::office_translations_form;
    POST "/admin/offices/{id}/translations" ADMIN  => acc::translate_office;
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The application with HTTP metrics of its own, which nothing reads: for tests and
/// tools. `pactum serve` gives all its workers one registry, which its metrics
/// endpoint reads ([`build_app_with_metrics`]).
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    build_app_with_metrics(state, web::Data::new(kit::metrics::HttpMetrics::default()))
}

/// The application with its middleware, in this order (outermost first): security
/// headers, the request id, the HTTP metrics (inside the request's span, so its access
/// line carries the id; outside everything else, so it sees the final status and
/// time), compression, session, error pages, CSRF, user loading, the open-data licence
/// header, routes.
pub fn build_app_with_metrics(
    state: AppState,
    metrics: web::Data<kit::metrics::HttpMetrics>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let config = state.config.clone();
    let origin = config.base_url.origin().ascii_serialization();
    // A form's answer may send the browser on to the identity provider (sign-in from
    // the account page, sign-out ending the provider's session too).
    let form_targets = state
        .oidc
        .as_ref()
        .map(|p| p.browser_origins())
        .unwrap_or_default();
    let session =
        SessionMiddleware::builder(CookieSessionStore::default(), state.cookie_key.clone())
            .cookie_name("pactum_session".to_string())
            .cookie_secure(config.is_https())
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .cookie_content_security(CookieContentSecurity::Private)
            .session_lifecycle(
                PersistentSession::default()
                    .session_ttl(actix_web::cookie::time::Duration::days(14)),
            )
            .build();
    let caching = kit::page_cache::PageCaching {
        cache: state.page_cache.clone(),
        db: state.db.clone(),
        clock: state.clock,
    };
    App::new()
        .app_data(web::Data::new(caching))
        .app_data(web::Data::new(state))
        .app_data(metrics)
        .app_data(web::Data::new(SiteInfo {
            city_name: config.city_name.clone(),
            default_language: config.default_language,
        }))
        .app_data(web::Data::new(SiteOrigin::new(
            origin,
            config.trust_proxy_headers,
        )))
        .app_data(web::Data::new(kit::opendata::OpenDataLicence(
            config.open_data.licence.clone(),
        )))
        .app_data(web::FormConfig::default().limit(kit::forms::MAX_FORM_BYTES))
        .app_data(web::PayloadConfig::new(kit::forms::MAX_FORM_BYTES))
        .configure(configure_routes)
        .default_service(web::to(not_found))
        .wrap(from_fn(kit::opendata::licence_header))
        .wrap(from_fn(accounts::identity::load_user))
        .wrap(from_fn(kit::csrf::protect))
        .wrap(from_fn(kit::error_pages::render_errors))
        .wrap(session)
        .wrap(Compress::default())
        .wrap(from_fn(kit::metrics::record))
        .wrap(from_fn(kit::request_id::tag))
        .wrap(kit::headers::security_headers(
            config.is_https(),
            config.tile_origin().as_slice(),
            &form_targets,
        ))
}
