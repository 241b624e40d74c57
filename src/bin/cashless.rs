//! `cashless`: the command line, without Python. The Python console script runs the same
//! program ([`cashless::cli`]): the same arguments, help, output and errors.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = match std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect()
    {
        Ok(args) => args,
        Err(bad) => {
            eprintln!(
                "cashless: {}",
                cashless::say!(
                    format!("đối số không phải UTF-8: {bad:?}"),
                    format!("an argument is not UTF-8: {bad:?}"),
                )
            );
            return ExitCode::from(2);
        }
    };
    let status = cashless::cli::run(&args, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(status)
}
