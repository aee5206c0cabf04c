//! The channel pages: the staff inbox and threads, the family's thread (a parent's portal or a
//! link holder's /kanal), and the link page with its one-time code. Plain forms throughout.

mod link;
mod staff;
mod thread;

pub use link::LinkPage;
pub use staff::{InboxPage, StaffThreadPage};
pub use thread::{LinkThreadPage, MyThreadPage};
