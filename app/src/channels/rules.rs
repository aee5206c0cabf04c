//! The channels' pure rules: message text, one-time codes, link lifetimes, the generic notice
//! texts (never the message, never a name), masked recipients and the retry schedule.

use rand::Rng;

use crate::error::AppError;
use crate::i18n::Lang;

/// Wrong codes allowed before a link locks.
pub const MAX_CODE_ATTEMPTS: i64 = 5;
/// A one-time code is valid this long.
pub const CODE_SECS: i64 = 10 * 60;
/// Send attempts before a notice is flagged as failed.
pub const MAX_SEND_ATTEMPTS: i64 = 5;
/// How long a worker holds the notices it claimed: far longer than a send may take, so no other
/// worker sends them meanwhile; a claim left by a process that died runs out after this.
pub const CLAIM_SECS: i64 = 600;

/// A message's text, trimmed: 1 to 4,000 characters.
pub fn message_text(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    match text.chars().count() {
        0 => Err(AppError::invalid("text", "Skriv en besked.")),
        n if n > 4000 => Err(AppError::invalid("text", "En besked må højst være 4.000 tegn.")),
        _ => Ok(text.to_string()),
    }
}

/// An outbox's key for a message: 8 to 40 letters, digits, '-' or '_'.
pub fn client_key(key: &str) -> Result<&str, AppError> {
    let key = key.trim();
    let ok = (8..=40).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok { Ok(key) } else { Err(AppError::invalid("client_key", "Beskedens nøgle er ugyldig.")) }
}

/// Six digits from the operating system's generator.
pub fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000))
}

/// Only six digits are ever compared.
pub fn code_shape(code: &str) -> Option<&str> {
    let code = code.trim();
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// Why a code is not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeRefusal {
    /// No code sent, or it is older than 10 minutes.
    Expired,
    /// Five wrong codes: the link is locked until staff make a new one.
    Locked,
    /// Wrong; this many tries are left.
    Wrong(i64),
}

/// Checks a code attempt. `attempts` counts earlier wrong codes.
pub fn check_code(
    now: i64,
    code_expires_at: Option<i64>,
    attempts: i64,
    locked: bool,
    matches: bool,
) -> Result<(), CodeRefusal> {
    if locked || attempts >= MAX_CODE_ATTEMPTS {
        return Err(CodeRefusal::Locked);
    }
    if code_expires_at.is_none_or(|t| now >= t) {
        return Err(CodeRefusal::Expired);
    }
    if matches {
        Ok(())
    } else if attempts + 1 >= MAX_CODE_ATTEMPTS {
        Err(CodeRefusal::Locked)
    } else {
        Err(CodeRefusal::Wrong(MAX_CODE_ATTEMPTS - attempts - 1))
    }
}

impl CodeRefusal {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (CodeRefusal::Expired, _) => lang.t("Koden er udløbet. Bed om en ny kode.", "The code has expired. Ask for a new one.").into(),
            (CodeRefusal::Locked, _) => lang
                .t(
                    "Der er tastet forkert kode for mange gange, så linket er spærret. Ring til samværscentret for at få et nyt link.",
                    "A wrong code was entered too many times, so the link is blocked. Call the visitation centre for a new link.",
                )
                .into(),
            (CodeRefusal::Wrong(1), _) => lang.t("Forkert kode. Du har ét forsøg tilbage.", "Wrong code. You have one try left.").into(),
            (CodeRefusal::Wrong(n), Lang::Da) => format!("Forkert kode. Du har {n} forsøg tilbage."),
            (CodeRefusal::Wrong(n), Lang::En) => format!("Wrong code. You have {n} tries left."),
        }
    }
}

/// A link's lifetime in days: 1 to 90 (none given: the configured default, 14 unless set).
pub fn link_days(days: Option<i64>, default: i64) -> Result<i64, AppError> {
    match days {
        None => Ok(default.clamp(1, 90)),
        Some(d @ 1..=90) => Ok(d),
        Some(_) => Err(AppError::invalid("days", "Et link kan gælde fra 1 til 90 dage.")),
    }
}

/// The notice for a new message: a link, never the message or a name.
pub fn message_notice(link: &str) -> String {
    format!("Du har en ny besked fra samværscentret. Åbn: {link}")
}

/// The invitation to a channel.
pub fn invite_notice(link: &str) -> String {
    format!("Samværscentret har oprettet et sikkert link til beskeder til dig. Åbn: {link}")
}

/// A sign-in link a parent asked for.
pub fn sign_in_notice(link: &str) -> String {
    format!("Her er dit link til at logge ind hos samværscentret. Det gælder i et døgn. Åbn: {link}")
}

pub fn code_notice(code: &str) -> String {
    format!("Din kode til samværscentret er {code}. Den gælder i 10 minutter. Del den ikke med andre.")
}

/// "m***e@demo.test", "+45 ** ** ** 78": enough to recognise, not enough to read out.
pub fn mask(recipient: &str) -> String {
    if let Some((name, domain)) = recipient.split_once('@') {
        let first: String = name.chars().take(1).collect();
        let last: String = name.chars().skip(1).last().map(String::from).unwrap_or_default();
        return format!("{first}***{last}@{domain}");
    }
    let digits: Vec<char> = recipient.chars().filter(char::is_ascii_digit).collect();
    let tail: String = digits.iter().rev().take(2).rev().collect();
    format!("** ** ** {tail}")
}

/// Seconds to wait after the `attempts`-th failed send: 1, 5, 25, 125 minutes.
pub fn backoff_secs(attempts: i64) -> i64 {
    60 * 5_i64.pow(u32::try_from(attempts.clamp(1, 5) - 1).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_text_is_checked() {
        assert_eq!(message_text("  Hej  ").ok().as_deref(), Some("Hej"));
        assert!(message_text(" \n ").is_err());
        assert!(message_text(&"x".repeat(4001)).is_err());
    }

    #[test]
    fn codes_are_six_digits_and_lock_after_five_wrong() {
        for _ in 0..50 {
            let c = new_code();
            assert!(code_shape(&c).is_some(), "{c}");
        }
        assert_eq!(code_shape("12345"), None);
        assert_eq!(code_shape("12a456"), None);
        let now = 1_000;
        assert_eq!(check_code(now, Some(now + 60), 0, false, true), Ok(()));
        assert_eq!(check_code(now, Some(now + 60), 0, false, false), Err(CodeRefusal::Wrong(4)));
        assert_eq!(check_code(now, Some(now + 60), 3, false, false), Err(CodeRefusal::Wrong(1)));
        assert_eq!(check_code(now, Some(now + 60), 4, false, false), Err(CodeRefusal::Locked));
        assert_eq!(check_code(now, Some(now + 60), 5, false, true), Err(CodeRefusal::Locked), "even the right one");
        assert_eq!(check_code(now, Some(now), 0, false, true), Err(CodeRefusal::Expired));
        assert_eq!(check_code(now, None, 0, false, true), Err(CodeRefusal::Expired));
        assert!(CodeRefusal::Wrong(1).message(Lang::Da).contains("ét forsøg"));
        assert_eq!(CodeRefusal::Wrong(3).message(Lang::En), "Wrong code. You have 3 tries left.");
    }

    #[test]
    fn notices_carry_a_link_and_nothing_else() {
        let n = message_notice("https://x/kanal");
        assert_eq!(n, "Du har en ny besked fra samværscentret. Åbn: https://x/kanal");
        assert_eq!(mask("mette@demo.test"), "m***e@demo.test");
        assert_eq!(mask("+45 12 34 56 78"), "** ** ** 78");
        assert_eq!(client_key(" 000001764612345678a1b2c3d4 ").ok(), Some("000001764612345678a1b2c3d4"));
        assert!(client_key("kort").is_err() && client_key("med mellemrum 12345").is_err());
        assert_eq!(link_days(None, 14).ok(), Some(14));
        assert_eq!(link_days(None, 30).ok(), Some(30));
        assert_eq!(link_days(Some(7), 30).ok(), Some(7));
        assert!(link_days(Some(91), 14).is_err());
        assert!(link_days(Some(0), 14).is_err(), "0 days is no link, not the default");
        assert_eq!((1..=5).map(backoff_secs).collect::<Vec<_>>(), vec![60, 300, 1500, 7500, 37500]);
    }
}
