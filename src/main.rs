//! The `pactum` binary: see `pactum --help`.

use clap::Parser;
use pactum::config::LogFormat;

fn main() -> std::process::ExitCode {
    // The logs start before the configuration is read, so their format is read on its
    // own; a bad value stops Pactum like any other variable does.
    let format = match LogFormat::from_env() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("pactum: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PACTUM_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn")),
        )
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init(),
        // The event's fields beside the message; `span` (the innermost open span) and
        // `spans` (all of them) carry the request id during a request.
        LogFormat::Json => logs
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(true)
            .init(),
    }
    let cli = pactum::cli::Cli::parse();
    match pactum::cli::run(cli) {
        Ok(status) => std::process::ExitCode::from(status),
        Err(message) => {
            eprintln!("pactum: {message}");
            std::process::ExitCode::from(2)
        }
    }
}
