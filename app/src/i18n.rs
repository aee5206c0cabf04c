//! Danish first, English second. Texts sit where they are used, as a pair: `lang.t("Hej", "Hello")`.
//! The choice is a cookie, so it is remembered on the device and read by every server render.

use serde::{Deserialize, Serialize};

pub const COOKIE: &str = "samvaer_sprog";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    /// The Danish or the English text.
    pub fn t(self, da: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Da => da,
            Lang::En => en,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language from a `Cookie:` header value; Danish when absent or unknown.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == COOKIE)
            .and_then(|(_, v)| Lang::parse(v.trim()))
            .unwrap_or_default()
    }
}

/// A Danish name's genitive: "Sofie" → "Sofies", "Lucas" → "Lucas'" (names ending in s, x, z).
pub fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z', 'S', 'X', 'Z']) { format!("{name}'") } else { format!("{name}s") }
}

/// The language of the current render (provided by `App`), Danish outside one.
pub fn use_lang() -> Lang {
    leptos::prelude::use_context::<Lang>().unwrap_or_default()
}

/// The language the current request asked for (its cookie).
#[cfg(feature = "ssr")]
pub fn from_request() -> Lang {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok()).map(str::to_string))
        .map(|h| Lang::from_cookie_header(&h))
        .unwrap_or_default()
}

/// A path to return to after a form: only a local path (never `//host` or a full URL).
/// Visible ASCII only: a browser drops tabs and newlines, so "/\t/evil" would become "//evil".
pub fn safe_return_path(path: &str) -> &str {
    let visible = path.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'\\');
    let local = visible && path.starts_with('/') && !path.starts_with("//");
    if local { path } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_picks_the_language_and_danish_is_the_default() {
        assert_eq!(Lang::from_cookie_header("a=1; samvaer_sprog=en; b=2"), Lang::En);
        assert_eq!(Lang::from_cookie_header("samvaer_sprog=xx"), Lang::Da);
        assert_eq!(Lang::from_cookie_header(""), Lang::Da);
        assert_eq!(Lang::En.t("Hej", "Hello"), "Hello");
    }

    #[test]
    fn danish_genitives() {
        assert_eq!(genitive("Sofie"), "Sofies");
        assert_eq!(genitive("Lucas"), "Lucas'");
        assert_eq!(genitive("Max"), "Max'");
    }

    #[test]
    fn only_local_return_paths_are_followed() {
        assert_eq!(safe_return_path("/mine-samvaer/3"), "/mine-samvaer/3");
        assert_eq!(safe_return_path("//evil.example"), "/");
        assert_eq!(safe_return_path("https://evil.example"), "/");
        assert_eq!(safe_return_path("/\\evil"), "/");
        assert_eq!(safe_return_path("/\t/evil.example"), "/");
        assert_eq!(safe_return_path("/a\nb"), "/");
        assert_eq!(safe_return_path("/mine-samvaer?fane=tidligere"), "/mine-samvaer?fane=tidligere");
    }
}
