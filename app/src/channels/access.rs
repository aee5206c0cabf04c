//! Pure rules for who a link and a device stand for, and for how long.
//!
//! A link made by staff goes to addresses that staff may have typed. It must never turn into a
//! parent's signed-in session unless both it and its one-time code go to what the parent's own
//! account records (changed only by the parent or an administrator); otherwise it opens only its
//! thread. A device confirmed with the code lives like a session: it ends after the idle and the
//! absolute timeouts, and never outlives its link.

/// The digits of a phone number, without a Danish country prefix ("+45 30 40 50 60" and
/// "0045 30405060" are "30405060").
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.trim_start().starts_with('+') && digits.len() == 10 && digits.starts_with("45") {
        return digits[2..].to_string();
    }
    match digits.strip_prefix("0045") {
        Some(rest) if rest.len() == 8 => rest.to_string(),
        _ => digits,
    }
}

fn same_email(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// May a link with these addresses start the session of an account that records these? Only
/// when the link has an address and every address it has (the link goes one way, its code the
/// other) is the account's own.
pub fn link_signs_in(
    link_email: Option<&str>,
    link_phone: Option<&str>,
    account_email: Option<&str>,
    account_phone: Option<&str>,
) -> bool {
    let email_ok = link_email.is_none_or(|e| account_email.is_some_and(|a| same_email(a, e)));
    let phone_ok = link_phone.is_none_or(|p| {
        let p = phone_digits(p);
        !p.is_empty() && account_phone.is_some_and(|a| phone_digits(a) == p)
    });
    (link_email.is_some() || link_phone.is_some()) && email_ok && phone_ok
}

/// When a device confirmed at `now` stops: the session's absolute lifetime, and never after its
/// link expires.
pub fn device_expires(now: i64, absolute_secs: i64, link_expires_at: i64) -> i64 {
    (now + absolute_secs).min(link_expires_at)
}

/// Does a confirmed device still read at `now`? Not after it expires, not after its link
/// expires, and not after `idle_secs` without use.
pub fn device_live(now: i64, expires_at: i64, link_expires_at: i64, last_seen_at: i64, idle_secs: i64) -> bool {
    now < expires_at && now < link_expires_at && now - last_seen_at <= idle_secs
}

/// Use is recorded at most once a minute (each record is a write).
pub fn touch_due(now: i64, last_seen_at: i64) -> bool {
    now - last_seen_at >= 60
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_link_signs_in_only_with_the_accounts_own_addresses() {
        let (mail, phone) = (Some("mette@demo.test"), Some("30 40 50 60"));
        assert!(link_signs_in(Some("Mette@Demo.test "), Some("+45 30405060"), mail, phone));
        assert!(link_signs_in(Some("mette@demo.test"), None, mail, phone), "e-mail alone, the account's");
        assert!(link_signs_in(None, Some("30405060"), mail, phone), "phone alone, the account's");
        assert!(!link_signs_in(Some("konsulent@demo.test"), Some("30405060"), mail, phone), "a typed e-mail");
        assert!(!link_signs_in(Some("mette@demo.test"), Some("11223344"), mail, phone), "a typed phone");
        assert!(!link_signs_in(Some("mette@demo.test"), Some("30405060"), mail, None), "no phone on the account");
        assert!(!link_signs_in(None, None, mail, phone), "no address at all");
        assert!(!link_signs_in(Some("mette@demo.test"), None, None, None), "no account data");
        assert!(!link_signs_in(None, Some(""), mail, Some("")), "empty numbers are not a match");
    }

    #[test]
    fn phone_numbers_compare_by_their_digits() {
        assert_eq!(phone_digits("+45 30 40 50 60"), "30405060");
        assert_eq!(phone_digits("0045 30405060"), "30405060");
        assert_eq!(phone_digits("30-40-50-60"), "30405060");
        assert_eq!(phone_digits("+46 70 123 45 67"), "46701234567");
    }

    #[test]
    fn a_device_lives_like_a_session_and_never_past_its_link() {
        let (now, day) = (1_000_000, 86_400);
        assert_eq!(device_expires(now, 12 * 3600, now + 14 * day), now + 12 * 3600);
        assert_eq!(device_expires(now, 12 * 3600, now + 600), now + 600);
        assert!(device_live(now, now + 10, now + 10, now - 1800, 1800));
        assert!(!device_live(now, now + 10, now + 10, now - 1801, 1800), "idle too long");
        assert!(!device_live(now, now, now + 10, now, 1800), "expired");
        assert!(!device_live(now, now + 10, now, now, 1800), "its link expired");
        assert!(touch_due(now, now - 60) && !touch_due(now, now - 59));
    }

    proptest! {
        #[test]
        fn a_device_never_reads_after_its_link_expires(
            now in 0i64..10_000_000, absolute in 1i64..1_000_000, link_left in -1_000i64..1_000_000,
            later in 0i64..2_000_000, idle in 1i64..100_000,
        ) {
            let link_expires = now + link_left;
            let expires = device_expires(now, absolute, link_expires);
            prop_assert!(expires <= link_expires && expires <= now + absolute);
            let t = now + later;
            if device_live(t, expires, link_expires, t, idle) {
                prop_assert!(t < link_expires && t < now + absolute);
            }
        }
    }
}
