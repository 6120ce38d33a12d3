//! The `yearbrief` binary: parse the command line, run, exit.

fn main() -> std::process::ExitCode {
    yearbrief::main()
}
