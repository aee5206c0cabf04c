//! Pure sign-in rules: no I/O, unit-tested.

use super::Role;

/// Where a user lands after signing in.
pub fn landing_path(role: Role) -> &'static str {
    match role {
        Role::Parent => "/mine-samvaer",
        Role::Young => "/ung",
        Role::Caseworker => "/sager",
        Role::Admin => "/admin/brugere",
        Role::Consultant | Role::Coordinator | Role::Leader => "/oversigt",
    }
}

/// Whether another sign-in attempt may be tried, given the failures counted in the window.
pub fn sign_in_blocked(
    failures_for_account: i64,
    failures_for_address: i64,
    max_account: i64,
    max_address: i64,
) -> bool {
    failures_for_account >= max_account || failures_for_address >= max_address
}

/// Whether a session begun at `signed_in_at` is past its absolute lifetime at `now` (unix seconds).
pub fn session_expired(signed_in_at: i64, now: i64, absolute_secs: i64) -> bool {
    now < signed_in_at || now - signed_in_at >= absolute_secs
}

/// The e-mail as it is compared and counted: trimmed and lower-case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A plausible plain e-mail address: one '@' with text on both sides, a dot in the domain, and
/// none of the characters that would make a mailer read a display name or a list
/// ("x<other@evil.dk>").
pub fn looks_like_email(email: &str) -> bool {
    let mut parts = email.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(|c| c.is_whitespace() || "<>,;:\"()[]\\".contains(c))
        }
        _ => false,
    }
}

/// Danish message for a new password that is too weak, or None when it is acceptable.
pub fn password_problem(password: &str) -> Option<&'static str> {
    if password.chars().count() < 10 {
        Some("Adgangskoden skal være mindst 10 tegn.")
    } else if password.len() > 256 {
        Some("Adgangskoden må højst være 256 tegn.")
    } else {
        None
    }
}

/// Is it time to save a session again so its idle expiry slides: a minute after the last save,
/// or half the idle time when that is shorter (so a session in use never lapses)?
pub fn touch_due(touched: i64, now: i64, idle_secs: i64) -> bool {
    now - touched >= (idle_secs / 2).clamp(1, 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_is_saved_at_most_once_a_minute() {
        assert!(touch_due(0, 1_000, 1800));
        assert!(touch_due(940, 1_000, 1800));
        assert!(!touch_due(941, 1_000, 1800));
        assert!(touch_due(999, 1_000, 2), "a short idle time: half of it");
        assert!(!touch_due(1_000, 1_000, 2));
    }

    #[test]
    fn each_role_lands_on_its_own_page() {
        assert_eq!(landing_path(Role::Parent), "/mine-samvaer");
        assert_eq!(landing_path(Role::Consultant), "/oversigt");
        assert_eq!(landing_path(Role::Coordinator), "/oversigt");
        assert_eq!(landing_path(Role::Caseworker), "/sager");
    }

    #[test]
    fn blocks_at_the_limit_not_before() {
        assert!(!sign_in_blocked(4, 0, 5, 30));
        assert!(sign_in_blocked(5, 0, 5, 30));
        assert!(sign_in_blocked(0, 30, 5, 30));
    }

    #[test]
    fn absolute_timeout() {
        assert!(!session_expired(1000, 1000 + 3599, 3600));
        assert!(session_expired(1000, 1000 + 3600, 3600));
        assert!(session_expired(1000, 999, 3600), "a clock before sign-in is not trusted");
    }

    #[test]
    fn emails() {
        assert_eq!(normalise_email("  Mette@Example.DK "), "mette@example.dk");
        assert!(looks_like_email("a@b.dk"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("@b.dk"));
        assert!(!looks_like_email("a@@b.dk"));
        assert!(!looks_like_email("a b@c.dk"));
        assert!(!looks_like_email("x<other@evil.dk>"));
        assert!(!looks_like_email("a@b.dk,c@d.dk"));
    }

    #[test]
    fn roles_round_trip_through_their_stored_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn passwords() {
        assert!(password_problem("kort").is_some());
        assert!(password_problem("lang-nok-kode").is_none());
    }
}
