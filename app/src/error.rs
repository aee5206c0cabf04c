//! One error type for the whole app. What reaches the browser is only what the user can act on:
//! database and internal errors are logged in full on the server and cross the wire as an opaque
//! `Internal` carrying the request id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Field name -> the messages for that field, in Danish.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum AppError {
    #[error("Det, du leder efter, findes ikke, eller du har ikke adgang til det.")]
    NotFound,
    #[error("Du skal logge ind for at se dette.")]
    Unauthorized,
    #[error("Du har ikke adgang til dette.")]
    Forbidden,
    #[error("Forkert e-mail eller adgangskode.")]
    SignInFailed,
    #[error("{0}")]
    TooManyAttempts(String),
    #[error("{}", first_message(.0))]
    Validation(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("Der skete en fejl hos os. Prøv igen om lidt. (Fejl-id: {request_id})")]
    Internal { request_id: String },
    #[error("Der er ingen forbindelse til serveren. Tjek din forbindelse, og prøv igen.")]
    Network,
}

fn first_message(errors: &FieldErrors) -> String {
    errors.values().flatten().next().cloned().unwrap_or_else(|| "Oplysningerne er ikke gyldige.".to_string())
}

impl AppError {
    /// A validation error on one field.
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_string(), vec![message.into()]);
        AppError::Validation(errors)
    }

    /// The form field a validation error is about ("name", "hours"), for marking it invalid.
    pub fn field(&self) -> Option<&str> {
        match self {
            AppError::Validation(errors) => errors.keys().next().map(String::as_str),
            _ => None,
        }
    }

    /// The message in the reader's language (the Display text is Danish).
    pub fn message(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        if lang == Lang::Da {
            return self.to_string();
        }
        match self {
            AppError::NotFound => "What you are looking for does not exist, or you do not have access to it.".into(),
            AppError::Unauthorized => "Please sign in to see this.".into(),
            AppError::Forbidden => "You do not have access to this.".into(),
            AppError::SignInFailed => "Wrong e-mail or password.".into(),
            AppError::Internal { request_id } => {
                format!("Something went wrong on our side. Please try again shortly. (Error id: {request_id})")
            }
            AppError::Network => "There is no connection to the server. Check your connection and try again.".into(),
            AppError::Validation(_) if self.to_string() == UNREADABLE_FORM => {
                "Something in the form is missing or wrong. Check the fields and try again.".into()
            }
            // Validation, conflict and rate-limit texts are written in the reader's language already.
            other => other.to_string(),
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized | AppError::SignInFailed => 401,
            AppError::Forbidden => 403,
            AppError::TooManyAttempts(_) => 429,
            AppError::Validation(_) => 422,
            AppError::Conflict(_) => 409,
            AppError::Internal { .. } => 500,
            AppError::Network => 503,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => AppError::invalid("_", UNREADABLE_FORM),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            other => {
                #[cfg(feature = "ssr")]
                tracing::error!(error = %other, "server function framework error");
                #[cfg(not(feature = "ssr"))]
                let _ = other;
                AppError::Internal { request_id: String::new() }
            }
        }
    }
}

/// A form the server function could not read (a field missing or not a number): the framework's
/// own error, in words a parent understands.
const UNREADABLE_FORM: &str = "Noget i formularen mangler eller er forkert. Tjek felterne, og prøv igen.";

/// What a racing insert's loser is told: someone saved the same thing a moment before.
pub const ALREADY_EXISTS: &str =
    "Det findes allerede: en anden har netop gemt det samme. Genindlæs siden, og se om det er, som det skal være.";

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// A unique constraint that refuses an insert is a conflict the user can act on (two people
    /// saving the same at once; the pre-check before it saw nothing yet), not an internal error.
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err
            && db.is_unique_violation()
        {
            tracing::warn!(constraint = db.constraint().unwrap_or("-"), "unique constraint refused a write");
            return AppError::Conflict(ALREADY_EXISTS.into());
        }
        let request_id = crate::context::request_id();
        tracing::error!(%request_id, error = %err, "database error");
        AppError::Internal { request_id }
    }
}

#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(err: tower_sessions::session::Error) -> Self {
        let request_id = crate::context::request_id();
        tracing::error!(%request_id, error = %err, "session store error");
        AppError::Internal { request_id }
    }
}

impl AppError {
    /// Any other internal failure: logged here, opaque to the client.
    #[cfg(feature = "ssr")]
    pub fn internal(what: &str, err: impl std::fmt::Display) -> Self {
        let request_id = crate::context::request_id();
        tracing::error!(%request_id, error = %err, "{what}");
        AppError::Internal { request_id }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_shows_the_first_field_message() {
        let e = AppError::invalid("email", "Skriv din e-mail.");
        assert_eq!(e.to_string(), "Skriv din e-mail.");
        assert_eq!(e.status_code(), 422);
    }

    #[test]
    fn bad_arguments_become_a_validation_error_without_internal_text() {
        let e = AppError::from_server_fn_error(ServerFnErrorErr::Args("missing field `id` at line 1".into()));
        assert!(matches!(e, AppError::Validation(_)));
        assert!(!e.to_string().contains("missing field"));
    }

    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn a_unique_violation_is_a_conflict_with_a_danish_message() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::query("CREATE TABLE t (v TEXT NOT NULL UNIQUE)").execute(&pool).await.unwrap_or_else(|e| panic!("{e}"));
        let insert = || sqlx::query("INSERT INTO t (v) VALUES ('a')").execute(&pool);
        insert().await.unwrap_or_else(|e| panic!("{e}"));
        let err = AppError::from(insert().await.err().unwrap_or_else(|| panic!("a second 'a' is refused")));
        assert_eq!(err.status_code(), 409);
        assert!(err.to_string().contains("findes allerede"), "{err}");
        // Other database errors stay internal and opaque.
        let other = AppError::from(
            sqlx::query("SELECT * FROM nowhere").execute(&pool).await.err().unwrap_or_else(|| panic!("no table")),
        );
        assert_eq!(other.status_code(), 500);
    }

    #[test]
    fn internal_errors_carry_only_the_request_id() {
        let e = AppError::Internal { request_id: "abc".into() };
        assert_eq!(e.to_string(), "Der skete en fejl hos os. Prøv igen om lidt. (Fejl-id: abc)");
        assert_eq!(e.status_code(), 500);
    }
}
