//! The `yearbrief` binary: parse the command line, run, exit.
//!
//! Its allocator is mimalloc rather than the system's: loading a large log
//! allocates millions of small texts on the parsing threads that the main
//! thread frees, a pattern glibc's allocator handles badly (a million
//! events took three times as long with it; see docs/performance.md).
//! mimalloc is built without transparent huge pages (`no_thp` in
//! Cargo.toml): with them a small build's peak memory doubled.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    yearbrief::main()
}
