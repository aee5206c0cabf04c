//! Password hashing with argon2id (RustCrypto's `argon2`, OWASP's first choice), run off the
//! async threads because it is deliberately slow.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};

use crate::error::AppError;

pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::internal("password hashing", e))
    })
    .await
    .map_err(|e| AppError::internal("password hashing task", e))?
}

/// Verifies `password` against a stored PHC string. With no stored hash, a dummy hash is verified
/// anyway so a missing account takes as long as a wrong password.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    tokio::task::spawn_blocking(move || {
        let dummy = "$argon2id$v=19$m=19456,t=2,p=1$c2FtdmFlcnNhbHQxMjM0$2xGeOVeR+2RjYcLU7gz7lZGLmmbrlhXEZBNKCeFbl1A";
        let phc = stored.as_deref().unwrap_or(dummy);
        let ok = match PasswordHash::new(phc) {
            Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
            Err(_) => false,
        };
        ok && stored.is_some()
    })
    .await
    .map_err(|e| AppError::internal("password verify task", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_wrong_passwords_do_not() -> Result<(), AppError> {
        let h = hash("korrekt hest batteri".into()).await?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("korrekt hest batteri".into(), Some(h.clone())).await?);
        assert!(!verify("forkert".into(), Some(h)).await?);
        assert!(!verify("hvad som helst".into(), None).await?);
        Ok(())
    }
}
