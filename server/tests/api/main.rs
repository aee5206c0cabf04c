//! The whole app over HTTP. One test binary: `cargo test -p server`.

mod access;
mod auth;
mod helpers;
mod platform;
