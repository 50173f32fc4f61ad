//! Scottish STV: the counting rules 45 to 52 of Schedule 1 to the Scottish Local
//! Government Elections Order 2007 (SSI 2007/42), a weighted inclusive Gregory method.
//!
//! Rules, as this code applies them (rule numbers of the Order):
//! - 45-46: the first preferences are counted; the quota is
//!   `floor(valid papers ÷ (seats + 1)) + 1`, fixed for the whole count.
//! - 47: a candidate whose votes equal or exceed the quota at the end of a stage is
//!   elected (several in one stage: most votes first) and receives no more papers.
//! - 48: a surplus is transferred from all the papers the candidate holds (not only the
//!   last parcel), each to its next preference for a continuing candidate, at the value
//!   `surplus × the paper's value when received ÷ the candidate's votes`, truncated to
//!   5 decimal places; papers with no such preference are non-transferable at that
//!   value, and what truncation drops is recorded as lost to rounding. The candidate is
//!   then left with the quota.
//! - 49: of several surpluses the largest goes first; equal ones by rules 49(2)-(3).
//!   Each transfer is one stage, after which new surpluses join the queue.
//! - 50: when no surplus is left, the continuing candidate with the fewest votes is
//!   excluded and all their papers go to the next continuing preference at the value
//!   they had (first preferences at 1), in one stage; the report lists the parcels in
//!   order of value, highest first. Equal lowest by rule 51.
//! - 52: when the continuing candidates fit the seats left they are all elected, and
//!   no further transfer is made; when every seat is filled the rest are not elected.
//! - Ties (49(2)-(3), 51): [`super::TIE_RULE`]; the Order's lot is replaced by the
//!   fixed candidate order so that anyone recounting gets the same result.

use std::collections::BTreeMap;

use super::fixed::Fixed;
use super::{
    Outcome, Pick, Prepared, State, StvError, StvMethod, StvReport, StvRound, Transfer, break_tie,
    in_state, lowest, order_by_votes, prepare,
};
use crate::voting::RankedElection;

type V = Fixed<5>;

const RULES: &str = "Scottish STV (the Scottish Local Government Elections Order 2007, \
    Schedule 1, rules 45-52): 5 decimal places; Droop quota floor(valid ÷ (seats + 1)) + 1; \
    surpluses transferred from all the candidate's papers at surplus × value ÷ votes, \
    truncated; the largest surplus first; exclusion of the lowest with all their papers at \
    their current value; ties by earlier stages, then the fixed candidate order for the lot.";

/// Papers of one ranking that travel together at one value.
#[derive(Debug, Clone, Copy)]
struct Parcel {
    group: usize,
    /// Where in the ranking the current holder stands.
    pos: usize,
    papers: u64,
    value: V,
}

struct Count<'a> {
    p: &'a Prepared,
    names: &'a [String],
    state: Vec<State>,
    piles: Vec<Vec<Parcel>>,
    votes: Vec<V>,
    quota: V,
    exhausted: V,
    lost: V,
    history: Vec<Vec<i128>>,
    report: StvReport,
    /// Elected candidates whose surplus is not yet transferred.
    pending: Vec<usize>,
    seats: usize,
}

/// Counts `e` by the Scottish rules.
pub fn scottish(e: &RankedElection) -> Result<StvReport, StvError> {
    let p = prepare(e)?;
    let n = e.candidates.len();
    let mut k = Count {
        p: &p,
        names: &e.candidates,
        state: p.state.clone(),
        piles: vec![Vec::new(); n],
        votes: vec![V::ZERO; n],
        quota: V::whole(p.valid / (e.seats as u64 + 1) + 1),
        exhausted: V::ZERO,
        lost: V::ZERO,
        history: Vec::new(),
        report: StvReport::new(StvMethod::Scottish, RULES, 5, e, &p),
        pending: Vec::new(),
        seats: e.seats,
    };
    for (group, (ranking, papers)) in p.groups.iter().enumerate() {
        let first = ranking[0];
        k.piles[first].push(Parcel {
            group,
            pos: 0,
            papers: *papers,
            value: V::ONE,
        });
        k.votes[first] += V::whole(*papers);
    }
    k.stage("first preferences".into(), Vec::new());
    k.elect_reached();
    loop {
        let elected = in_state(&k.state, State::Elected).len();
        let continuing = in_state(&k.state, State::Hopeful);
        if elected >= k.seats || elected + continuing.len() <= k.seats {
            let filling = elected < k.seats;
            let units = k.units();
            for (c, tie) in order_by_votes(continuing, &units, &k.history, k.names) {
                if filling {
                    k.state[c] = State::Elected;
                    k.report.decide(
                        c,
                        Outcome::Elected,
                        "rule 52(1): the continuing candidates fit the seats left",
                        tie,
                    );
                } else {
                    k.state[c] = State::Excluded;
                    k.report
                        .decide(c, Outcome::Excluded, "every seat is filled", None);
                }
            }
            return Ok(k.report);
        }
        if !k.pending.is_empty() {
            k.transfer_surplus();
        } else {
            k.exclude_lowest(&continuing);
        }
        k.elect_reached();
    }
}

impl Count<'_> {
    fn units(&self) -> Vec<i128> {
        self.votes.iter().map(|v| v.units()).collect()
    }

    fn stage(&mut self, action: String, transfers: Vec<Transfer>) {
        self.history.push(self.units());
        self.report.rounds.push(StvRound {
            number: self.report.rounds.len() + 1,
            action,
            quota: self.quota.to_string(),
            votes: self.votes.iter().map(V::to_string).collect(),
            keep_values: None,
            iterations: None,
            surplus: None,
            transfers,
            exhausted: self.exhausted.to_string(),
            lost_to_rounding: Some(self.lost.to_string()),
            decisions: Vec::new(),
        });
    }

    /// Rule 47: continuing candidates at or above the quota are elected.
    fn elect_reached(&mut self) {
        let reached: Vec<usize> = in_state(&self.state, State::Hopeful)
            .into_iter()
            .filter(|&c| self.votes[c] >= self.quota)
            .collect();
        let seats_left = self.seats - in_state(&self.state, State::Elected).len();
        let units = self.units();
        for (c, tie) in order_by_votes(reached, &units, &self.history, self.names)
            .into_iter()
            .take(seats_left)
        {
            self.state[c] = State::Elected;
            self.report
                .decide(c, Outcome::Elected, "rule 47: reached the quota", tie);
            if self.votes[c] > self.quota {
                self.pending.push(c);
            }
        }
    }

    /// The next continuing preference after `pos` in a ranking.
    fn next(&self, parcel: &Parcel) -> Option<(usize, usize)> {
        let ranking = &self.p.groups[parcel.group].0;
        (parcel.pos + 1..ranking.len())
            .map(|i| (i, ranking[i]))
            .find(|&(_, c)| self.state[c] == State::Hopeful)
    }

    /// Moves `parcels` from `from` at the values `value_of` gives, returning the
    /// transfers (by destination and value) and the votes moved or exhausted.
    fn move_parcels(
        &mut self,
        from: usize,
        parcels: Vec<Parcel>,
        value_of: impl Fn(V) -> V,
    ) -> (Vec<Transfer>, V) {
        // (value, highest first; destination) → (papers, votes)
        let mut moved: BTreeMap<(std::cmp::Reverse<V>, Option<usize>), (u64, V)> = BTreeMap::new();
        let mut total = V::ZERO;
        for parcel in parcels {
            let value = value_of(parcel.value);
            let votes = value.times(parcel.papers);
            total += votes;
            let to = self.next(&parcel);
            match to {
                Some((pos, c)) => {
                    self.votes[c] += votes;
                    self.piles[c].push(Parcel {
                        pos,
                        value,
                        ..parcel
                    });
                }
                None => self.exhausted += votes,
            }
            let e = moved
                .entry((std::cmp::Reverse(value), to.map(|t| t.1)))
                .or_default();
            e.0 += parcel.papers;
            e.1 += votes;
        }
        let transfers = moved
            .into_iter()
            .map(|((value, to), (papers, votes))| Transfer {
                from: self.names[from].clone(),
                to: to.map(|c| self.names[c].clone()),
                papers,
                value: value.0.to_string(),
                votes: votes.to_string(),
            })
            .collect();
        (transfers, total)
    }

    /// Rules 48-49: the largest pending surplus is transferred.
    fn transfer_surplus(&mut self) {
        let units = self.units();
        let top = self
            .pending
            .iter()
            .map(|&c| units[c])
            .max()
            .unwrap_or_default();
        let tied: Vec<usize> = self
            .pending
            .iter()
            .copied()
            .filter(|&c| units[c] == top)
            .collect();
        let (c, tie) = break_tie(&tied, &self.history, Pick::Highest, self.names);
        self.pending.retain(|&x| x != c);
        let held = self.votes[c];
        let surplus = held - self.quota;
        let parcels = std::mem::take(&mut self.piles[c]);
        let (transfers, moved) =
            self.move_parcels(c, parcels, |value| surplus.mul_div_down(value, held));
        self.lost += surplus - moved;
        self.votes[c] = self.quota;
        let mut action = format!(
            "transfer of the surplus of {} ({surplus} over the quota; each paper's value × {surplus} ÷ {held}, truncated)",
            self.names[c]
        );
        if let Some(t) = tie {
            action.push_str(&format!("; equal surpluses: {}", t.rule));
        }
        self.stage(action, transfers);
    }

    /// Rules 50-51: the continuing candidate with the fewest votes is excluded.
    fn exclude_lowest(&mut self, continuing: &[usize]) {
        let units = self.units();
        let Some((c, tie)) = lowest(continuing, &units, &self.history, self.names) else {
            return;
        };
        self.state[c] = State::Excluded;
        let parcels = std::mem::take(&mut self.piles[c]);
        let held = self.votes[c];
        let (transfers, moved) = self.move_parcels(c, parcels, |value| value);
        // Exclusion moves every vote at its own value: nothing can be lost.
        self.lost += held - moved;
        self.votes[c] = V::ZERO;
        self.stage(format!("exclusion of {}", self.names[c]), transfers);
        // The decision belongs to this stage, whose transfers it caused.
        self.report.decide(
            c,
            Outcome::Excluded,
            "rules 50-51: fewest votes with no surplus left to transfer",
            tie,
        );
    }
}
