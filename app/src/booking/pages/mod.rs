//! The booking pages besides the board: book, one appointment, find a slot, weekend capacity and
//! extra places, staffing. All server-rendered plain forms.

mod appointment;
mod book;
mod find;
mod staffing;
mod weekends;

pub use appointment::AppointmentPage;
pub use book::BookPage;
pub use find::FindPage;
pub use staffing::StaffingPage;
pub use weekends::WeekendsPage;

pub(crate) use crate::layout::forms::{choices, refusal};

/// A `<select>`'s minute choices ("15 min."), 0 written as `none` ("Ingen"): guidance talks and
/// buffers on the booking form and find-a-slot alike.
fn minutes(list: &[i64], none: &str) -> Vec<(String, String)> {
    list.iter().map(|m| (m.to_string(), if *m == 0 { none.to_string() } else { format!("{m} min.") })).collect()
}
