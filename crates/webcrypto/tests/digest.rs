//! `crypto.subtle.digest` against the FIPS 180-2 examples (Appendix A.1 / B.1 / C.1 and
//! the SHA-384/512 one-block message "abc"; also listed in NIST's "Example Algorithms").

mod common;
use common::ok;

fn digest(algorithm: &str, input: &str) -> String {
    ok(&format!("return hex(await subtle.digest({algorithm}, {input}));"))
}

#[test]
fn sha_abc_matches_fips_180_examples() {
    assert_eq!(digest("'SHA-1'", "ascii('abc')"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    assert_eq!(digest("'SHA-256'", "ascii('abc')"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_eq!(
        digest("'SHA-384'", "ascii('abc')"),
        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
    );
    assert_eq!(
        digest("'SHA-512'", "ascii('abc')"),
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
    );
}

#[test]
fn digest_accepts_every_buffer_source_and_dictionary_names() {
    let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assert_eq!(digest("{name: 'sha-256'}", "ascii('abc').buffer"), expected);
    assert_eq!(digest("'Sha-256'", "new DataView(ascii('xabcx').buffer, 1, 3)"), expected);
    assert_eq!(digest("'SHA-256'", "ascii('xxabc').subarray(2)"), expected);
}

#[test]
fn digest_errors() {
    assert_eq!(common::error_name("await subtle.digest('MD5', ascii('abc'))"), "NotSupportedError");
    assert_eq!(common::error_name("await subtle.digest('SHA-256', 'abc')"), "TypeError");
    assert_eq!(common::error_name("await subtle.digest({}, ascii('abc'))"), "TypeError");
}
