//! Secure channels: staff and families write in private threads; what reaches an inbox or a phone
//! is only a link. One channel per person of a family (each parent or network person <-> centre,
//! so parents who come separately never read each other), and one per outside participant (a
//! placement's contact, a caseworker) where needed. Bodies are encrypted at rest (`crypto`);
//! a link is random, stored as a hash, expires, can be revoked, and binds a device only after a
//! one-time code sent on a second channel (`links`). Notices go out by e-mail (SMTP) or SMS
//! (`notify`) with a generic text.

pub mod api;
pub mod outbox;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod device;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod notify;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod send;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod signin_queue;

use serde::{Deserialize, Serialize};

crate::id_newtype!(
    /// A private thread between a person (or an outside participant) and the centre.
    ChannelId
);
crate::id_newtype!(
    /// A channel link given to a person without an account.
    LinkId
);
crate::id_newtype!(
    /// One message in a channel.
    MessageId
);

/// A channel in the staff inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelSummary {
    pub id: ChannelId,
    /// "F-01 · familien" or "F-03 · Plejefamilien Strand"
    pub title: String,
    /// Messages from the family's side nobody at the centre has read.
    pub unread: i64,
    /// "mandag 23. november kl. 14.02", or empty.
    pub last: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: MessageId,
    /// Written by the reader's side.
    pub mine: bool,
    pub author: String,
    pub when: String,
    /// Empty once deleted after the retention period.
    pub text: String,
    /// "Læst 14.02" for the writer's side, once the other side has read it.
    pub read: String,
    /// This version was corrected by a later message (shown struck through, kept).
    pub corrected: bool,
    /// This message corrects an earlier one.
    pub is_correction: bool,
    pub deleted: bool,
}

/// A link as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkView {
    pub id: LinkId,
    pub person: String,
    /// "m***e@demo.test · ** ** ** 78"
    pub to: String,
    /// "Gælder til mandag 7. december kl. 14.02", "Tilbagekaldt", "Udløbet", "Spærret".
    pub state: String,
    pub active: bool,
}

/// A notice's delivery as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub when: String,
    /// "Ny besked", "Link", "Kode"
    pub what: String,
    /// "e-mail til m***e@demo.test"
    pub to: String,
    /// "Sendt 14.02", "Venter (forsøg 2)", "Kunne ikke sendes"
    pub state: String,
    pub failed: bool,
}

/// A thread as its reader sees it; the link and notice lists are for staff only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub channel_id: ChannelId,
    pub title: String,
    pub messages: Vec<MessageView>,
    pub staff: bool,
    pub links: Vec<LinkView>,
    pub notices: Vec<NoticeView>,
    /// The person a new link on this thread is for: (person id, name, has an account).
    pub parents: Vec<(crate::cases::PersonId, String, bool)>,
    /// The family's other channels: its people's threads, the archive, participants (staff only).
    pub others: Vec<(ChannelId, String)>,
    /// How many days a new link lives unless staff choose otherwise (staff only).
    pub link_days: i64,
    /// The family's children, for a new channel with a child's placement (staff, on a family
    /// thread).
    pub children: Vec<(crate::cases::ChildId, String)>,
}

/// What opening a link found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkState {
    /// The device is confirmed: go to the thread (`to`).
    Open { to: String },
    /// A code is needed; `sent_to` is masked, empty before one is sent.
    NeedsCode { person: String, sent_to: String },
    /// The link cannot be used; in words, with what to do.
    Closed { why: String, phone: String },
}
