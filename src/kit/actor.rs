//! Who acts in a use-case: enough of the signed-in person for every area's services and
//! policies (and for background jobs, which act as the platform itself). The web layer
//! builds it from the signed-in user.

use super::roles::Role;

#[derive(Debug, Clone)]
pub struct Who {
    pub id: i64,
    pub roles: Vec<Role>,
    pub verified: bool,
}

impl Who {
    pub fn has(&self, r: Role) -> bool {
        self.roles.contains(&r)
    }
}
