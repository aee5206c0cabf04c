//! The child's voice on a case: the support person (støtteperson) the child asked for, recorded by
//! the case's caseworker or the coordinator and shown to the consultant on the child's visits.
//! (A pause at the child's request is a decision: `decisions.rs`.)

use chrono::Utc;
use sqlx::SqlitePool;

use super::service::begin_open_change;
use super::{CaseId, repo};
use crate::audit::{self, Entry};
use crate::auth::CurrentUser;
use crate::error::AppError;

pub const MAX_SUPPORT: usize = 200;

/// The support person as one line, or what is wrong with it.
pub fn support_text(text: &str) -> Result<String, AppError> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > MAX_SUPPORT {
        return Err(AppError::invalid(
            "support_person",
            format!("Skriv støttepersonens navn og telefon på højst {MAX_SUPPORT} tegn."),
        ));
    }
    Ok(line)
}

/// Records (or, empty, removes) the child's support person, with old → new in the history.
#[tracing::instrument(skip_all, fields(user_id = user.id.0, case_id = id.0))]
pub async fn set_support_person(pool: &SqlitePool, user: &CurrentUser, id: CaseId, text: &str) -> Result<(), AppError> {
    let now = Utc::now().timestamp();
    let new = support_text(text)?;
    let (mut tx, head) = begin_open_change(pool, user, id).await?;
    let old = repo::full(&mut *tx, id.0, now).await?.ok_or(AppError::NotFound)?.support_person;
    if old == new {
        return Err(AppError::invalid("support_person", "Det er allerede det, der står om støttepersonen."));
    }
    repo::set_support_person(&mut *tx, id.0, &new).await?;
    let shown = |s: &str| if s.is_empty() { "ingen".to_string() } else { s.to_string() };
    let detail = format!("{} → {}", shown(&old), shown(&new));
    repo::record(&mut *tx, id.0, (user.id.0, now), "support_person", &detail).await?;
    audit::repo::insert(&mut *tx, Entry::new(Some(user.id.0), "update", "case", Some(id.0)).family(head.family_id))
        .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_of_at_most_200_characters() {
        assert_eq!(support_text("  Lone  Jensen,\n 20 30 40 50 ").ok(), Some("Lone Jensen, 20 30 40 50".to_string()));
        assert_eq!(support_text("").ok(), Some(String::new()));
        assert_eq!(
            support_text(&"å".repeat(201)).err().and_then(|e| e.field().map(String::from)),
            Some("support_person".into())
        );
        assert!(support_text(&"å".repeat(200)).is_ok());
    }
}
