//! Samvær: the app shared by server and browser. `shell` renders the HTML document, `App` the
//! router. One folder per area of the domain (its wire types, server functions, rules, service,
//! SQL and pages); the README's "Layout" says where each part lives.

/// An id newtype (`VisitId(i64)`): the same on the wire as its number (a plain HTML form field
/// `id=12` is one too), bound and read by sqlx as the number, never a bare `i64` across an API.
#[macro_export]
macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type))]
        #[cfg_attr(feature = "ssr", sqlx(transparent))]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        /// A form field or link carries the number.
        impl leptos::prelude::IntoAttributeValue for $name {
            type Output = i64;
            fn into_attribute_value(self) -> i64 {
                self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }
    };
}

pub mod admin;
pub mod audit;
pub mod auth;
pub mod booking;
pub mod calendar;
pub mod cases;
pub mod channels;
pub mod descriptions;
pub mod error;
pub mod i18n;
pub mod intake;
pub mod layout;
pub mod meetings;
pub mod overview;
pub mod placement;
pub mod portal;
pub mod setup;
pub mod staff;
pub mod visits;
pub mod young;

#[cfg(feature = "ssr")]
pub mod context;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod kept;
#[cfg(feature = "ssr")]
pub mod time;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    layout::security::set_page_csp();
    #[cfg(feature = "ssr")]
    let lang = i18n::from_request();
    #[cfg(not(feature = "ssr"))]
    let lang = i18n::Lang::Da;
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1d5c57"/>
                <meta name="description" content="Samværscentrets app til forældre, samværskonsulenter og rådgivere."/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icons/icon.svg" type="image/svg+xml"/>
                <link rel="apple-touch-icon" href="/icons/icon-192.png"/>
                <layout::assets::Assets options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    #[cfg(feature = "ssr")]
    provide_context(i18n::from_request());
    view! {
        <Title formatter=|t: String| if t.is_empty() { "Samvær".to_string() } else { format!("{t} · Samvær") }/>
        <Router>
            <Routes fallback=layout::NotFound>
                <Route path=path!("/") view=layout::Home ssr=SsrMode::Async/>
                <Route path=path!("/logind") view=auth::pages::SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/mine-samvaer") view=portal::pages::MyVisitsPage ssr=SsrMode::Async/>
                <Route path=path!("/mine-samvaer/:id") view=portal::pages::VisitPage ssr=SsrMode::Async/>
                <Route path=path!("/kontakt") view=portal::pages::ContactPage ssr=SsrMode::Async/>
                <Route path=path!("/om-samvaer") view=portal::pages::AboutPage ssr=SsrMode::Async/>
                <Route path=path!("/kalender") view=calendar::pages::CalendarPage ssr=SsrMode::Async/>
                <Route path=path!("/oversigt") view=overview::pages::OverviewPage ssr=SsrMode::Async/>
                <Route path=path!("/booking") view=booking::board::pages::BoardPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/ny") view=booking::pages::BookPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/aftale/:id") view=booking::pages::AppointmentPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/find-tid") view=booking::pages::FindPage ssr=SsrMode::Async/>
                <Route path=path!("/booking/weekender") view=booking::pages::WeekendsPage ssr=SsrMode::Async/>
                <Route path=path!("/bemanding") view=booking::pages::StaffingPage ssr=SsrMode::Async/>
                <Route path=path!("/beskeder") view=channels::pages::InboxPage ssr=SsrMode::Async/>
                <Route path=path!("/beskeder/:id") view=channels::pages::StaffThreadPage ssr=SsrMode::Async/>
                <Route path=path!("/mine-beskeder") view=channels::pages::MyThreadPage ssr=SsrMode::Async/>
                <Route path=path!("/kanal") view=channels::pages::LinkThreadPage ssr=SsrMode::Async/>
                <Route path=path!("/k/:token") view=channels::pages::LinkPage ssr=SsrMode::Async/>
                <Route path=path!("/sager") view=cases::pages::CasesPage ssr=SsrMode::Async/>
                <Route path=path!("/sager/:id") view=cases::pages::CasePage ssr=SsrMode::Async/>
                <Route path=path!("/ung") view=young::pages::YoungPage ssr=SsrMode::Async/>
                <Route path=path!("/beskrivelser") view=descriptions::pages::MyDescriptionsPage ssr=SsrMode::Async/>
                <Route path=path!("/beskrivelser/:id") view=descriptions::pages::DescriptionPage ssr=SsrMode::Async/>
                <Route path=path!("/tal/beskrivelser") view=descriptions::pages::FiguresPage ssr=SsrMode::Async/>
                <Route path=path!("/henvisninger") view=intake::pages::ReferralsPage ssr=SsrMode::Async/>
                <Route path=path!("/henvisninger/ny") view=intake::pages::ReferralFormPage ssr=SsrMode::Async/>
                <Route path=path!("/henvisninger/:id") view=intake::pages::ReferralPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/brugere") view=admin::pages::UsersPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/centre") view=setup::pages::CentresPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/steder") view=setup::pages::PlacesPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/sted") view=setup::pages::PlacePage ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

#[cfg(test)]
mod id_tests {
    use crate::cases::FamilyId;
    use crate::channels::ChannelId;

    #[test]
    fn an_id_is_its_number_on_the_wire_and_in_a_link() {
        assert_eq!(serde_json::from_str::<FamilyId>("12").ok(), Some(FamilyId(12)));
        assert_eq!(serde_json::to_string(&FamilyId(12)).ok().as_deref(), Some("12"));
        assert_eq!(serde_json::from_str::<Option<ChannelId>>("null").ok(), Some(None));
        assert!(serde_json::from_str::<FamilyId>("\"F-01\"").is_err());
        assert_eq!("7".parse::<ChannelId>(), Ok(ChannelId(7)));
        assert!("7a".parse::<ChannelId>().is_err());
        assert_eq!(format!("/beskeder/{}", ChannelId(7)), "/beskeder/7");
    }
}
