//! The `crosstalk` binary: everything lives in the library (`crosstalk::main_with`).

fn main() {
    std::process::exit(crosstalk::main_with(std::env::args_os()));
}
