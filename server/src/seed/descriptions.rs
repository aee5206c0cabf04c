//! The demo's written descriptions: every held or missed visit gets what the app's own rule
//! makes due (supervised always; the one supported family that said yes); those older than a
//! week are written and sent (a few late), the latest are still to write (some past their
//! deadline). The first family, whose case asks the parents to read first, has its latest still
//! to write and the one before out for the parents' reading.

use app::descriptions::{record, repo as d, rules::Outcome, workdays};
use app::time;

use super::{Tx, repo};

const TEXT: [(&str, &str); 7] = [
    ("present", "Barnet, mor og konsulenten. Plejemor afleverede og hentede."),
    ("arrival", "Barnet kom glad ind og løb hen til mor, som satte sig på hug og gav et knus."),
    (
        "course",
        "Mor og barnet spillede Ludo og tegnede. Mor havde madpakker med, som de spiste sammen ved bordet. Mor hjalp med at rydde op til sidst.",
    ),
    ("mood", "Barnet var glad og snakkesaligt det meste af tiden, lidt stille de sidste ti minutter."),
    (
        "observation",
        "Barnet sagde: „Jeg vil gerne komme igen i næste uge.“ Mor svarede roligt, at det glædede hun sig til.",
    ),
    ("assessment", "Samværet forløb godt. Mor var opmærksom på barnets signaler og overholdt vilkårene."),
    ("child_view", "Barnet fortalte, at det bedst kunne lide at spille med mor."),
];

pub async fn seed(tx: &mut Tx, now: i64, first_family: i64, yes_case: Option<(i64, i64)>) -> Result<(), String> {
    let err = |e: sqlx::Error| e.to_string();
    if let Some((case, by)) = yes_case {
        let from = time::today(time::from_unix(now)) - chrono::Duration::days(120);
        d::add_yes(&mut **tx, case, from, by, now).await.map_err(err)?;
    }
    for (id, status) in repo::past_outcomes(&mut **tx, now).await.map_err(err)? {
        let outcome = if status == "held" { Outcome::Held } else { Outcome::NoShow };
        record::on_outcome(tx, id, Some(outcome), now).await.map_err(|e| e.to_string())?;
    }
    repo::parents_review(&mut **tx, first_family).await.map_err(err)?;
    let week_ago = now - 7 * 86_400;
    let today = time::today(time::from_unix(now));
    // The first family's latest stays to be written, the one before is out for their reading.
    let mut first_seen = 0;
    for (id, appointment, family, starts_at, writer) in repo::demo_descriptions(&mut **tx).await.map_err(err)? {
        let (for_review, to_write) = if family == first_family {
            first_seen += 1;
            (first_seen == 2, first_seen == 1)
        } else {
            (false, starts_at >= week_ago)
        };
        if to_write {
            continue;
        }
        for (n, (field, body)) in TEXT.iter().enumerate() {
            if (id + n as i64) % 5 != 4 || *field == "course" {
                d::put_section(&mut **tx, id, (field, body, 1), writer, starts_at + 3 * 3600).await.map_err(err)?;
            }
        }
        if for_review {
            d::to_review(&mut **tx, id, workdays::add_working_days(today, 3), now).await.map_err(err)?;
            continue;
        }
        // Sent the next day, every seventh one a week late.
        let sent_at = starts_at + if appointment % 7 == 0 { 8 * 86_400 } else { 86_400 };
        d::to_sent(&mut **tx, id, writer, sent_at).await.map_err(err)?;
    }
    Ok(())
}
