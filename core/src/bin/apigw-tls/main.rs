//! The `apigw-tls` binary: the command line is in the library (`apigw_tls::cli`, feature `cli`),
//! so the Python and Node packages run exactly the same program.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(apigw_tls::cli::run(std::env::args_os()).code())
}
