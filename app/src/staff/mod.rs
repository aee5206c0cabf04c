//! Centre staff and their employment.

#[cfg(feature = "ssr")]
pub mod repo;
