//! Districts in levels (a *circoscrizione* holds *quartieri*, a *quartiere* holds
//! *zone*; Ghent's *wijken*): the tree read from the district rows, a district's
//! chain of ancestors, its descendants, the ancestor at a chosen level, and the checks
//! an import must pass (every parent known, no cycle). Pure: districts are a few
//! hundred at most, so callers load them all in one query and ask the tree.

use std::collections::{HashMap, HashSet};

/// One district, as every list and filter needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub parent_id: Option<i64>,
    /// 0 for a top-level district, 1 for its children, and so on.
    pub depth: i64,
    /// What the city calls this level ("circoscrizione", "quartiere", "zona", "wijk"),
    /// or "" when the import did not say.
    pub level_name: String,
}

/// Every district, with the links between levels.
#[derive(Debug, Clone, Default)]
pub struct DistrictTree {
    items: Vec<District>,
    by_id: HashMap<i64, usize>,
    children: HashMap<i64, Vec<usize>>,
}

impl DistrictTree {
    /// The tree of `items` (any order; lists keep it, so pass them sorted by name).
    pub fn new(items: Vec<District>) -> DistrictTree {
        let by_id = items.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let mut children: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, d) in items.iter().enumerate() {
            if let Some(p) = d.parent_id {
                children.entry(p).or_default().push(i);
            }
        }
        DistrictTree {
            items,
            by_id,
            children,
        }
    }

    pub fn all(&self) -> &[District] {
        &self.items
    }

    pub fn into_vec(self) -> Vec<District> {
        self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, id: i64) -> Option<&District> {
        self.by_id.get(&id).map(|i| &self.items[*i])
    }

    pub fn by_slug(&self, slug: &str) -> Option<&District> {
        self.items.iter().find(|d| d.slug == slug)
    }

    /// The district and its ancestors, the top level first. A broken link (a cycle
    /// written by hand in the database) stops the walk rather than looping.
    pub fn chain(&self, id: i64) -> Vec<&District> {
        let mut out: Vec<&District> = Vec::new();
        let mut at = self.get(id);
        while let Some(d) = at {
            if out.iter().any(|x| x.id == d.id) || out.len() > self.items.len() {
                break;
            }
            out.push(d);
            at = d.parent_id.and_then(|p| self.get(p));
        }
        out.reverse();
        out
    }

    /// The ancestor of `id` at `depth` (the district itself when it is at that
    /// depth); none when `id` lies above that level or is unknown.
    pub fn ancestor_at(&self, id: i64, depth: i64) -> Option<&District> {
        self.chain(id).into_iter().find(|d| d.depth == depth)
    }

    /// The district and everything below it, as ids (the district first).
    pub fn descendants(&self, id: i64) -> Vec<i64> {
        if self.get(id).is_none() {
            return Vec::new();
        }
        let mut out = vec![id];
        let mut seen: HashSet<i64> = HashSet::from([id]);
        let mut at = 0;
        while at < out.len() {
            let cur = out[at];
            at += 1;
            for i in self.children.get(&cur).map(Vec::as_slice).unwrap_or(&[]) {
                let d = self.items[*i].id;
                if seen.insert(d) {
                    out.push(d);
                }
            }
        }
        out
    }

    pub fn has_children(&self, id: i64) -> bool {
        self.children.get(&id).is_some_and(|c| !c.is_empty())
    }

    /// Every district, each followed by its children (depth first), each level in the
    /// order the tree was given; districts whose parent is unknown count as top level.
    pub fn ordered(&self) -> Vec<&District> {
        let mut out = Vec::with_capacity(self.items.len());
        let mut seen: HashSet<i64> = HashSet::new();
        let roots = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, d)| d.parent_id.is_none_or(|p| self.get(p).is_none()));
        for (i, _) in roots {
            self.visit(i, &mut out, &mut seen);
        }
        out
    }

    fn visit<'a>(&'a self, i: usize, out: &mut Vec<&'a District>, seen: &mut HashSet<i64>) {
        let d = &self.items[i];
        if !seen.insert(d.id) {
            return;
        }
        out.push(d);
        for c in self.children.get(&d.id).map(Vec::as_slice).unwrap_or(&[]) {
            self.visit(*c, out, seen);
        }
    }

    /// The choices of a district select box: (slug, label), each district under its
    /// parent, indented by its depth; below the top level the label also names the
    /// level and the parent ("Bolognina (zona, Navile)"), so that the hierarchy does
    /// not rest on the indentation alone.
    pub fn options(&self) -> Vec<(String, String)> {
        self.ordered()
            .into_iter()
            .map(|d| (d.slug.clone(), self.label(d)))
            .collect()
    }

    /// The same choices by id, for forms that name a district by its id.
    pub fn id_options(&self) -> Vec<(i64, String)> {
        self.ordered()
            .into_iter()
            .map(|d| (d.id, self.label(d)))
            .collect()
    }

    fn label(&self, d: &District) -> String {
        let indent = "\u{a0}\u{a0}\u{a0}".repeat(usize::try_from(d.depth).unwrap_or(0));
        let parent = d.parent_id.and_then(|p| self.get(p));
        match (parent, d.level_name.is_empty()) {
            (Some(p), false) => format!("{indent}{} ({}, {})", d.name, d.level_name, p.name),
            (Some(p), true) => format!("{indent}{} ({})", d.name, p.name),
            (None, _) => d.name.clone(),
        }
    }

    /// Counts per district rolled up to the level at `depth`: (name, count) for every
    /// district at that depth in the tree's order (zeros included), then shallower
    /// districts holding counts of their own, then "" for what lies in no district
    /// (when there is any). A count in an unknown district counts as in none.
    pub fn roll_up(&self, counts: &[(Option<i64>, i64)], depth: i64) -> Vec<(String, i64)> {
        let mut sums: HashMap<Option<i64>, i64> = HashMap::new();
        for (district, n) in counts {
            let at = district.and_then(|d| {
                let chain = self.chain(d);
                chain
                    .iter()
                    .find(|x| x.depth == depth)
                    .or(chain.last())
                    .map(|x| x.id)
            });
            *sums.entry(at).or_default() += n;
        }
        let ordered = self.ordered();
        let mut out: Vec<(String, i64)> = ordered
            .iter()
            .filter(|d| d.depth == depth)
            .map(|d| (d.name.clone(), sums.get(&Some(d.id)).copied().unwrap_or(0)))
            .collect();
        out.extend(
            ordered
                .iter()
                .filter(|d| d.depth < depth)
                .filter_map(|d| sums.get(&Some(d.id)).map(|n| (d.name.clone(), *n))),
        );
        if let Some(n) = sums.get(&None).filter(|n| **n > 0) {
            out.push((String::new(), *n));
        }
        out
    }

    /// The levels the city has, shallowest first: (depth, the level's name as the
    /// districts at that depth most often give it, "" when none does).
    pub fn levels(&self) -> Vec<(i64, String)> {
        let mut names: HashMap<i64, HashMap<&str, usize>> = HashMap::new();
        for d in &self.items {
            *names
                .entry(d.depth)
                .or_default()
                .entry(d.level_name.as_str())
                .or_default() += 1;
        }
        let mut out: Vec<(i64, String)> = names
            .into_iter()
            .map(|(depth, counts)| {
                let mut named: Vec<(&str, usize)> =
                    counts.into_iter().filter(|(n, _)| !n.is_empty()).collect();
                named.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                (
                    depth,
                    named.first().map(|n| n.0.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        out.sort();
        out
    }
}

/// The depth of every district from (id, parent) links: 0 at the top. A district on
/// a cycle (which imports refuse) gets the depth reached before the cycle closes.
pub fn depths(links: &[(i64, Option<i64>)]) -> HashMap<i64, i64> {
    let parent: HashMap<i64, Option<i64>> = links.iter().copied().collect();
    links
        .iter()
        .map(|(id, _)| {
            let mut depth = 0;
            let mut at = parent.get(id).copied().flatten();
            while let Some(p) = at {
                if depth >= links.len() as i64 || !parent.contains_key(&p) {
                    break;
                }
                depth += 1;
                at = parent.get(&p).copied().flatten();
            }
            (*id, depth)
        })
        .collect()
}

/// One district of an import file as the hierarchy check sees it.
#[derive(Debug, Clone)]
pub struct ImportLink<'a> {
    /// The feature's number in the file (1-based).
    pub feature: usize,
    pub name: &'a str,
    pub slug: &'a str,
    /// The parent's slug, when the feature names one.
    pub parent: Option<&'a str>,
}

/// Checks an import's parents: each must be a district of the file or one already
/// known (`known`: slug and parent slug of every stored district), and following
/// parents must never come back to where it started. Messages name the feature.
pub fn check_import_links(
    links: &[ImportLink<'_>],
    known: &[(String, Option<String>)],
) -> Result<(), Vec<String>> {
    // The parent of every slug once the file is saved: the file overrides what is known.
    let mut parent: HashMap<&str, Option<&str>> = known
        .iter()
        .map(|(s, p)| (s.as_str(), p.as_deref()))
        .collect();
    for l in links {
        parent.insert(l.slug, l.parent);
    }
    let mut errors = Vec::new();
    for l in links {
        let Some(p) = l.parent else { continue };
        if !parent.contains_key(p) {
            errors.push(format!(
                "feature {} ({}): the parent district \"{p}\" is neither in the file nor known",
                l.feature, l.name
            ));
            continue;
        }
        let mut seen: HashSet<&str> = HashSet::from([l.slug]);
        let mut at = Some(p);
        while let Some(s) = at {
            if !seen.insert(s) {
                errors.push(format!(
                    "feature {} ({}): its parents form a cycle (through \"{s}\")",
                    l.feature, l.name
                ));
                break;
            }
            at = parent.get(s).copied().flatten();
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: i64, name: &str, parent: Option<i64>, depth: i64) -> District {
        District {
            id,
            slug: crate::kit::text::slugify(name),
            name: name.into(),
            parent_id: parent,
            depth,
            level_name: match depth {
                0 => "quartiere".into(),
                _ => "zona".into(),
            },
        }
    }

    fn city() -> DistrictTree {
        DistrictTree::new(vec![
            d(3, "Bolognina", Some(1), 1),
            d(5, "Corticella", Some(1), 1),
            d(6, "Lame", Some(5), 2),
            d(1, "Navile", None, 0),
            d(2, "Santo Stefano", None, 0),
            d(4, "Galvani", Some(2), 1),
        ])
    }

    #[test]
    fn chains_run_from_the_top_level_down() {
        let t = city();
        let names = |id| {
            t.chain(id)
                .iter()
                .map(|d| d.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(6), ["Navile", "Corticella", "Lame"]);
        assert_eq!(names(1), ["Navile"]);
        assert!(names(99).is_empty());
        assert_eq!(t.ancestor_at(6, 1).map(|d| d.id), Some(5));
        assert_eq!(t.ancestor_at(6, 0).map(|d| d.id), Some(1));
        assert_eq!(t.ancestor_at(1, 1), None);
    }

    #[test]
    fn descendants_include_every_level_below() {
        let t = city();
        let mut under = t.descendants(1);
        under.sort();
        assert_eq!(under, [1, 3, 5, 6]);
        assert_eq!(t.descendants(4), [4]);
        assert!(t.descendants(42).is_empty());
        assert!(t.has_children(5) && !t.has_children(6));
    }

    #[test]
    fn the_order_puts_children_under_their_parent() {
        let t = city();
        let order: Vec<i64> = t.ordered().iter().map(|d| d.id).collect();
        assert_eq!(order, [1, 3, 5, 6, 2, 4]);
        let options = t.options();
        assert_eq!(options[0], ("navile".into(), "Navile".into()));
        assert_eq!(
            t.id_options()[1],
            (3, "\u{a0}\u{a0}\u{a0}Bolognina (zona, Navile)".into())
        );
        assert_eq!(
            options[3],
            (
                "lame".into(),
                "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}Lame (zona, Corticella)".into()
            )
        );
        assert_eq!(
            t.levels(),
            [
                (0, "quartiere".into()),
                (1, "zona".into()),
                (2, "zona".into())
            ]
        );
    }

    #[test]
    fn counts_roll_up_to_the_chosen_level() {
        let t = city();
        let counts = [
            (Some(3), 2),
            (Some(6), 5),
            (Some(1), 1),
            (None, 4),
            (Some(99), 1),
        ];
        assert_eq!(
            t.roll_up(&counts, 0),
            [
                ("Navile".into(), 8),
                ("Santo Stefano".into(), 0),
                (String::new(), 5)
            ]
        );
        assert_eq!(
            t.roll_up(&counts, 1),
            [
                ("Bolognina".into(), 2),
                ("Corticella".into(), 5),
                ("Galvani".into(), 0),
                ("Navile".into(), 1),
                (String::new(), 5)
            ]
        );
        assert_eq!(
            t.roll_up(&[], 0),
            [("Navile".into(), 0), ("Santo Stefano".into(), 0)]
        );
    }

    #[test]
    fn a_cycle_in_the_rows_does_not_loop() {
        let t = DistrictTree::new(vec![d(1, "A", Some(2), 0), d(2, "B", Some(1), 1)]);
        assert_eq!(t.chain(1).len(), 2);
        assert_eq!(t.descendants(1).len(), 2);
        assert!(t.ordered().is_empty(), "no root: nothing is top level");
        let depth = depths(&[(1, Some(2)), (2, Some(1))]);
        assert!(depth[&1] <= 2);
    }

    #[test]
    fn depths_count_the_parents() {
        let depth = depths(&[(1, None), (2, Some(1)), (3, Some(2)), (4, Some(99))]);
        assert_eq!((depth[&1], depth[&2], depth[&3], depth[&4]), (0, 1, 2, 0));
    }

    #[test]
    fn imports_refuse_unknown_parents_and_cycles_naming_the_feature() {
        let known = vec![("navile".to_string(), None)];
        let link = |feature, name, slug, parent| ImportLink {
            feature,
            name,
            slug,
            parent,
        };
        assert!(
            check_import_links(
                &[
                    link(1, "Bolognina", "bolognina", Some("navile")),
                    link(2, "Lame", "lame", Some("bolognina")),
                ],
                &known
            )
            .is_ok()
        );
        let e =
            check_import_links(&[link(1, "Lame", "lame", Some("nowhere"))], &known).unwrap_err();
        assert!(e[0].starts_with("feature 1 (Lame): the parent district \"nowhere\""));
        let e = check_import_links(
            &[
                link(1, "A", "a", Some("b")),
                link(2, "B", "b", Some("a")),
                link(3, "C", "c", Some("navile")),
            ],
            &known,
        )
        .unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].starts_with("feature 1 (A): its parents form a cycle"));
        assert!(e[1].starts_with("feature 2 (B)"));
        // A district may not be its own parent, nor re-parent a known ancestor below itself.
        let e =
            check_import_links(&[link(4, "Navile", "navile", Some("navile"))], &known).unwrap_err();
        assert!(e[0].starts_with("feature 4 (Navile): its parents form a cycle"));
        let known = vec![
            ("navile".to_string(), None),
            ("bolognina".to_string(), Some("navile".to_string())),
        ];
        assert!(
            check_import_links(&[link(1, "Navile", "navile", Some("bolognina"))], &known).is_err()
        );
    }
}
