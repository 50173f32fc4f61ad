//! The calls' pages: the public list (open calls first, soonest deadline first; then
//! the others, newest first, a keyset page at a time) and one call's page with its
//! decision, its answers as the viewer may see them, and what the viewer may do. Each
//! loads its rows in one query and their names in one query per kind of name.

use chrono::NaiveDate;
use diesel::prelude::*;

use crate::accounts::api as accounts;
use crate::commons::api::{self as commons, Viewer};
use crate::db::AnyConnection;
use crate::db::schema::pact_calls;
use crate::error::AppError;
use crate::kit::actor::Who;
use crate::pacts::calls::{CallAction, CallKind, CallStatus};
use crate::pacts::service::calls::{self as service, Answer, Call, CallRow};
use crate::pacts::store::Env;

/// Closed calls per page.
pub const PAGE: i64 = 25;
/// The most open calls the list shows (a city has a handful at a time).
pub const MOST_OPEN: i64 = 100;

/// A call in the list.
#[derive(Debug, Clone)]
pub struct CallItem {
    pub id: i64,
    pub kind: CallKind,
    pub title: String,
    pub office: String,
    /// The commons' name (when the reader may see it), or the theme.
    pub commons: Option<(i64, String)>,
    pub theme: String,
    pub deadline: NaiveDate,
    pub status: CallStatus,
}

impl CallItem {
    pub fn status_key(&self) -> String {
        self.status.label_key()
    }
    pub fn kind_key(&self) -> String {
        self.kind.label_key()
    }
}

/// One page of the list: the open calls (on the first page), then closed ones.
#[derive(Debug, Clone, Default)]
pub struct CallList {
    pub open: Vec<CallItem>,
    pub closed: Vec<CallItem>,
    /// The cursor of the next page of closed calls.
    pub next: Option<i64>,
}

/// The names of the calls' offices and commons, one query each.
fn items(
    conn: &mut AnyConnection,
    today: NaiveDate,
    viewer: Option<Viewer>,
    rows: Vec<CallRow>,
) -> Result<Vec<CallItem>, AppError> {
    let mut offices: Vec<i64> = rows.iter().map(|r| r.office_id).collect();
    offices.sort_unstable();
    offices.dedup();
    let office_names = accounts::office_names_of(conn, &offices)?;
    let mut places: Vec<i64> = rows.iter().filter_map(|r| r.commons_id).collect();
    places.sort_unstable();
    places.dedup();
    let names = commons::visible_names(conn, &places, viewer, places.len())?;
    rows.into_iter()
        .map(|r| {
            let call = Call::from_row(r)?;
            Ok(CallItem {
                id: call.id,
                kind: call.kind,
                status: call.status(today),
                title: call.title.clone(),
                office: office_names
                    .iter()
                    .find(|o| o.0 == call.office_id)
                    .map(|o| o.1.clone())
                    .unwrap_or_default(),
                commons: call
                    .commons_id
                    .and_then(|c| names.iter().find(|n| n.0 == c).cloned()),
                theme: call.theme.clone(),
                deadline: call.deadline,
            })
        })
        .collect()
}

/// The public list on `today`: the open calls (first page only), then one page of the
/// others, newest first, after the cursor `after` (a call id).
pub fn list(
    conn: &mut AnyConnection,
    today: NaiveDate,
    viewer: Option<Viewer>,
    after: Option<i64>,
) -> Result<CallList, AppError> {
    use pact_calls as c;
    let open: Vec<CallRow> = if after.is_none() {
        c::table
            .filter(c::decided_at.is_null())
            .filter(c::cancelled_at.is_null())
            .filter(c::deadline.ge(today))
            .order((c::deadline.asc(), c::id.asc()))
            .limit(MOST_OPEN)
            .select(CallRow::as_select())
            .load(conn)?
    } else {
        Vec::new()
    };
    let mut q = c::table
        .filter(
            c::decided_at
                .is_not_null()
                .or(c::cancelled_at.is_not_null())
                .or(c::deadline.lt(today)),
        )
        .order(c::id.desc())
        .limit(PAGE + 1)
        .select(CallRow::as_select())
        .into_boxed();
    if let Some(a) = after {
        q = q.filter(c::id.lt(a));
    }
    let mut closed: Vec<CallRow> = q.load(conn)?;
    let next = if closed.len() > usize::try_from(PAGE).unwrap_or(25) {
        closed.truncate(usize::try_from(PAGE).unwrap_or(25));
        closed.last().map(|r| r.id)
    } else {
        None
    };
    let mut all = open;
    let n_open = all.len();
    all.extend(closed);
    let mut items = items(conn, today, viewer, all)?;
    let closed = items.split_off(n_open);
    Ok(CallList {
        open: items,
        closed,
        next,
    })
}

/// One call's page.
#[derive(Debug, Clone)]
pub struct CallPage {
    pub call: Call,
    pub status: CallStatus,
    pub office: String,
    /// The commons' id and name (when the reader may see it).
    pub commons: Option<(i64, String)>,
    /// The answers the viewer sees: the public ones; every submitted one for who may
    /// compare them, once the deadline has passed.
    pub answers: Vec<Answer>,
    /// The viewer sees every submitted answer (not only the public ones).
    pub all_answers: bool,
    pub may_compare: bool,
    pub may_cancel: bool,
}

impl CallPage {
    pub fn status_key(&self) -> String {
        self.status.label_key()
    }

    /// Answers are still taken: the page offers to answer.
    pub fn open(&self) -> bool {
        self.status == CallStatus::Open
    }

    pub fn competition(&self) -> bool {
        self.call.kind == CallKind::Competition
    }

    /// The chosen answer, if the viewer sees it.
    pub fn chosen(&self) -> Option<&Answer> {
        self.call
            .chosen_pact_id
            .and_then(|c| self.answers.iter().find(|a| a.pact == c))
    }

    pub fn is_chosen(&self, a: &Answer) -> bool {
        self.call.chosen_pact_id == Some(a.pact)
    }

    /// The pact that opened a competition, if the viewer sees it.
    pub fn origin(&self) -> Option<&Answer> {
        self.answers.iter().find(|a| a.origin)
    }
}

/// The page of call `id` for `who` (seen by anyone).
pub fn page(
    conn: &mut AnyConnection,
    env: &Env,
    who: Option<&Who>,
    viewer: Option<Viewer>,
    id: i64,
) -> Result<CallPage, AppError> {
    let call = service::load_call(conn, id)?;
    let status = call.status(env.today());
    let may_compare = service::may(conn, env, who, &call, CallAction::Compare)?;
    let may_cancel = service::may(conn, env, who, &call, CallAction::Cancel)?;
    let all_answers = may_compare && status != CallStatus::Open;
    let answers = service::answers(conn, &call, !all_answers)?;
    let office = accounts::office(conn, call.office_id)?
        .map(|o| o.1)
        .unwrap_or_default();
    let commons = match call.commons_id {
        Some(c) => commons::visible_names(conn, &[c], viewer, 1)?.pop(),
        None => None,
    };
    Ok(CallPage {
        call,
        status,
        office,
        commons,
        answers,
        all_answers,
        may_compare,
        may_cancel,
    })
}
