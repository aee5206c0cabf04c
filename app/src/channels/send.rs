//! The transports for notices: e-mail by SMTP (through `lettre`, the maintained Rust mail crate:
//! STARTTLS or TLS, credentials, async on tokio) and SMS by an HTTP gateway (or a log-only adapter
//! for development, or a folder for the demo and tests). Every network call has a time limit.

use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::rules;

/// How the server sends: SMTP settings and the SMS adapter. Secrets are redacted in `Debug`.
#[derive(Clone)]
pub struct Senders {
    pub mail: Option<AsyncSmtpTransport<Tokio1Executor>>,
    pub from: Mailbox,
    pub sms: Sms,
}

impl std::fmt::Debug for Senders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Senders(mail: {}, sms: {:?})", self.mail.is_some(), self.sms)
    }
}

/// The SMS adapter: a gateway that takes `POST {url}` with JSON `{"to", "text"}` and a bearer
/// token; the log-only adapter that writes that an SMS would go (masked number, never text); or,
/// for the demo and tests only, a folder the texts are written to, like the local mail sink.
#[derive(Clone)]
pub enum Sms {
    Log,
    Http { url: String, token: String, client: reqwest::Client },
    Folder(std::path::PathBuf),
}

impl Sms {
    /// The HTTP gateway adapter, its client giving up on connecting after `connect` and on the
    /// whole request after `total` (a gateway that accepts and never answers holds nothing).
    pub fn http(url: String, token: String, connect: Duration, total: Duration) -> Result<Sms, String> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect.min(total))
            .timeout(total)
            .build()
            .map_err(|e| format!("SMS client: {e}"))?;
        Ok(Sms::Http { url, token, client })
    }
}

impl std::fmt::Debug for Sms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Sms::Log => f.write_str("log only"),
            Sms::Http { url, .. } => write!(f, "http gateway {url} (token redacted)"),
            Sms::Folder(dir) => write!(f, "folder {} (demo and tests only)", dir.display()),
        }
    }
}

/// SMTP: host, port, "none" / "starttls" / "tls", optional user and password.
pub fn smtp(
    host: &str,
    port: u16,
    tls: &str,
    user: Option<String>,
    password: Option<String>,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let builder = match tls {
        "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| format!("SMTP TLS: {e}"))?,
        "starttls" => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(|e| format!("SMTP STARTTLS: {e}"))?
        }
        _ => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
    };
    let builder = builder.port(port).timeout(Some(Duration::from_secs(20)));
    Ok(match (user, password) {
        (Some(u), Some(p)) => builder.credentials(Credentials::new(u, p)).build(),
        _ => builder.build(),
    })
}

/// Sends one text to `to` by `transport` ("email" or "sms"); the error names the kind of failure,
/// never the text.
pub(super) async fn send(senders: &Senders, transport: &str, to: &str, text: &str) -> Result<(), &'static str> {
    match transport {
        "email" => {
            let mail = senders.mail.as_ref().ok_or("no SMTP server configured")?;
            let to: Mailbox = to.parse().map_err(|_| "bad address")?;
            let message = Message::builder()
                .from(senders.from.clone())
                .to(to)
                .subject("Besked fra samværscentret")
                .header(ContentType::TEXT_PLAIN)
                .body(text.to_string())
                .map_err(|_| "could not build the mail")?;
            mail.send(message).await.map(|_| ()).map_err(|_| "SMTP send failed")
        }
        _ => match &senders.sms {
            Sms::Log => {
                tracing::info!(to = rules::mask(to), "SMS (log-only adapter): not sent");
                Ok(())
            }
            Sms::Http { url, token, client } => {
                let body = serde_json::json!({ "to": to, "text": text });
                let res =
                    client.post(url).bearer_auth(token).json(&body).send().await.map_err(|e| {
                        if e.is_timeout() { "SMS gateway timed out" } else { "SMS gateway unreachable" }
                    })?;
                if res.status().is_success() { Ok(()) } else { Err("SMS gateway refused") }
            }
            Sms::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|_| "SMS folder")?;
                let n = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0) + 1;
                std::fs::write(dir.join(format!("{n:04}.txt")), format!("To: {to}\n\n{text}\n"))
                    .map_err(|_| "SMS folder")
            }
        },
    }
}
