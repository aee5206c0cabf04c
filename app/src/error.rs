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
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                AppError::invalid("_", "Forespørgslen kunne ikke læses. Tjek felterne, og prøv igen.")
            }
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

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
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

    #[test]
    fn internal_errors_carry_only_the_request_id() {
        let e = AppError::Internal { request_id: "abc".into() };
        assert_eq!(e.to_string(), "Der skete en fejl hos os. Prøv igen om lidt. (Fejl-id: abc)");
        assert_eq!(e.status_code(), 500);
    }
}
