//! Booking: rooms, places and consultants week by week, with double bookings made impossible.
//! So far the pure rules (overlap with buffers, series across daylight saving, exceptions, the
//! free-slot search); the board, the booking service and its pages build on them.

#[cfg(feature = "ssr")]
pub mod rules;
