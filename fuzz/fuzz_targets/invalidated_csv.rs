#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    berkut_lists::fuzz::invalidated_csv(data);
});
