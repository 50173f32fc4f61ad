//! The `pactum` binary: see `pactum --help`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PACTUM_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = pactum::cli::Cli::parse();
    match pactum::cli::run(cli) {
        Ok(status) => std::process::ExitCode::from(status),
        Err(message) => {
            eprintln!("pactum: {message}");
            std::process::ExitCode::from(2)
        }
    }
}
