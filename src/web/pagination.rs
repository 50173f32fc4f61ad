//! Page-number pagination for bounded lists (admin screens, members). Large public
//! lists use keyset cursors in their own queries.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    /// 1-based page number.
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

impl Pagination {
    /// A page request, clamped to at least page 1 and a per-page size of 1..=200.
    pub fn new(page: Option<i64>, per_page: i64, total: i64) -> Pagination {
        let per_page = per_page.clamp(1, 200);
        let last = ((total.max(0) + per_page - 1) / per_page).max(1);
        let page = page.unwrap_or(1).clamp(1, last);
        Pagination {
            page,
            per_page,
            total: total.max(0),
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }

    pub fn last_page(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.last_page()
    }

    pub fn prev(&self) -> i64 {
        (self.page - 1).max(1)
    }

    pub fn next(&self) -> i64 {
        (self.page + 1).min(self.last_page())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped_and_counted() {
        let p = Pagination::new(Some(3), 10, 25);
        assert_eq!((p.page, p.offset(), p.last_page()), (3, 20, 3));
        assert!(p.has_prev() && !p.has_next());
        let p = Pagination::new(Some(99), 10, 25);
        assert_eq!(p.page, 3);
        let p = Pagination::new(Some(-1), 10, 0);
        assert_eq!((p.page, p.last_page(), p.has_next()), (1, 1, false));
        let p = Pagination::new(None, 10, 30);
        assert_eq!((p.prev(), p.next()), (1, 2));
    }
}
