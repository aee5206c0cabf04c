//! SQL for channel links and confirmed devices.

use sqlx::{FromRow, SqliteExecutor};

use crate::channels::{ChannelId, LinkId};

#[derive(Debug, Clone, FromRow)]
pub struct LinkRow {
    pub id: LinkId,
    pub channel_id: ChannelId,
    pub person_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub user_id: Option<i64>,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub code_hash: Option<String>,
    pub code_expires_at: Option<i64>,
    pub code_attempts: i64,
    pub locked_at: Option<i64>,
    /// The linked account is active (true when there is none).
    pub user_active: bool,
    /// "email" or "sms": how the link was sent; the code goes the other way.
    pub sent_via: String,
}

impl LinkRow {
    /// Where the link went, and so where notices of new messages go: (transport, address).
    pub fn sent_to(&self) -> Option<(&'static str, &str)> {
        match (self.sent_via.as_str(), self.email.as_deref(), self.phone.as_deref()) {
            ("sms", _, Some(p)) => Some(("sms", p)),
            (_, Some(e), _) => Some(("email", e)),
            (_, None, Some(p)) => Some(("sms", p)),
            (_, None, None) => None,
        }
    }

    /// Where its one-time code goes: the other way when the person has both (a forwarded e-mail
    /// or SMS alone is not enough), else the same way.
    pub fn code_to(&self) -> Option<(&'static str, &str)> {
        match (self.sent_to()?, self.email.as_deref(), self.phone.as_deref()) {
            (("email", _), _, Some(p)) => Some(("sms", p)),
            (("sms", _), Some(e), _) => Some(("email", e)),
            (same, _, _) => Some(same),
        }
    }
}

const LINK: &str = "SELECT l.id, l.channel_id, l.person_name, l.email, l.phone, l.user_id, l.created_at, l.expires_at, \
    l.revoked_at, l.code_hash, l.code_expires_at, l.code_attempts, l.locked_at, \
    coalesce((SELECT u.active FROM users u WHERE u.id = l.user_id), 1) = 1 AS user_active, l.sent_via \
    FROM channel_links l";

pub struct NewLink<'a> {
    pub channel_id: ChannelId,
    pub person_name: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub user_id: Option<i64>,
    pub token_hash: &'a str,
    pub created_by: i64,
    pub now: i64,
    pub expires_at: i64,
    pub sent_via: &'a str,
}

pub async fn insert_link(db: impl SqliteExecutor<'_>, l: &NewLink<'_>) -> sqlx::Result<LinkId> {
    sqlx::query_scalar(
        "INSERT INTO channel_links (channel_id, person_name, email, phone, user_id, token_hash, created_by, created_at, \
         expires_at, sent_via) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(l.channel_id)
    .bind(l.person_name)
    .bind(l.email)
    .bind(l.phone)
    .bind(l.user_id)
    .bind(l.token_hash)
    .bind(l.created_by)
    .bind(l.now)
    .bind(l.expires_at)
    .bind(l.sent_via)
    .fetch_one(db)
    .await
}

pub async fn link_by_hash(db: impl SqliteExecutor<'_>, token_hash: &str) -> sqlx::Result<Option<LinkRow>> {
    sqlx::query_as(&format!("{LINK} WHERE l.token_hash = ?")).bind(token_hash).fetch_optional(db).await
}

pub async fn link(db: impl SqliteExecutor<'_>, id: LinkId) -> sqlx::Result<Option<LinkRow>> {
    sqlx::query_as(&format!("{LINK} WHERE l.id = ?")).bind(id).fetch_optional(db).await
}

pub async fn links_of(db: impl SqliteExecutor<'_>, channel_id: ChannelId) -> sqlx::Result<Vec<LinkRow>> {
    sqlx::query_as(&format!("{LINK} WHERE l.channel_id = ? ORDER BY l.created_at DESC"))
        .bind(channel_id)
        .fetch_all(db)
        .await
}

pub async fn revoke(db: impl SqliteExecutor<'_>, id: LinkId, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query("UPDATE channel_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(db)
        .await?
        .rows_affected())
}

pub async fn set_code(db: impl SqliteExecutor<'_>, id: LinkId, code_hash: &str, expires_at: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE channel_links SET code_hash = ?, code_expires_at = ? WHERE id = ?")
        .bind(code_hash)
        .bind(expires_at)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// A wrong code: one more attempt counted, and the link locked at `locked_at` if given.
pub async fn code_failed(db: impl SqliteExecutor<'_>, id: LinkId, locked_at: Option<i64>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE channel_links SET code_attempts = code_attempts + 1, locked_at = coalesce(locked_at, ?) WHERE id = ?",
    )
    .bind(locked_at)
    .bind(id)
    .execute(db)
    .await?;
    Ok(())
}

/// The right code: it cannot be used again.
pub async fn code_used(db: impl SqliteExecutor<'_>, id: LinkId) -> sqlx::Result<()> {
    sqlx::query("UPDATE channel_links SET code_hash = NULL, code_expires_at = NULL, code_attempts = 0 WHERE id = ?")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn insert_device(
    db: impl SqliteExecutor<'_>,
    link_id: LinkId,
    token_hash: &str,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO link_devices (link_id, token_hash, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(link_id)
    .bind(token_hash)
    .bind(now)
    .bind(expires_at)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// A confirmed device: its link and its times.
#[derive(Debug, Clone, FromRow)]
pub struct DeviceRow {
    pub id: i64,
    pub link_id: LinkId,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_seen_at: i64,
}

pub async fn device_by_hash(db: impl SqliteExecutor<'_>, token_hash: &str) -> sqlx::Result<Option<DeviceRow>> {
    sqlx::query_as("SELECT id, link_id, created_at, expires_at, last_seen_at FROM link_devices WHERE token_hash = ?")
        .bind(token_hash)
        .fetch_optional(db)
        .await
}

/// The device was used now (its idle time starts again).
pub async fn touch_device(db: impl SqliteExecutor<'_>, id: i64, now: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE link_devices SET last_seen_at = ? WHERE id = ?").bind(now).bind(id).execute(db).await?;
    Ok(())
}

/// Forgets one device (sign-out, "glem denne enhed", or timed out).
pub async fn delete_device(db: impl SqliteExecutor<'_>, token_hash: &str) -> sqlx::Result<u64> {
    Ok(sqlx::query("DELETE FROM link_devices WHERE token_hash = ?").bind(token_hash).execute(db).await?.rows_affected())
}

/// Every device confirmed for a link of this account, or for a link to this account's person's
/// thread (an account is deactivated).
pub async fn delete_devices_of_user(db: impl SqliteExecutor<'_>, user_id: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM link_devices WHERE link_id IN (SELECT l.id FROM channel_links l \
         LEFT JOIN channels c ON c.id = l.channel_id LEFT JOIN persons p ON p.id = c.person_id \
         WHERE l.user_id = ?1 OR p.user_id = ?1)",
    )
    .bind(user_id)
    .execute(db)
    .await?
    .rows_affected())
}

/// Closes every open link of this account or to its person's thread.
pub async fn revoke_links_of_user(db: impl SqliteExecutor<'_>, user_id: i64, now: i64) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "UPDATE channel_links SET revoked_at = ?2 WHERE revoked_at IS NULL AND id IN (SELECT l.id FROM channel_links l \
         LEFT JOIN channels c ON c.id = l.channel_id LEFT JOIN persons p ON p.id = c.person_id \
         WHERE l.user_id = ?1 OR p.user_id = ?1)",
    )
    .bind(user_id)
    .bind(now)
    .execute(db)
    .await?
    .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::LinkRow;

    fn link(via: &str, email: Option<&str>, phone: Option<&str>) -> LinkRow {
        LinkRow {
            id: crate::channels::LinkId(1),
            channel_id: crate::channels::ChannelId(1),
            person_name: "Hanne".into(),
            email: email.map(str::to_string),
            phone: phone.map(str::to_string),
            user_id: None,
            created_at: 0,
            expires_at: 1,
            revoked_at: None,
            code_hash: None,
            code_expires_at: None,
            code_attempts: 0,
            locked_at: None,
            user_active: true,
            sent_via: via.into(),
        }
    }

    #[test]
    fn the_code_goes_the_other_way_than_the_link_when_it_can() {
        let both = |via| link(via, Some("h@x.dk"), Some("30405060"));
        assert_eq!(both("email").sent_to(), Some(("email", "h@x.dk")));
        assert_eq!(both("email").code_to(), Some(("sms", "30405060")));
        assert_eq!(both("sms").sent_to(), Some(("sms", "30405060")));
        assert_eq!(both("sms").code_to(), Some(("email", "h@x.dk")));
        assert_eq!(link("email", Some("h@x.dk"), None).code_to(), Some(("email", "h@x.dk")));
        assert_eq!(link("sms", None, Some("30405060")).code_to(), Some(("sms", "30405060")));
        assert_eq!(link("email", None, None).code_to(), None);
    }
}
