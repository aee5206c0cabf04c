//! Setting up a centre: the administrator's centres and their places (rooms, outdoor places,
//! borrowed halls) with features and weekly opening hours. A place that is closed keeps its history
//! and refuses new bookings. Accounts per centre live in `admin`.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

crate::id_newtype!(CentreId);
crate::id_newtype!(
    /// A room or another place visits are held in.
    PlaceId
);

/// What kind of place: a visit room, an outdoor place, or an extra one (borrowed or seasonal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlaceKind {
    Room,
    Outdoor,
    Extra,
}

impl PlaceKind {
    pub const ALL: [PlaceKind; 3] = [PlaceKind::Room, PlaceKind::Outdoor, PlaceKind::Extra];

    /// The value stored in `places.kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Room => "room",
            PlaceKind::Outdoor => "outdoor",
            PlaceKind::Extra => "extra",
        }
    }

    pub fn parse(s: &str) -> Option<PlaceKind> {
        PlaceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PlaceKind::Room => "Samværsrum",
            PlaceKind::Outdoor => "Udendørs",
            PlaceKind::Extra => "Ekstra sted",
        }
    }
}

/// What a place has, for choosing the right one for a family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Feature {
    Kitchen,
    Sofa,
    Toys,
    Outdoor,
    BabyCare,
    BallGames,
    Accessible,
}

impl Feature {
    pub const ALL: [Feature; 7] = [
        Feature::Kitchen,
        Feature::Sofa,
        Feature::Toys,
        Feature::Outdoor,
        Feature::BabyCare,
        Feature::BallGames,
        Feature::Accessible,
    ];

    /// The value stored in `place_features.feature`.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Kitchen => "kitchen",
            Feature::Sofa => "sofa",
            Feature::Toys => "toys",
            Feature::Outdoor => "outdoor",
            Feature::BabyCare => "baby_care",
            Feature::BallGames => "ball_games",
            Feature::Accessible => "accessible",
        }
    }

    pub fn parse(s: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Feature::Kitchen => "Køkken",
            Feature::Sofa => "Sofa",
            Feature::Toys => "Legetøj",
            Feature::Outdoor => "Udendørs",
            Feature::BabyCare => "Puslebord",
            Feature::BallGames => "Boldspil",
            Feature::Accessible => "Tilgængeligt for kørestol",
        }
    }
}

/// A centre as the administrator sees and edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreItem {
    pub id: CentreId,
    pub name: String,
    pub municipality: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// The centre's opening hours as parents read them ("Mandag–fredag 8–20, weekend 9–17").
    pub opening_hours: String,
    /// Working days a consultant has to write a visit's description.
    pub description_days: i64,
    /// False for a deactivated centre: its history stays, it takes no new bookings or referrals.
    pub active: bool,
}

/// The centres page: the centres an administrator sets up, and whether they may create one (the
/// installation's administrator only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentresView {
    pub centres: Vec<CentreItem>,
    pub may_create: bool,
}

/// One weekday's opening hours, 'HH:MM'. `dates` is set for hours that hold only in a period (a
/// hall borrowed for a season): "1. januar 2027 – 31. marts 2027".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub weekday: u32,
    pub opens: String,
    pub closes: String,
    pub dates: Option<String>,
}

/// A place as the administrator sees and edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceItem {
    pub id: PlaceId,
    pub name: String,
    pub kind: PlaceKind,
    pub address: String,
    pub capacity: i64,
    pub features: Vec<Feature>,
    pub hours: Vec<DayHours>,
    pub active: bool,
    /// Planned appointments from now on (a closed place's must be moved by hand).
    pub coming: i64,
}

/// The places page: the centre shown (None: the installation has no centre yet), the centres the
/// administrator may switch between, and the shown centre's places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacesView {
    pub centre: Option<CentreItem>,
    pub centres: Vec<(CentreId, String)>,
    pub places: Vec<PlaceItem>,
}
