//! The `crosstalk` binary: everything lives in the library (`crosstalk::main_supervised`,
//! which runs `crosstalk::main_with` in a supervised child process where it guards one).

fn main() {
    std::process::exit(crosstalk::main_supervised(std::env::args_os().collect()));
}
