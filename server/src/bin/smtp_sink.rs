//! `smtp_sink [ADDR] [FOLDER]`: a local SMTP sink for the demo and the end-to-end tests. Every
//! message lands as FOLDER/NNNN.eml (default 127.0.0.1:2525 and data/mail).

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:2525".into());
    let folder = std::path::PathBuf::from(args.next().unwrap_or_else(|| "data/mail".into()));
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("SMTP sink on {addr}, mail in {}", folder.display());
    server::smtp_sink::run(listener, Some(folder), Default::default()).await;
    Ok(())
}
