//! The audit trail: who read or changed whose data, when. Entries are written in the same
//! transaction as the change, or right after a read. They never hold personal text, only ids.

#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod writer;

/// Logs a read of personal data: through the app's batch writer while serving (committed before
/// the request goes on), else (commands, tests of services) straight into `pool`.
#[cfg(feature = "ssr")]
pub async fn read(pool: &sqlx::SqlitePool, entry: Entry) -> Result<(), crate::error::AppError> {
    match leptos::prelude::use_context::<crate::context::AppState>() {
        Some(st) => st.audit.write(entry).await,
        None => Ok(repo::insert(pool, entry).await?),
    }
}

/// One audit entry. `action` is a fixed verb ("read", "create", "sign_in", ...), `subject_kind`
/// names a table ("appointment", "case", "user").
#[derive(Debug, Clone)]
pub struct Entry {
    pub actor_user_id: Option<i64>,
    pub action: &'static str,
    pub subject_kind: &'static str,
    pub subject_id: Option<i64>,
    pub family_id: Option<crate::cases::FamilyId>,
    /// A link holder (no account) acting through this channel link.
    pub actor_link_id: Option<crate::channels::LinkId>,
    /// Every family whose data a read showed, when it showed more than one (a board, a list).
    pub family_ids: Vec<crate::cases::FamilyId>,
}

impl Entry {
    pub fn new(actor: Option<i64>, action: &'static str, subject_kind: &'static str, subject_id: Option<i64>) -> Self {
        Entry {
            actor_user_id: actor,
            action,
            subject_kind,
            subject_id,
            family_id: None,
            actor_link_id: None,
            family_ids: Vec::new(),
        }
    }

    /// Names the channel link a link holder acts through (they have no account).
    pub fn by_link(mut self, link_id: Option<crate::channels::LinkId>) -> Self {
        self.actor_link_id = link_id;
        self
    }

    pub fn family(mut self, family_id: crate::cases::FamilyId) -> Self {
        self.family_id = Some(family_id);
        self
    }

    /// The families a read of many rows showed (each once, in order); one of them alone is
    /// also kept in `family_id`.
    pub fn families(mut self, ids: impl IntoIterator<Item = crate::cases::FamilyId>) -> Self {
        let mut all: Vec<crate::cases::FamilyId> = ids.into_iter().collect();
        all.sort_unstable();
        all.dedup();
        if let [only] = all.as_slice() {
            self.family_id = Some(*only);
        }
        self.family_ids = all;
        self
    }
}
