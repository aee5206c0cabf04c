//! The administrator's pages for setting up: /admin/centre (centres), /admin/steder (a centre's
//! places) and /admin/sted (one place's form). Server-rendered plain forms.

mod centres;
mod place;
mod places;

pub use centres::CentresPage;
pub use place::PlacePage;
pub use places::PlacesPage;

pub(crate) use crate::layout::forms::{bad_field, described, invalid, refusal};
