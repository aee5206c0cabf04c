use leptos::prelude::*;

use crate::i18n::{Lang, use_lang};
use crate::layout::Page;

/// Plain words for parents about supported and supervised visits.
#[component]
pub fn AboutPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Page title=lang.t("Om samvær", "About visits")>
            <h1 class="page-title">{lang.t("Om samvær på samværscentret", "About visits at the visitation centre")}</h1>
            <div class="prose">
                {SECTIONS.iter().map(|s| view! {
                    <section class="card">
                        <h2>{pick(lang, s.0)}</h2>
                        {pick(lang, s.1).split("\n\n").map(|p| view! { <p>{p}</p> }).collect_view()}
                    </section>
                }).collect_view()}
            </div>
        </Page>
    }
}

fn pick(lang: Lang, pair: (&'static str, &'static str)) -> &'static str {
    lang.t(pair.0, pair.1)
}

type Text = (&'static str, &'static str);

const SECTIONS: [(Text, Text); 6] = [
    (
        ("Hvad er samvær?", "What is a visit?"),
        (
            "Når et barn bor uden for hjemmet, har barnet ret til kontakt med sine forældre og sit netværk. Kommunen beslutter, hvor ofte I ses, hvor længe, og om der skal være en samværskonsulent med. Du kan læse beslutningen i brevet fra din rådgiver (afgørelsen).\n\nSamværscentret sørger for et rum, en konsulent og en plan, så samværet bliver så godt som muligt for dit barn.",
            "When a child lives away from home, the child has a right to contact with their parents and network. The municipality decides how often you meet, for how long, and whether a visit consultant takes part. You can read the decision in the letter from your caseworker (the decision letter).\n\nThe visitation centre provides a room, a consultant and a plan, so the visit is as good as possible for your child.",
        ),
    ),
    (
        ("Støttet samvær", "Supported visits"),
        (
            "Ved støttet samvær hjælper og guider en samværskonsulent dig under samværet, fx med at lege, trøste eller sige farvel. Støttet samvær kræver samtykke fra den, der har forældremyndigheden, og fra den unge selv, hvis den unge er fyldt 15 år.\n\nDer skrives kun en beskrivelse af et støttet samvær, hvis I har aftalt det.",
            "In a supported visit a visit consultant helps and guides you during the visit, for example with playing, comforting or saying goodbye. Supported visits need the consent of the person with custody, and of the young person if they are 15 or older.\n\nA description of a supported visit is only written if you have agreed to it.",
        ),
    ),
    (
        ("Overvåget samvær", "Supervised visits"),
        (
            "Ved overvåget samvær er en samværskonsulent til stede hele tiden. Det er besluttet af kommunens børne- og ungeudvalg for en bestemt periode.\n\nEfter hvert overvåget samvær skriver konsulenten en beskrivelse af, hvad der skete. Den holder det, konsulenten så, adskilt fra konsulentens vurdering, og den giver plads til dit barns oplevelse.",
            "In a supervised visit a visit consultant is present all the time. The municipality's children and youth committee has decided this for a set period.\n\nAfter every supervised visit the consultant writes a description of what happened. It keeps what the consultant saw apart from the consultant's assessment, and gives room to your child's experience.",
        ),
    ),
    (
        ("Opstartsmødet", "The kick-off meeting"),
        (
            "Før det første samvær holder vi et opstartsmøde med dig, din rådgiver, din samværskonsulent og vores koordinator. Vi aftaler rammerne: hvad I tager med, hvad I øver, og hvordan I siger farvel. Du får også en rundvisning, så du kender rummene.",
            "Before the first visit we hold a kick-off meeting with you, your caseworker, your visit consultant and our coordinator. We agree on the setting: what you bring, what you practise, and how you say goodbye. You also get a tour, so you know the rooms.",
        ),
    ),
    (
        ("Vejledning før og efter", "Guidance before and after"),
        (
            "Mange samvær har en kort samtale før og efter, kun mellem dig og konsulenten. Her kan I tale om det, der er svært, uden at barnet hører det, og forberede næste gang.",
            "Many visits have a short talk before and after, just between you and the consultant. You can talk about what is difficult without the child hearing it, and prepare for next time.",
        ),
    ),
    (
        ("Beskrivelser, og hvem der læser dem", "Descriptions, and who reads them"),
        (
            "Beskrivelsen sendes til din rådgiver kort efter samværet. Du må læse det, der er skrevet om dig, og beskrivelserne gennemgås med dig før opfølgningsmødet med rådgiveren.\n\nBliver du forsinket eller kan du ikke komme, så giv besked under samværet i appen eller ring til samværscentret. Aflyste samvær står også i beskrivelserne, så tidlig besked er altid bedst.",
            "The description is sent to your caseworker soon after the visit. You may read what is written about you, and the descriptions are gone through with you before the follow-up meeting with your caseworker.\n\nIf you are delayed or cannot come, tell us on the visit's page in the app or call the visitation centre. Cancelled visits are also recorded, so telling us early is always best.",
        ),
    ),
];
