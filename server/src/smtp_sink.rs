//! A local SMTP sink for tests and the demo: accepts every message over plain SMTP on one address
//! and keeps it (in memory, and as `<n>.eml` files in a folder if given), with a quoted-printable
//! body decoded so a person or a test can read the link in it. Never for production.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// What the sink has received, oldest first (each message's raw text).
pub type Inbox = Arc<Mutex<Vec<String>>>;

pub async fn run(listener: TcpListener, folder: Option<PathBuf>, inbox: Inbox) {
    loop {
        let Ok((socket, _)) = listener.accept().await else { continue };
        let (inbox, folder) = (inbox.clone(), folder.clone());
        tokio::spawn(async move {
            let (read, mut write) = socket.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 samvaer-sink ESMTP\r\n").await;
            let mut data: Option<String> = None;
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(body) = data.as_mut() {
                    if line == "." {
                        let message = readable(&data.take().unwrap_or_default());
                        let n = {
                            let mut all = inbox.lock().unwrap_or_else(|e| e.into_inner());
                            all.push(message.clone());
                            all.len()
                        };
                        if let Some(dir) = &folder {
                            let _ = std::fs::create_dir_all(dir);
                            let _ = std::fs::write(dir.join(format!("{n:04}.eml")), &message);
                        }
                        let _ = write.write_all(b"250 2.0.0 queued\r\n").await;
                    } else {
                        body.push_str(line.strip_prefix('.').unwrap_or(&line));
                        body.push('\n');
                    }
                    continue;
                }
                let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
                let reply: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250-samvaer-sink\r\n250 8BITMIME\r\n",
                    "DATA" => {
                        data = Some(String::new());
                        b"354 end with .\r\n"
                    }
                    "QUIT" => {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    }
                    _ => b"250 ok\r\n",
                };
                let _ = write.write_all(reply).await;
            }
        });
    }
}

/// The message with a quoted-printable body decoded (soft line breaks joined, `=XX` bytes read).
pub fn readable(message: &str) -> String {
    let Some((head, body)) = message.split_once("\n\n") else { return message.to_string() };
    if !head.to_ascii_lowercase().contains("content-transfer-encoding: quoted-printable") {
        return message.to_string();
    }
    let joined = body.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    format!("{head}\n\n{}", String::from_utf8_lossy(&out))
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_printable_bodies_are_decoded() {
        let raw = "To: a@b\nContent-Transfer-Encoding: quoted-printable\n\nsamv=C3=A6r =C3=85bn: http://x/k/ab=\ncd\n";
        assert_eq!(
            super::readable(raw),
            "To: a@b\nContent-Transfer-Encoding: quoted-printable\n\nsamvær Åbn: http://x/k/abcd\n"
        );
        assert_eq!(super::readable("To: a@b\n\nplain=41"), "To: a@b\n\nplain=41");
    }
}
