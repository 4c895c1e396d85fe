//! `Symbol.for` returns one symbol per key within an isolate, even while isolates on other
//! threads ask for the same new keys at the same moment (ECMAScript: the GlobalSymbolRegistry
//! holds one record per key). boa 0.22's registry could lose that race; crosstalk makes the
//! lookup atomic. Its own process: the registry is process-wide, so the keys are fresh.

mod common;

use std::sync::{Arc, Barrier};

use common::*;
use crosstalk_runtime::{Model, MsRange};

#[test]
fn symbol_for_is_one_symbol_per_key_under_concurrent_isolates() {
    const THREADS: usize = 4;
    let script = r#"export default { fetch() {
        const first = [];
        for (let i = 0; i < 3000; i++) first.push(Symbol.for('race-' + i));
        let lost = 0;
        for (let i = 0; i < 3000; i++) if (first[i] !== Symbol.for('race-' + i)) lost++;
        return new Response(String(lost));
    } };"#;
    let barrier = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|_| {
            let barrier = barrier.clone();
            std::thread::Builder::new()
                .stack_size(16 * 1024 * 1024)
                .spawn(move || {
                    let model =
                        Model::module("worker.mjs", script).with_requests("https://w.example/", MsRange::fixed(0), 1);
                    barrier.wait();
                    run_first(&model).requests[0].body.clone()
                })
                .expect("a thread")
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().expect("no panic").as_deref(), Some("0"), "symbols lost to a race");
    }
}
