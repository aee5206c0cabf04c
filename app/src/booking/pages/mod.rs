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
