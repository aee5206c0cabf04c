//! The channels' server functions. Each works out who is asking first: a signed-in user (staff or
//! a parent) or a device confirmed for a link; then the service checks the channel is theirs.

use leptos::prelude::*;

use super::{ChannelId, ChannelSummary, LinkId, LinkState, MessageId, Thread};
use crate::cases::{ChildId, PersonId};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use super::{device, links, service, service::Viewer};

#[cfg(feature = "ssr")]
use crate::{
    auth::guard,
    context::{client_address, redirect_form_post, respond, state},
    i18n::from_request,
};

#[cfg(feature = "ssr")]
const DEVICE_COOKIE: &str = "samvaer_enhed";

#[cfg(feature = "ssr")]
fn device_cookie() -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    parts.headers.get_all(axum::http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|v| {
        v.split(';').map(str::trim).find_map(|c| c.strip_prefix(&format!("{DEVICE_COOKIE}=")).map(str::to_string))
    })
}

/// Sets the device cookie (or, with `max_age` 0, deletes it).
#[cfg(feature = "ssr")]
fn set_device_cookie(value: &str, max_age: i64, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{DEVICE_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}");
    if let (Some(opts), Ok(value)) =
        (use_context::<leptos_axum::ResponseOptions>(), axum::http::HeaderValue::from_str(&cookie))
    {
        opts.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// Forgets the device this request came from, if it holds a link's device cookie: the row is
/// deleted and the cookie cleared. Signing out does this too.
#[cfg(feature = "ssr")]
pub async fn forget_this_device() -> Result<(), AppError> {
    let st = state()?;
    if let Some(cookie) = device_cookie() {
        device::forget(&st.pool, &cookie).await?;
        set_device_cookie("", 0, st.settings.secure_cookies());
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) async fn viewer() -> Result<Viewer, AppError> {
    let st = state()?;
    if let Some(user) = guard::current_user().await? {
        return service::viewer_for(&st.pool, user).await;
    }
    if let Some(cookie) = device_cookie()
        && let Some(link) = device::device(&st.pool, &st.settings, &cookie).await?
    {
        return Ok(Viewer::Link { link });
    }
    Err(AppError::Unauthorized)
}

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::auth::CurrentUser, Viewer), AppError> {
    let v = viewer().await?;
    match &v {
        Viewer::Staff { user, .. } => Ok((user.clone(), v.clone())),
        _ => Err(AppError::Forbidden),
    }
}

/// Unknown links and wrong codes from one address are limited like failed sign-ins: refused
/// when the address is over the limit.
#[cfg(feature = "ssr")]
async fn limited() -> Result<(), AppError> {
    let st = state()?;
    // Counted beside failed sign-ins, per address, under a key of their own.
    let (key, now) = (format!("link:{}", client_address()), chrono::Utc::now().timestamp());
    let since = now - st.settings.sign_in_window_secs;
    if crate::auth::repo::count_failures(&st.pool, "address", &key, since).await? >= st.settings.sign_in_max_per_address
    {
        return Err(AppError::TooManyAttempts(
            "For mange forsøg fra denne forbindelse. Vent 15 minutter, og prøv igen.".into(),
        ));
    }
    Ok(())
}

/// Counts one failed or limited attempt from this address (see `limited`).
#[cfg(feature = "ssr")]
async fn count_attempt() -> Result<(), AppError> {
    let pool = &state()?.pool;
    let (key, now) = (format!("link:{}", client_address()), chrono::Utc::now().timestamp());
    crate::auth::repo::insert_failure(pool, "address", &key, now).await?;
    Ok(())
}

/// The staff inbox: the centre's channels with unread counts.
#[server(prefix = "/api", endpoint = "channels/inbox")]
pub async fn channel_inbox() -> Result<Vec<ChannelSummary>, AppError> {
    respond(async move {
        let (_, v) = staff().await?;
        service::inbox(&state()?.pool, &v).await
    })
    .await
}

/// One thread (left out: the reader's own, for a parent or a link holder).
#[server(prefix = "/api", endpoint = "channels/thread")]
pub async fn channel_thread(#[server(default)] id: Option<ChannelId>) -> Result<Thread, AppError> {
    respond(async move {
        let v = viewer().await?;
        let st = state()?;
        let id = match (&v, id) {
            (_, Some(id)) => id,
            (Viewer::Parent { .. }, None) => service::own_channel_of(&st.pool, &v).await?,
            (Viewer::Link { link }, None) => link.channel_id,
            (Viewer::Staff { .. }, None) => return Err(AppError::NotFound),
        };
        service::thread(&st.pool, &st.settings, &v, id, from_request()).await
    })
    .await
}

/// Marks the other side's messages in a thread read (the thread page posts this once shown).
#[server(prefix = "/api", endpoint = "channels/mark_read")]
pub async fn mark_read(channel_id: ChannelId) -> Result<(), AppError> {
    respond(async move {
        let v = viewer().await?;
        service::mark_read(&state()?.pool, &v, channel_id).await
    })
    .await
}

/// "Log ud / glem denne enhed": this phone or computer stops reading the link's thread.
#[server(prefix = "/api", endpoint = "channels/forget_device")]
pub async fn forget_device() -> Result<(), AppError> {
    respond(async move {
        forget_this_device().await?;
        redirect_form_post("/kanal?glemt=1");
        Ok(())
    })
    .await
}

/// Writes in a thread, or corrects one's own message (`corrects`: its id). An outbox sends its
/// own `client_key`, so sending the same message again stores it once.
#[server(prefix = "/api", endpoint = "channels/post")]
pub async fn post_message(
    channel_id: ChannelId,
    text: String,
    #[server(default)] corrects: Option<MessageId>,
    #[server(default)] client_key: String,
) -> Result<MessageId, AppError> {
    respond(async move {
        let v = viewer().await?;
        let st = state()?;
        let key = (!client_key.is_empty()).then_some(client_key.as_str());
        let id = service::post(&st.pool, &st.settings, &v, channel_id, &text, corrects, key).await?;
        let back = match v {
            Viewer::Staff { .. } => format!("/beskeder/{channel_id}"),
            Viewer::Parent { .. } => "/mine-beskeder".into(),
            Viewer::Link { .. } => "/kanal".into(),
        };
        redirect_form_post(&format!("{back}#besked-{id}"));
        Ok(id)
    })
    .await
}

/// Staff make a link for a parent (`person_id`) or a named person, sent to them at once by e-mail
/// or SMS (`via`); the one-time code will go the other way when they have both.
#[server(prefix = "/api", endpoint = "channels/create_link")]
pub async fn create_link(
    channel_id: ChannelId,
    #[server(default)] person_id: Option<PersonId>,
    #[server(default)] name: String,
    #[server(default)] email: String,
    #[server(default)] phone: String,
    #[server(default)] via: String,
    #[server(default)] days: Option<i64>,
) -> Result<(), AppError> {
    respond(async move {
        let (user, v) = staff().await?;
        let st = state()?;
        let channel = service::readable(&st.pool, &v, channel_id).await?;
        let fields = links::LinkFields { person_id, name: &name, email: &email, phone: &phone, via: &via, days };
        links::create(&st.pool, &st.settings, &user, &channel, &fields).await?;
        redirect_form_post(&format!("/beskeder/{channel_id}?gemt=link"));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "channels/revoke_link")]
pub async fn revoke_link(channel_id: ChannelId, link_id: LinkId) -> Result<(), AppError> {
    respond(async move {
        let (user, v) = staff().await?;
        let pool = &state()?.pool;
        let channel = service::readable(pool, &v, channel_id).await?;
        links::revoke(pool, &user, &channel, link_id).await?;
        redirect_form_post(&format!("/beskeder/{channel_id}?gemt=lukket"));
        Ok(())
    })
    .await
}

/// A channel with an outside participant for the family of `channel_id` (its family channel).
#[server(prefix = "/api", endpoint = "channels/add_channel")]
pub async fn add_channel(
    channel_id: ChannelId,
    title: String,
    #[server(default)] child_id: Option<ChildId>,
) -> Result<ChannelId, AppError> {
    respond(async move {
        let (user, v) = staff().await?;
        let pool = &state()?.pool;
        let channel = service::readable(pool, &v, channel_id).await?;
        let id = links::add_participant_channel(pool, &user, &channel, &title, child_id).await?;
        redirect_form_post(&format!("/beskeder/{id}"));
        Ok(id)
    })
    .await
}

/// What `/k/<token>` shows. Anyone may ask; the token is the only authority.
#[server(prefix = "/api", endpoint = "channels/link")]
pub async fn open_link(token: String) -> Result<LinkState, AppError> {
    respond(async move {
        limited().await?;
        let st = state()?;
        let phone = crate::portal::repo::centre_phone(&st.pool).await?;
        let state =
            device::open(&st.pool, &st.settings, token.trim(), device_cookie().as_deref(), phone, from_request())
                .await?;
        if matches!(state, LinkState::Closed { .. }) {
            // Over the limit shows on the next try; this answer is the closed page.
            count_attempt().await?;
        }
        Ok(state)
    })
    .await
}

/// Sends a one-time code for the link.
#[server(prefix = "/api", endpoint = "channels/send_code")]
pub async fn send_code(token: String) -> Result<String, AppError> {
    respond(async move {
        limited().await?;
        // Each code sent counts, so a forwarded link cannot flood a phone or an inbox.
        count_attempt().await?;
        let st = state()?;
        let to = device::send_code(&st.pool, &st.settings, token.trim(), from_request()).await?;
        redirect_form_post(&format!("/k/{}?sendt=1", token.trim()));
        Ok(to)
    })
    .await
}

/// Checks the code; on success this device is confirmed (a cookie that lives like a session) and
/// a parent is signed in to their portal when the link and its code went to their account's own
/// e-mail and phone; a link to addresses staff typed opens only its thread.
#[server(prefix = "/api", endpoint = "channels/verify_code")]
pub async fn verify_code(token: String, code: String) -> Result<String, AppError> {
    respond(async move {
        limited().await?;
        let st = state()?;
        let confirmed = match device::verify(&st.pool, &st.settings, token.trim(), &code, from_request()).await {
            Ok(ok) => ok,
            Err(e) => {
                count_attempt().await?;
                return Err(e);
            }
        };
        set_device_cookie(&confirmed.cookie, confirmed.max_age, st.settings.secure_cookies());
        let link = &confirmed.link;
        let account = match link.user_id {
            Some(uid) => crate::auth::repo::find_by_id(&st.pool, uid).await?.filter(|r| r.active),
            None => None,
        };
        let signs_in = account.as_ref().is_some_and(|a| {
            super::access::link_signs_in(
                link.email.as_deref(),
                link.phone.as_deref(),
                Some(&a.email),
                a.phone.as_deref(),
            )
        });
        let to = match account.as_ref().filter(|_| signs_in).map(crate::auth::service::to_current) {
            Some(user) => {
                guard::begin_session(&user).await?;
                "/mine-beskeder"
            }
            None => "/kanal",
        };
        redirect_form_post(to);
        Ok(to.to_string())
    })
    .await
}

/// "Log ind uden adgangskode": a parent's address gets a sign-in link; any address gets the same
/// answer, on the same code path (the work is queued: `signin_queue`).
#[server(prefix = "/api", endpoint = "channels/request_sign_in")]
pub async fn request_sign_in(email: String) -> Result<(), AppError> {
    respond(async move {
        limited().await?;
        let email = crate::auth::rules::normalise_email(&email);
        if !crate::auth::rules::looks_like_email(&email) {
            return Err(AppError::invalid("email", "Skriv din e-mailadresse."));
        }
        let st = state()?;
        // The same few steps for every address: counted (so one address cannot mail-bomb a
        // parent), logged without the address, and queued; the lookup happens in the queue.
        count_attempt().await?;
        let entry = crate::audit::Entry::new(None, "ask", "sign_in_link", None);
        crate::audit::repo::insert(&st.pool, entry).await?;
        st.sign_in_queue.ask(email);
        redirect_form_post("/logind?link=sendt");
        Ok(())
    })
    .await
}
