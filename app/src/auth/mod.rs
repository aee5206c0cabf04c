//! Who is signed in and what they may do.

pub mod api;
#[cfg(feature = "ssr")]
pub mod callers;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

crate::id_newtype!(UserId);

/// Read from `users.role` as this type (a CHECK on the column allows only these values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "TEXT", rename_all = "lowercase"))]
pub enum Role {
    Parent,
    Consultant,
    Coordinator,
    Leader,
    Caseworker,
    Admin,
    /// A young person from 15, with their own sign-in to their own visits and consent.
    Young,
}

impl Role {
    pub const ALL: [Role; 7] =
        [Role::Parent, Role::Young, Role::Consultant, Role::Coordinator, Role::Leader, Role::Caseworker, Role::Admin];

    /// The value stored in `users.role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Parent => "parent",
            Role::Consultant => "consultant",
            Role::Coordinator => "coordinator",
            Role::Leader => "leader",
            Role::Caseworker => "caseworker",
            Role::Admin => "admin",
            Role::Young => "young",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The role's name in the UI.
    pub fn label(self) -> &'static str {
        match self {
            Role::Parent => "Forælder",
            Role::Consultant => "Samværskonsulent",
            Role::Coordinator => "Fagkoordinator",
            Role::Leader => "Leder",
            Role::Caseworker => "Rådgiver",
            Role::Admin => "Administrator",
            Role::Young => "Ung (15 år eller ældre)",
        }
    }

    /// Centre staff: consultants, the coordinator, leaders and administrators.
    pub fn is_centre_staff(self) -> bool {
        matches!(self, Role::Consultant | Role::Coordinator | Role::Leader | Role::Admin)
    }
}

/// The signed-in user as the browser sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: UserId,
    pub full_name: String,
    pub role: Role,
    /// The name of the centre the user works at or whose family they belong to (the header shows
    /// it); empty for none.
    #[serde(default)]
    pub centre_name: String,
    /// Where the user's reads are scoped to, read with the user (never sent to the browser).
    #[serde(skip)]
    pub scope: Scope,
}

/// The centre a staff member works at, whether they are paid by the hour, and the family a
/// parent belongs to: looked up once per request with the user, so no read asks again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    pub centre_id: Option<i64>,
    pub hourly: bool,
    pub family_id: Option<crate::cases::FamilyId>,
}

impl CurrentUser {
    /// The staff member's centre; 0 (matches nothing) for a user who works at none.
    pub fn centre(&self) -> i64 {
        self.scope.centre_id.unwrap_or(0)
    }

    /// A consultant paid by the hour (they see and take only their own shifts). Decided here once,
    /// from the role and the staff row read with the session's user: no other role is hourly.
    pub fn is_hourly(&self) -> bool {
        self.role == Role::Consultant && self.scope.hourly
    }

    /// The user as a staff member (a consultant, coordinator or leader is one by their user id).
    pub fn staff_id(&self) -> crate::staff::StaffId {
        crate::staff::StaffId(self.id.0)
    }
}
