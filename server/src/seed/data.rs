//! The demo centre's people. Names are invented; e-mail addresses use the reserved `.test` domain.

pub const PASSWORD: &str = "samvaer-demo";

/// (name, e-mail) of the four permanent consultants; the first is the demo sign-in.
pub const PERMANENT: [(&str, &str); 4] = [
    ("Karen Holst", "konsulent@demo.test"),
    ("Mads Winther", "mads.winther@demo.test"),
    ("Susanne Krogh", "susanne.krogh@demo.test"),
    ("Bo Dahl", "bo.dahl@demo.test"),
];

pub const HOURLY: [&str; 15] = [
    "Signe Bak",
    "Tobias Lykke",
    "Nadia Ahmed",
    "Jesper Kjær",
    "Maja Brandt",
    "Rasmus Frost",
    "Ida Nørgaard",
    "Simon Lauridsen",
    "Cecilie Riis",
    "Ahmad Karimi",
    "Trine Skov",
    "Kristian Berg",
    "Amalie Juul",
    "Patrick Møller",
    "Sofie Dam",
];

/// (name, e-mail, department)
pub const CASEWORKERS: [(&str, &str, &str); 3] = [
    ("Anders Mikkelsen", "raadgiver@demo.test", "Børn og Unge, Myndighed"),
    ("Pia Lund", "pia.lund@demo.test", "Børn og Unge, Myndighed"),
    ("Rikke Bech", "rikke.bech@demo.test", "Familierådgivningen"),
];

pub struct Child {
    pub first: &'static str,
    pub birth: &'static str,
    pub home: bool,
}

pub struct Parent {
    pub first: &'static str,
    pub relation: &'static str,
    pub custody: bool,
    /// Set for parents with a demo sign-in.
    pub email: Option<&'static str>,
}

pub struct Family {
    pub last: &'static str,
    pub children: &'static [Child],
    pub parents: &'static [Parent],
    pub supervised: bool,
    pub weeks: i64,
    pub minutes: i64,
    pub secret_address: bool,
    pub conditions: &'static str,
}

const fn c(first: &'static str, birth: &'static str) -> Child {
    Child { first, birth, home: false }
}
const fn h(first: &'static str, birth: &'static str) -> Child {
    Child { first, birth, home: true }
}
const fn p(first: &'static str, relation: &'static str, custody: bool) -> Parent {
    Parent { first, relation, custody, email: None }
}

pub const FAMILIES: [Family; 14] = [
    Family {
        last: "Nielsen",
        children: &[c("Freja", "2017-04-12"), c("Oskar", "2019-09-03")],
        parents: &[
            Parent { first: "Mette", relation: "mother", custody: true, email: Some("mette@demo.test") },
            p("Jonas", "father", true),
        ],
        supervised: true,
        weeks: 2,
        minutes: 120,
        secret_address: false,
        conditions: "Ingen samtale om anbringelsen eller retssagen, mens børnene hører det. Samværet foregår på dansk.",
    },
    Family {
        last: "Hansen",
        children: &[h("Emil", "2010-02-20")],
        parents: &[Parent { first: "Louise", relation: "mother", custody: true, email: Some("louise@demo.test") }],
        supervised: false,
        weeks: 1,
        minutes: 90,
        secret_address: false,
        conditions: "",
    },
    Family {
        last: "Pedersen",
        children: &[c("Ida", "2015-06-30"), c("Noah", "2016-11-11"), c("Alma", "2020-01-05")],
        parents: &[p("Camilla", "mother", true), p("Birthe", "grandparent", false)],
        supervised: true,
        weeks: 2,
        minutes: 120,
        secret_address: false,
        conditions: "Mormor Birthe deltager hver anden gang.",
    },
    Family {
        last: "Andersen",
        children: &[c("Lucas", "2013-08-17")],
        parents: &[Parent { first: "Martin", relation: "father", custody: false, email: Some("martin@demo.test") }],
        supervised: true,
        weeks: 4,
        minutes: 90,
        secret_address: true,
        conditions: "Plejefamiliens adresse er hemmelig. Ingen fotografering. Afhentning sker af konsulenten.",
    },
    Family {
        last: "Christensen",
        children: &[h("Sofia", "2011-03-09")],
        parents: &[p("Anne", "mother", true)],
        supervised: false,
        weeks: 2,
        minutes: 120,
        secret_address: false,
        conditions: "",
    },
    Family {
        last: "Larsen",
        children: &[c("William", "2018-05-22"), c("Ella", "2021-10-14")],
        parents: &[p("Sarah", "mother", true), p("Kasper", "father", false)],
        supervised: true,
        weeks: 1,
        minutes: 90,
        secret_address: false,
        conditions: "Far og mor kommer hver for sig.",
    },
    Family {
        last: "Sørensen",
        children: &[c("Victor", "2012-12-01")],
        parents: &[p("Nanna", "mother", true)],
        supervised: false,
        weeks: 2,
        minutes: 120,
        secret_address: false,
        conditions: "",
    },
    Family {
        last: "Rasmussen",
        children: &[c("Karla", "2016-02-28")],
        parents: &[p("Peter", "father", true)],
        supervised: true,
        weeks: 2,
        minutes: 120,
        secret_address: false,
        conditions: "Far møder op uden at være påvirket af alkohol.",
    },
    Family {
        last: "Jørgensen",
        children: &[h("Malthe", "2009-07-07"), c("Olivia", "2014-04-04")],
        parents: &[p("Helle", "mother", true)],
        supervised: false,
        weeks: 2,
        minutes: 180,
        secret_address: false,
        conditions: "",
    },
    Family {
        last: "Petersen",
        children: &[c("Alfred", "2019-12-24")],
        parents: &[p("Maria", "mother", true)],
        supervised: true,
        weeks: 1,
        minutes: 60,
        secret_address: true,
        conditions: "Plejefamiliens adresse er hemmelig.",
    },
    Family {
        last: "Madsen",
        children: &[c("Agnes", "2017-09-18")],
        parents: &[p("Thomas", "father", true), p("Line", "mother", true)],
        supervised: true,
        weeks: 2,
        minutes: 120,
        secret_address: false,
        conditions: "",
    },
    Family {
        last: "Kristensen",
        children: &[c("Carl", "2015-01-31"), c("Lily", "2018-08-08")],
        parents: &[p("Julie", "mother", true)],
        supervised: false,
        weeks: 2,
        minutes: 120,
        secret_address: false,
        conditions: "",
    },
    Family {
        last: "Hassan",
        children: &[h("Aya", "2012-05-05")],
        parents: &[p("Fatima", "mother", true)],
        supervised: true,
        weeks: 4,
        minutes: 120,
        secret_address: false,
        conditions: "Tolk deltager (arabisk).",
    },
    Family {
        last: "Thomsen",
        children: &[c("Elias", "2020-03-03"), c("Clara", "2022-06-06")],
        parents: &[p("Josefine", "mother", true)],
        supervised: true,
        weeks: 1,
        minutes: 90,
        secret_address: false,
        conditions: "",
    },
];

pub const PREPARATION: &str = "Husk: I må gerne tage frugt og en lille snack med. Legetøj finder vi frem på stuen. \
Freja vil gerne vise jer sin nye tegning. Vi øver at sige farvel i god tid: konsulenten siger til 10 minutter før slut. \
Mål aftalt med rådgiveren: rolige overgange ved ankomst og farvel.";
