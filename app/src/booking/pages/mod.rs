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

use leptos::prelude::*;

pub(crate) use crate::layout::forms::refusal;

/// A `<select>`'s options with the current value selected.
pub(crate) fn choices(list: Vec<(String, String)>, current: &str) -> impl IntoView + use<> {
    let current = current.to_string();
    list.into_iter()
        .map(|(value, label)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view()
}
