//! `consent`: agree / abstain / object / block, Loomio's shape of a decision.
//!
//! The rule:
//!
//! 1. With `block_is_veto`, one block stops the proposal, whatever else was said.
//! 2. Otherwise (no veto, or no block), a block weighs as an objection, and the
//!    proposal is adopted when agreements outnumber objections (`agree > object +
//!    block`); a tie is not adopted. Abstentions and blank ballots count for
//!    participation (the quorum) only.
//!
//! The report keeps the count of each stance so the facilitator's written outcome can
//! answer the objections even when the proposal is adopted.

use serde::Serialize;

/// One ballot of a consent decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    Agree,
    Abstain,
    Object,
    Block,
    /// A ballot returned empty: it counts for participation only.
    Blank,
}

impl Stance {
    pub const ALL: [Stance; 5] = [
        Stance::Agree,
        Stance::Abstain,
        Stance::Object,
        Stance::Block,
        Stance::Blank,
    ];

    /// The word used in ballot files.
    pub fn word(self) -> &'static str {
        match self {
            Stance::Agree => "agree",
            Stance::Abstain => "abstain",
            Stance::Object => "object",
            Stance::Block => "block",
            Stance::Blank => "blank",
        }
    }
}

/// How many ballots took each stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Stances {
    pub agree: u64,
    pub abstain: u64,
    pub object: u64,
    pub block: u64,
    pub blank: u64,
}

/// The count of a consent decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentReport {
    pub counts: Stances,
    pub block_is_veto: bool,
    pub vetoed: bool,
    pub adopted: bool,
    pub decided_by: String,
}

impl ConsentReport {
    /// "agree" when adopted; "block" when vetoed; "object" otherwise.
    pub fn winners(&self) -> Vec<String> {
        let w = if self.adopted {
            "agree"
        } else if self.vetoed {
            "block"
        } else {
            "object"
        };
        vec![w.to_string()]
    }
}

/// Counts a consent decision.
pub fn consent(ballots: &[Stance], block_is_veto: bool) -> ConsentReport {
    let mut c = Stances::default();
    for b in ballots {
        *match b {
            Stance::Agree => &mut c.agree,
            Stance::Abstain => &mut c.abstain,
            Stance::Object => &mut c.object,
            Stance::Block => &mut c.block,
            Stance::Blank => &mut c.blank,
        } += 1;
    }
    let vetoed = block_is_veto && c.block > 0;
    let against = c.object + c.block;
    let adopted = !vetoed && c.agree > against;
    let decided_by = if vetoed {
        format!("a block is a veto: {} block(s), not adopted", c.block)
    } else {
        format!(
            "{}agreements must outnumber objections{}: {} agree, {} against: {}",
            if block_is_veto { "no block; " } else { "" },
            if block_is_veto {
                ""
            } else {
                " (a block counts as an objection)"
            },
            c.agree,
            against,
            if adopted { "adopted" } else { "not adopted" }
        )
    };
    ConsentReport {
        counts: c,
        block_is_veto,
        vetoed,
        adopted,
        decided_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Stance::*;

    #[test]
    fn a_block_vetoes_only_when_it_is_a_veto() {
        let b = [Agree, Agree, Agree, Block, Abstain];
        let veto = consent(&b, true);
        assert!(veto.vetoed && !veto.adopted);
        assert_eq!(veto.winners(), ["block"]);
        assert!(veto.decided_by.contains("veto"));
        let no_veto = consent(&b, false);
        assert!(!no_veto.vetoed && no_veto.adopted);
        assert_eq!(no_veto.winners(), ["agree"]);
        assert!(
            no_veto
                .decided_by
                .contains("a block counts as an objection")
        );
    }

    #[test]
    fn without_a_veto_agreements_must_outnumber_objections() {
        assert!(consent(&[Agree, Agree, Object, Abstain, Abstain], true).adopted);
        let tie = consent(&[Agree, Object, Abstain, Blank], true);
        assert!(!tie.adopted && !tie.vetoed);
        assert_eq!(tie.winners(), ["object"]);
        assert!(!consent(&[Agree, Object, Block], false).adopted);
        assert!(consent(&[Agree, Agree, Agree, Object, Block], false).adopted);
        assert!(!consent(&[Abstain, Blank], false).adopted);
        assert!(!consent(&[], true).adopted);
        let r = consent(&[Agree, Abstain, Object, Block, Blank, Blank], false);
        assert_eq!(
            r.counts,
            Stances {
                agree: 1,
                abstain: 1,
                object: 1,
                block: 1,
                blank: 2
            }
        );
    }
}
