//! The `apigw-tls` binary: the command line is in this crate's library (`apigw_tls_cli::run`),
//! so the Python and Node packages run exactly the same program.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(apigw_tls_cli::run(std::env::args_os()).code())
}
