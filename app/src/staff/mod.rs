//! Centre staff and their employment.

#[cfg(feature = "ssr")]
pub mod repo;

use serde::{Deserialize, Serialize};

crate::id_newtype!(
    /// A staff member: the user id of a consultant, coordinator or leader.
    StaffId
);

/// How a staff member is employed, as `staff.employment` holds it. Read from the database as this
/// type: a value it does not know is an error, never taken for permanent (an hourly consultant
/// taken for permanent would be booked outside the hours they gave).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "TEXT", rename_all = "snake_case"))]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    Permanent,
    Hourly,
}

impl Employment {
    pub fn is_hourly(self) -> bool {
        self == Employment::Hourly
    }

    /// "Fast" or "Timelønnet", as the booking pages name it.
    pub fn label(self) -> &'static str {
        match self {
            Employment::Permanent => "Fast",
            Employment::Hourly => "Timelønnet",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employment_is_read_as_the_database_writes_it_and_an_unknown_one_is_refused() {
        let read = |s: &str| serde_json::from_str::<Employment>(&format!("\"{s}\""));
        assert_eq!(read("hourly").ok().map(Employment::is_hourly), Some(true));
        assert_eq!(read("permanent").ok(), Some(Employment::Permanent));
        assert!(read("freelance").is_err(), "not taken for permanent");
    }
}
