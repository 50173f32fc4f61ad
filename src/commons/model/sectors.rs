//! Ghent's map of initiatives: public commons counted by provisioning sector (or by
//! category) and district, the view the Ghent Commons Transition Plan was built from.
//! Pure: the counts come grouped from the database in one statement per axis; this
//! module lays them out as a table with a row per sector, a column per district at the
//! chosen level, and the totals.
//!
//! A commons may serve several sectors, so a district's total (and the grand total)
//! counts each commons once: it comes from the category counts, where every commons
//! has exactly one category. A sector's total is the sum of its row (every commons has
//! at most one district).

use std::collections::HashMap;

use super::levels::DistrictTree;
use super::{Category, Provisioning};

/// What the rows are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Sector,
    Category,
}

impl Axis {
    /// From the `by` parameter: `provisioning` (or nothing) or `category`.
    pub fn parse(s: &str) -> Option<Axis> {
        match s.trim() {
            "" | "provisioning" | "sector" => Some(Axis::Sector),
            "category" => Some(Axis::Category),
            _ => None,
        }
    }

    /// The code in URLs, and the name of the `/commons` filter its rows link to.
    pub fn code(self) -> &'static str {
        match self {
            Axis::Sector => "provisioning",
            Axis::Category => "category",
        }
    }

    /// Every value of the axis: (code, label key), in the vocabulary's order.
    pub fn values(self) -> Vec<(&'static str, String)> {
        match self {
            Axis::Sector => Provisioning::ALL
                .iter()
                .map(|p| (p.code(), p.label_key()))
                .collect(),
            Axis::Category => Category::ALL
                .iter()
                .map(|c| (c.code(), c.label_key()))
                .collect(),
        }
    }
}

/// One column: a district at the chosen level (or, holding counts of its own, one
/// above it), or what lies in no district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The district's slug; none for "no district".
    pub slug: Option<String>,
    pub name: String,
    /// Whether `/commons?district=<slug>` lists exactly what the column counts (a
    /// district at the chosen level: its filter covers the districts below it).
    pub linkable: bool,
    /// Commons in the column, each once.
    pub total: i64,
}

/// One row: a sector or category, or none ("no sector").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub code: Option<&'static str>,
    /// The translation key of its name (`commons-sectors-none` for none).
    pub label_key: String,
    /// One count per column, in the columns' order.
    pub cells: Vec<i64>,
    pub total: i64,
}

/// The table of counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matrix {
    pub axis: Axis,
    /// The district level of the columns (0: the top level).
    pub depth: i64,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Public commons, each once.
    pub total: i64,
}

/// Grouped counts: (the row's code, or none; the district, or none; how many).
pub type Counts = [(Option<String>, Option<i64>, i64)];

/// Lays out the counts. `cells` are the counts of the axis (by sector: from the
/// sector links, with none for commons without a sector); `by_category` are the
/// counts by category, which give each column's total with every commons once.
/// Every value of the axis has a row (zeros included); "none" has one only when it
/// counts something. Codes the vocabulary does not know are left out of the rows.
pub fn matrix(
    tree: &DistrictTree,
    axis: Axis,
    depth: i64,
    cells: &Counts,
    by_category: &Counts,
) -> Matrix {
    // The column of a district: its ancestor at the level, or itself when it lies
    // above the level; unknown districts count in none.
    let column_of = |d: Option<i64>| -> Option<i64> {
        d.and_then(|d| {
            let chain = tree.chain(d);
            chain
                .iter()
                .find(|x| x.depth == depth)
                .or(chain.last())
                .map(|x| x.id)
        })
    };
    let mut totals: HashMap<Option<i64>, i64> = HashMap::new();
    for (_, d, n) in by_category {
        *totals.entry(column_of(*d)).or_default() += n;
    }
    let mut sums: HashMap<(Option<&str>, Option<i64>), i64> = HashMap::new();
    for (code, d, n) in cells {
        *sums.entry((code.as_deref(), column_of(*d))).or_default() += n;
    }
    let has_counts = |id: Option<i64>| {
        totals.get(&id).is_some_and(|n| *n > 0) || sums.iter().any(|((_, c), n)| *c == id && *n > 0)
    };
    let ordered = tree.ordered();
    let mut columns: Vec<(Option<i64>, Column)> = ordered
        .iter()
        .filter(|d| d.depth == depth)
        .map(|d| (Some(d.id), true, *d))
        .chain(
            ordered
                .iter()
                .filter(|d| d.depth < depth && has_counts(Some(d.id)))
                .map(|d| (Some(d.id), false, *d)),
        )
        .map(|(id, linkable, d)| {
            (
                id,
                Column {
                    slug: Some(d.slug.clone()),
                    name: d.name.clone(),
                    linkable,
                    total: totals.get(&id).copied().unwrap_or(0),
                },
            )
        })
        .collect();
    if has_counts(None) {
        columns.push((
            None,
            Column {
                slug: None,
                name: String::new(),
                linkable: false,
                total: totals.get(&None).copied().unwrap_or(0),
            },
        ));
    }
    let row = |code: Option<&'static str>, label_key: String| {
        let cells: Vec<i64> = columns
            .iter()
            .map(|(id, _)| sums.get(&(code, *id)).copied().unwrap_or(0))
            .collect();
        Row {
            code,
            label_key,
            total: cells.iter().sum(),
            cells,
        }
    };
    let mut rows: Vec<Row> = axis
        .values()
        .into_iter()
        .map(|(code, key)| row(Some(code), key))
        .collect();
    let none = row(None, "commons-sectors-none".to_string());
    if none.total > 0 {
        rows.push(none);
    }
    Matrix {
        axis,
        depth,
        total: totals.values().sum(),
        columns: columns.into_iter().map(|(_, c)| c).collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::super::levels::District;
    use super::*;

    fn district(id: i64, slug: &str, parent: Option<i64>, depth: i64) -> District {
        District {
            id,
            slug: slug.into(),
            name: slug.to_uppercase(),
            parent_id: parent,
            depth,
            level_name: String::new(),
        }
    }

    /// Two quartieri, the first with two zones.
    fn tree() -> DistrictTree {
        DistrictTree::new(vec![
            district(1, "navile", None, 0),
            district(2, "porto", None, 0),
            district(3, "bolognina", Some(1), 1),
            district(4, "corticella", Some(1), 1),
        ])
    }

    fn c(code: Option<&str>, d: Option<i64>, n: i64) -> (Option<String>, Option<i64>, i64) {
        (code.map(str::to_string), d, n)
    }

    #[test]
    fn sectors_by_top_district_roll_zones_up_and_count_each_commons_once() {
        // Three commons in Bolognina: two food (one also care), one with no sector;
        // one energy commons in Porto; one food commons in no district.
        let cells = [
            c(Some("food"), Some(3), 2),
            c(Some("care"), Some(3), 1),
            c(None, Some(3), 1),
            c(Some("energy"), Some(2), 1),
            c(Some("food"), None, 1),
        ];
        let by_category = [
            c(Some("food"), Some(3), 2),
            c(Some("green_area"), Some(3), 1),
            c(Some("energy"), Some(2), 1),
            c(Some("food"), None, 1),
        ];
        let m = matrix(&tree(), Axis::Sector, 0, &cells, &by_category);
        let names: Vec<&str> = m.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["NAVILE", "PORTO", ""]);
        assert_eq!(m.columns[0].slug.as_deref(), Some("navile"));
        assert!(m.columns[0].linkable && !m.columns[2].linkable);
        let col_totals: Vec<i64> = m.columns.iter().map(|c| c.total).collect();
        assert_eq!(col_totals, [3, 1, 1], "each commons once");
        assert_eq!(m.total, 5);
        assert_eq!(m.rows.len(), Provisioning::ALL.len() + 1);
        let food = m.rows.iter().find(|r| r.code == Some("food")).unwrap();
        assert_eq!((food.cells.clone(), food.total), (vec![2, 0, 1], 3));
        let energy = m.rows.iter().find(|r| r.code == Some("energy")).unwrap();
        assert_eq!(energy.cells, [0, 1, 0]);
        let none = m.rows.last().unwrap();
        assert_eq!((none.code, none.total), (None, 1));
        assert_eq!(none.label_key, "commons-sectors-none");
        let culture = m.rows.iter().find(|r| r.code == Some("culture")).unwrap();
        assert_eq!(culture.total, 0, "every sector has its row, zeros included");
    }

    #[test]
    fn zones_as_columns_keep_a_top_district_holding_counts_of_its_own() {
        let cells = [c(Some("food"), Some(3), 2), c(Some("food"), Some(2), 4)];
        let m = matrix(&tree(), Axis::Sector, 1, &cells, &cells);
        let names: Vec<&str> = m.columns.iter().map(|c| c.name.as_str()).collect();
        // Zones first, then Porto (no zones, counts of its own); Navile holds none.
        assert_eq!(names, ["BOLOGNINA", "CORTICELLA", "PORTO"]);
        assert!(m.columns[0].linkable && !m.columns[2].linkable);
        assert_eq!(m.rows[0].cells, [2, 0, 4]);
        assert!(m.rows.iter().all(|r| r.code.is_some()), "no empty none row");
    }

    #[test]
    fn categories_total_by_sums_and_unknown_codes_are_left_out() {
        let cells = [
            c(Some("food"), Some(1), 2),
            c(Some("building"), Some(2), 1),
            c(Some("retired_code"), Some(2), 1),
        ];
        let m = matrix(&tree(), Axis::Category, 0, &cells, &cells);
        assert_eq!(m.rows.len(), Category::ALL.len());
        assert_eq!(m.columns.iter().map(|c| c.total).sum::<i64>(), 4);
        assert_eq!(m.rows.iter().map(|r| r.total).sum::<i64>(), 3);
    }

    #[test]
    fn the_axis_reads_its_parameter() {
        assert_eq!(Axis::parse(""), Some(Axis::Sector));
        assert_eq!(Axis::parse("category"), Some(Axis::Category));
        assert_eq!(Axis::parse("provisioning"), Some(Axis::Sector));
        assert_eq!(Axis::parse("colour"), None);
        assert_eq!(Axis::Category.code(), "category");
    }
}
