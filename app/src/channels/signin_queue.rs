//! "Log ind uden adgangskode" answers every address the same way and on the same code path: the
//! request only queues the address, and this worker does the lookup and, for a parent's account,
//! makes and mails the link. So neither the answer nor the time it takes tells whether an address
//! is known.

use std::sync::Arc;

use sqlx::SqlitePool;

use crate::context::Settings;

/// The queue's sending end, kept in the app state.
#[derive(Clone, Debug)]
pub struct SignInQueue(tokio::sync::mpsc::Sender<String>);

impl SignInQueue {
    /// Starts the worker; it runs until the process ends.
    pub fn start(pool: SqlitePool, settings: Arc<Settings>) -> Self {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(256);
        tokio::spawn(async move {
            while let Some(email) = rx.recv().await {
                if let Err(e) = super::links::request_sign_in(&pool, &settings, &email).await {
                    tracing::error!(error = %e, "sign-in link not made");
                }
            }
        });
        SignInQueue(tx)
    }

    /// Queues an address (normalised). A full queue drops it: the asker may ask again.
    pub fn ask(&self, email: String) {
        if self.0.try_send(email).is_err() {
            tracing::warn!("sign-in link queue full: a request was dropped");
        }
    }
}
