//! The whole app over HTTP. One test binary: `cargo test -p server`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test support code, not product code

mod access;
mod auth;
mod board;
mod booking;
mod booking_rules;
mod calendar;
mod case_course;
mod case_view;
mod centres;
mod changes;
mod channels;
mod channels_access;
mod child_voice;
mod decisions;
mod descriptions;
mod fixtures;
mod helpers;
mod intake;
mod kept;
mod minutes;
mod overview;
mod placement;
mod platform;
mod portal;
mod robustness;
mod series;
mod setup;
mod staffing;
mod steady;
mod trust;
mod trust_more;
mod young;
