//! Booking at national scale: builds a synthetic SQLite file (by default 10^6 visits over five
//! years, 300 places, 2,000 consultants of whom every eighth is hourly with availability, 50
//! centres, every fourth family's cases supported with the custody holder's consent) with the
//! real migrations, checks that the data is what the app's own rules accept, then times the
//! board's week query, the whole week board as a consultant gets it (built, and with its audit
//! row), a booking's check as the server runs it (`service::prepare_and_check`, accepted bookings
//! apart from refusals with their offers) and find-a-slot over two weeks. Prints median and p99;
//! it asserts nothing about time.
//!
//!     cargo run --release -p server --bin bench_booking -- [--visits N] [--runs N] [--db PATH]

use std::time::{Duration, Instant};

use app::auth::{CurrentUser, Role, Scope, UserId};
use app::booking::{BookingInput, board, find, repo, rules, service};
use app::error::AppError;
use chrono::{Days, NaiveDate, NaiveTime, Utc};
use rand::{Rng, SeedableRng, rngs::StdRng};
use sqlx::{SqliteConnection, SqlitePool};

/// The server's allocator, so what is timed is what the server does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const CENTRES: i64 = 50;
const PLACES_PER_CENTRE: i64 = 6;
const STAFF_PER_CENTRE: i64 = 40;
const FAMILIES_PER_CENTRE: i64 = 400;
const WEEKS: i64 = 261;
/// Every eighth consultant is hourly, available 07.30–20.30 every day of the period.
const HOURLY_EVERY: i64 = 8;
/// Every fourth family's cases are supported, with the mother's consent as custody holder.
const SUPPORTED_EVERY: i64 = 4;
/// Visit starts on a place's day, in minutes after local midnight: two-hour visits with 15
/// minutes' buffer on each side, 2 h 45 min apart, so no two slots touch (what the booking rules
/// demand of a place, a consultant and a child alike).
const SLOTS: [i64; 4] = [8 * 60, 10 * 60 + 45, 13 * 60 + 30, 16 * 60 + 15];
/// Slots in a place's week.
const WEEK_SLOTS: i64 = 7 * SLOTS.len() as i64;

struct Args {
    visits: i64,
    runs: usize,
    db: String,
    /// Time an existing file again instead of building it anew (for comparing changes).
    reuse: bool,
}

fn args() -> Args {
    let mut a = Args { visits: 1_000_000, runs: 2_000, db: "target/bench/booking.db".into(), reuse: false };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--reuse" {
            a.reuse = true;
            continue;
        }
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--visits" => a.visits = value.parse().unwrap_or(a.visits),
            "--runs" => a.runs = value.parse().unwrap_or(a.runs),
            "--db" => a.db = value,
            _ => eprintln!("unknown argument {flag}"),
        }
    }
    a
}

/// Runs `rows` as multi-row INSERTs of up to 500 rows (numbers and fixed words only).
async fn insert(conn: &mut SqliteConnection, head: &str, rows: impl Iterator<Item = String>) -> sqlx::Result<()> {
    let rows: Vec<String> = rows.collect();
    for batch in rows.chunks(500) {
        sqlx::query(&format!("{head} VALUES {}", batch.join(","))).execute(&mut *conn).await?;
    }
    Ok(())
}

fn first_monday() -> NaiveDate {
    app::time::monday_of(app::time::today(Utc::now())) - Days::new(7 * 130)
}

async fn generate(pool: &SqlitePool, visits: i64) -> sqlx::Result<()> {
    // One transaction: one sync to disk for the whole file.
    let mut tx = pool.begin().await?;
    let conn = &mut *tx;
    let now = Utc::now().timestamp();
    insert(
        conn,
        "INSERT INTO centres (id, name, municipality, address, phone, email)",
        (1..=CENTRES).map(|c| format!("({c}, 'Centre {c}', 'Kommune {c}', 'Vej {c}', '1', 'c{c}@x.test')")),
    )
    .await?;
    insert(
        conn,
        "INSERT INTO places (id, centre_id, name, kind, address)",
        (0..CENTRES * PLACES_PER_CENTRE)
            .map(|p| format!("({}, {}, 'Rum {p}', 'room', 'Vej')", p + 1, p / PLACES_PER_CENTRE + 1)),
    )
    .await?;
    insert(
        conn,
        "INSERT INTO place_opening_hours (place_id, weekday, opens, closes)",
        (0..CENTRES * PLACES_PER_CENTRE * 7).map(|i| format!("({}, {}, '08:00', '20:00')", i / 7 + 1, i % 7 + 1)),
    )
    .await?;
    let staff = CENTRES * STAFF_PER_CENTRE;
    insert(
        conn,
        "INSERT INTO users (id, email, full_name, role, created_at)",
        (1..=staff).map(|u| format!("({u}, 'k{u}@x.test', 'Konsulent Nummer{u}', 'consultant', {now})")),
    )
    .await?;
    insert(
        conn,
        "INSERT INTO staff (user_id, centre_id, employment, title)",
        (1..=staff).map(|u| {
            let employment = if u % HOURLY_EVERY == 0 { "hourly" } else { "permanent" };
            format!("({u}, {}, '{employment}', 'Konsulent')", (u - 1) / STAFF_PER_CENTRE + 1)
        }),
    )
    .await?;
    let day0 = first_monday();
    insert(
        conn,
        "INSERT INTO staff_availability (user_id, starts_at, ends_at)",
        (1..=staff).filter(|u| u % HOURLY_EVERY == 0).flat_map(|u| {
            (0..WEEKS * 7).map(move |d| {
                let day = day0 + Days::new(d as u64);
                let at = |h, m| app::time::at_local(day, h, m).timestamp();
                format!("({u}, {}, {})", at(7, 30), at(20, 30))
            })
        }),
    )
    .await?;
    let families = CENTRES * FAMILIES_PER_CENTRE;
    insert(
        conn,
        "INSERT INTO families (id, centre_id, code)",
        (1..=families).map(|f| format!("({f}, {}, 'F-{f}')", (f - 1) / FAMILIES_PER_CENTRE + 1)),
    )
    .await?;
    // Every family one child, every third a second: child ids f and families + f.
    let children =
        (1..=families).map(|f| (f, f)).chain((1..=families).filter(|f| f % 3 == 0).map(|f| (families + f, f)));
    let children: Vec<(i64, i64)> = children.collect();
    insert(conn, "INSERT INTO children (id, family_id, first_name, last_name, birth_date, placement_kind, placement_name, placement_contact_name)",
        children.iter().map(|(c, f)| format!("({c}, {f}, 'Barn', 'Efternavn', '2016-01-01', 'foster_family', 'Plejefamilie', 'Kontakt')"))).await?;
    // One caseworker; every child a supervised case over the whole period (the booking check reads it).
    let caseworker = staff + 1;
    insert(
        conn,
        "INSERT INTO users (id, email, full_name, role, created_at)",
        std::iter::once(format!("({caseworker}, 'r@x.test', 'Rådgiver', 'caseworker', {now})")),
    )
    .await?;
    let supported = |f: i64| f % SUPPORTED_EVERY == 0;
    let visit_type = |f: i64| if supported(f) { "supported" } else { "supervised" };
    // Case ids equal child ids; a supported family's mother (person id = family id) holds custody
    // of each child and has consented since 2000.
    insert(conn, "INSERT INTO cases (id, child_id, caseworker_id, visit_type, decision_from, decision_to, frequency_weeks, visit_minutes, created_at)",
        children.iter().map(|(c, f)| format!("({c}, {c}, {caseworker}, '{}', '2000-01-01', '2099-12-31', 2, 120, {now})", visit_type(*f)))).await?;
    insert(
        conn,
        "INSERT INTO persons (id, family_id, first_name, last_name)",
        (1..=families).filter(|f| supported(*f)).map(|f| format!("({f}, {f}, 'Mor', 'Efternavn')")),
    )
    .await?;
    insert(
        conn,
        "INSERT INTO child_relations (child_id, person_id, relation, custody_holder)",
        children.iter().filter(|(_, f)| supported(*f)).map(|(c, f)| format!("({c}, {f}, 'mother', 1)")),
    )
    .await?;
    insert(
        conn,
        "INSERT INTO consents (case_id, person_id, given_on)",
        children.iter().filter(|(_, f)| supported(*f)).map(|(c, f)| format!("({c}, {f}, '2000-01-01')")),
    )
    .await?;

    // Visits spread evenly over centres, weeks and places; a place's week has 28 slots. Data the
    // app itself would accept: at any slot a centre's places get different consultants and
    // different families (checked below, after the insert).
    let start = app::time::start_of_day(first_monday()).timestamp();
    let cells = CENTRES * PLACES_PER_CENTRE * WEEKS;
    let per_place_week = ((visits + cells - 1) / cells).clamp(1, WEEK_SLOTS);
    let (mut appts, mut staffing, mut kids) = (Vec::new(), Vec::new(), Vec::new());
    let mut id = 0;
    'all: for week in 0..WEEKS {
        for place in 0..CENTRES * PLACES_PER_CENTRE {
            let (centre, local_place) = (place / PLACES_PER_CENTRE, place % PLACES_PER_CENTRE);
            for k in 0..per_place_week {
                id += 1;
                if id > visits {
                    break 'all;
                }
                // 5 is prime to 28: distinct slots for k = 0..28 in each place-week.
                let slot = (k * 5 + week + place) % WEEK_SLOTS;
                let (day, minute) = (slot / SLOTS.len() as i64, SLOTS[(slot % SLOTS.len() as i64) as usize]);
                let at = start + week * 7 * 86_400 + day * 86_400 + minute * 60;
                // Places at one slot differ, so these differ too (6 places < 40 consultants, 400 families).
                let turn = slot + WEEK_SLOTS * week;
                let family =
                    centre * FAMILIES_PER_CENTRE + (local_place + PLACES_PER_CENTRE * turn) % FAMILIES_PER_CENTRE + 1;
                let who = centre * STAFF_PER_CENTRE + (local_place + PLACES_PER_CENTRE * turn) % STAFF_PER_CENTRE + 1;
                let status = if at < now { "held" } else { "planned" };
                appts.push(format!(
                    "({id}, {}, {family}, 'visit', '{}', {}, {at}, {}, '{status}', 15, 15, {now}, {now})",
                    centre + 1,
                    visit_type(family),
                    place + 1,
                    at + 7200
                ));
                staffing.push(format!("({id}, {who})"));
                kids.push(format!("({id}, {family})"));
                if family % 3 == 0 {
                    kids.push(format!("({id}, {})", families + family));
                }
            }
        }
    }
    insert(conn, "INSERT INTO appointments (id, centre_id, family_id, kind, visit_type, place_id, starts_at, ends_at, status, buffer_before_min, buffer_after_min, created_at, updated_at)", appts.into_iter()).await?;
    insert(conn, "INSERT INTO appointment_staff (appointment_id, user_id)", staffing.into_iter()).await?;
    insert(conn, "INSERT INTO appointment_children (appointment_id, child_id)", kids.into_iter()).await?;
    tx.commit().await
}

/// Appointments whose time with buffers overlaps an earlier one of the same place, consultant or
/// child: what the booking rules refuse. Each resource's appointments in order of start, each
/// compared with the latest end before it.
async fn overlaps(pool: &SqlitePool) -> sqlx::Result<[i64; 5]> {
    let count = |rows: &str, key: &str| {
        format!(
            "SELECT COUNT(*) FROM (SELECT a.starts_at - a.buffer_before_min * 60 AS s, \
               MAX(a.ends_at + a.buffer_after_min * 60) OVER (PARTITION BY {key} ORDER BY a.starts_at \
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS busy_until \
             FROM {rows} WHERE a.status <> 'cancelled') WHERE s < busy_until"
        )
    };
    let mut out = [0; 5];
    let queries = [
        count("appointments a", "a.place_id"),
        count("appointments a JOIN appointment_staff x ON x.appointment_id = a.id", "x.user_id"),
        count("appointments a JOIN appointment_children x ON x.appointment_id = a.id", "x.child_id"),
    ];
    for (n, q) in out.iter_mut().zip(queries) {
        *n = sqlx::query_scalar(&q).fetch_one(pool).await?;
    }
    // An hourly consultant staffed outside what they said they are available for.
    out[3] = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointments a JOIN appointment_staff x ON x.appointment_id = a.id \
         JOIN staff s ON s.user_id = x.user_id WHERE s.employment = 'hourly' AND NOT EXISTS (SELECT 1 FROM \
         staff_availability v WHERE v.user_id = x.user_id AND v.starts_at <= a.starts_at AND v.ends_at >= a.ends_at)",
    )
    .fetch_one(pool)
    .await?;
    // Staff and child rows whose copy of the appointment's start (what the conflict check walks)
    // is not the appointment's start.
    out[4] = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM appointment_staff x JOIN appointments a ON a.id = x.appointment_id \
           WHERE x.appointment_starts_at <> a.starts_at) + (SELECT COUNT(*) FROM appointment_children x \
           JOIN appointments a ON a.id = x.appointment_id WHERE x.appointment_starts_at <> a.starts_at)",
    )
    .fetch_one(pool)
    .await?;
    Ok(out)
}

fn report(name: &str, mut times: Vec<Duration>) {
    if times.is_empty() {
        println!("{name}: n=0");
        return;
    }
    times.sort_unstable();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name}: n={} median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        times.len(),
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0))
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    if let Some(dir) = std::path::Path::new(&a.db).parent() {
        std::fs::create_dir_all(dir)?;
    }
    let reuse = a.reuse && std::path::Path::new(&a.db).exists();
    if !reuse {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", a.db));
        }
    }
    let pool = app::db::connect(&format!("sqlite://{}", a.db)).await?;
    app::db::migrate(&pool).await?;
    let t = Instant::now();
    if !reuse {
        generate(&pool, a.visits).await?;
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM appointments").fetch_one(&pool).await?;
    let built = t.elapsed();
    let [places, consultants, children, unavailable, stale] = overlaps(&pool).await?;
    if places + consultants + children + unavailable + stale > 0 {
        return Err(format!(
            "the generated data breaks the app's rules: double bookings {places} by place, {consultants} by consultant, \
             {children} by child; {unavailable} hourly consultants staffed when not available; {stale} staff or \
             child rows with another start than their appointment's"
        )
        .into());
    }
    let supported: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM appointments WHERE visit_type = 'supported'").fetch_one(&pool).await?;
    let hourly: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointment_staff x JOIN staff s ON s.user_id = x.user_id WHERE s.employment = 'hourly'",
    )
    .fetch_one(&pool)
    .await?;
    let size = std::fs::metadata(&a.db).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(format!("{}-wal", a.db)).map(|m| m.len()).unwrap_or(0);
    println!(
        "dataset: {count} visits over {WEEKS} weeks, {} places, {} consultants, {CENTRES} centres, {} families; built in {:.1} s, {} MB",
        CENTRES * PLACES_PER_CENTRE,
        CENTRES * STAFF_PER_CENTRE,
        CENTRES * FAMILIES_PER_CENTRE,
        built.as_secs_f64(),
        size / 1_000_000
    );
    println!("  no double booking of a place, a consultant or a child (checked with buffers)");
    println!(
        "  {supported} supported visits (custody holder's consent), {hourly} staffed by hourly consultants within their availability"
    );

    // The floor under every statement: one trip to the connection's thread and back, and the
    // write transaction's own two (a booking's check is about ten statements between them).
    let mut trips = Vec::with_capacity(a.runs);
    let mut transactions = Vec::with_capacity(a.runs);
    for _ in 0..a.runs {
        let t = Instant::now();
        let one: i64 = sqlx::query_scalar("SELECT 1").fetch_one(&pool).await?;
        trips.push(t.elapsed());
        std::hint::black_box(one);
        let t = Instant::now();
        pool.begin_with("BEGIN IMMEDIATE").await?.rollback().await?;
        transactions.push(t.elapsed());
    }
    report("one statement's trip through sqlx (SELECT 1)", trips);
    report("an empty write transaction (BEGIN IMMEDIATE, ROLLBACK)", transactions);
    // What every read of personal data adds: its audit row, durable before the answer.
    let mut logged = Vec::with_capacity(a.runs);
    for i in 0..a.runs as i64 {
        let entry = app::audit::Entry::new(Some(1), "read", "board", None)
            .families((0..80).map(|f| app::cases::FamilyId((i * 80 + f) % (CENTRES * FAMILIES_PER_CENTRE) + 1)));
        let t = Instant::now();
        app::audit::repo::insert(&pool, entry).await?;
        logged.push(t.elapsed());
    }
    report("one audit row of a week's 80 families, committed and synced to disk", logged);

    let mut rng = StdRng::seed_from_u64(11);
    let monday = |rng: &mut StdRng| first_monday() + Days::new(7 * rng.gen_range(0..WEEKS as u64));
    // Bookings and searches are for the future (the server refuses a time that has passed), in
    // the half of the data after this week, two weeks short of its end so offers find data.
    let ahead =
        |rng: &mut StdRng| first_monday() + Days::new(7 * rng.gen_range(WEEKS as u64 / 2 + 1..WEEKS as u64 - 2));
    let mut times = Vec::with_capacity(a.runs);
    for _ in 0..a.runs {
        let (centre, day) = (rng.gen_range(1..=CENTRES), monday(&mut rng));
        let (from, to) =
            (app::time::start_of_day(day).timestamp(), app::time::start_of_day(day + Days::new(7)).timestamp());
        let t = Instant::now();
        let data = repo::board::board(&pool, centre, from, to).await?;
        times.push(t.elapsed());
        std::hint::black_box(data.rows);
    }
    report("week view statement (one centre, Monday–Sunday: appointments, lanes, consultants)", times);

    // The first consultant of a centre (0-based), signed in with `role`.
    let staff = |centre: i64, role: Role| CurrentUser {
        id: UserId(centre * STAFF_PER_CENTRE + 1),
        full_name: String::new(),
        role,
        centre_name: String::new(),
        scope: Scope { centre_id: Some(centre + 1), ..Scope::default() },
    };
    let consultant = |centre: i64| staff(centre, Role::Consultant);
    let (mut built, mut served) = (Vec::with_capacity(a.runs), Vec::with_capacity(a.runs));
    for _ in 0..a.runs {
        let (user, day) = (consultant(rng.gen_range(0..CENTRES)), monday(&mut rng));
        let t = Instant::now();
        let b = board::service::build(&pool, &user, day, board::BoardView::Week).await?;
        built.push(t.elapsed());
        std::hint::black_box(b);
        let (user, day) = (consultant(rng.gen_range(0..CENTRES)), monday(&mut rng));
        let t = Instant::now();
        let b = board::service::board(&pool, &user, day, board::BoardView::Week).await?;
        served.push(t.elapsed());
        std::hint::black_box(b);
    }
    report("week board built (its statement, the lanes and the blocks; what it shows)", built);
    report("week board as served (built, and its read logged: one audit row, committed and synced)", served);

    let coordinator = |centre: i64| staff(centre, Role::Coordinator);
    let (mut accepted, mut refused, mut offers) = (Vec::new(), Vec::new(), 0usize);
    for _ in 0..a.runs {
        let centre = rng.gen_range(0..CENTRES);
        let place = centre * PLACES_PER_CENTRE + rng.gen_range(0..PLACES_PER_CENTRE) + 1;
        let who = centre * STAFF_PER_CENTRE + rng.gen_range(0..STAFF_PER_CENTRE) + 1;
        let family = centre * FAMILIES_PER_CENTRE + rng.gen_range(0..FAMILIES_PER_CENTRE) + 1;
        let date = ahead(&mut rng) + Days::new(rng.gen_range(0..7));
        let at = NaiveTime::from_hms_opt(rng.gen_range(8..18), 0, 0).unwrap_or_default();
        let input = BookingInput {
            family_id: app::cases::FamilyId(family),
            place_id: app::setup::PlaceId(place),
            staff_ids: vec![app::staff::StaffId(who)],
            kind: app::visits::Kind::Visit,
            date,
            at,
            minutes: 120,
            guidance_before_min: 0,
            guidance_after_min: 0,
            buffer_before_min: 15,
            buffer_after_min: 15,
            repeat: rules::Repeat::Once,
            until: date,
            skip: Vec::new(),
        };
        let occurrences = input.occurrences()?;
        let user = coordinator(centre);
        let t = Instant::now();
        // As the server runs a booking: the write lock, then everything `create` checks.
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        let outcome = service::prepare_and_check(&mut tx, &user, &input, &occurrences).await;
        tx.rollback().await?;
        let took = t.elapsed();
        match outcome {
            Ok(_) => accepted.push(took),
            Err(AppError::Conflict(why)) => {
                offers += usize::from(why.contains("Nærmeste ledige tider"));
                refused.push(took);
            }
            Err(e) => return Err(format!("a booking the data should allow failed: {e:?}").into()),
        }
    }
    let what = "a booking's whole check in its write transaction (service::prepare_and_check)";
    report(&format!("{what}, accepted"), accepted);
    let n = refused.len();
    report(&format!("{what}, refused with the nearest free times ({offers} of {n} with offers)"), refused);

    let mut times = Vec::with_capacity(a.runs / 4);
    for _ in 0..(a.runs / 4).max(1) {
        let centre = rng.gen_range(0..CENTRES);
        let input = find::FindInput {
            family_id: app::cases::FamilyId(centre * FAMILIES_PER_CENTRE + rng.gen_range(0..FAMILIES_PER_CENTRE) + 1),
            from: ahead(&mut rng),
            minutes: 120,
            weekdays: Vec::new(),
            earliest: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            latest: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
            staff_id: None,
            buffer_min: 15,
            guidance_before_min: 0,
            guidance_after_min: 0,
        };
        let t = Instant::now();
        let found = find::find(&pool, &coordinator(centre), &input).await?;
        times.push(t.elapsed());
        std::hint::black_box(found);
    }
    report("find a slot over two weeks (every place, any consultant; its audit row included)", times);
    Ok(())
}
