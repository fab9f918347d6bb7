#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    berkut_documents::fuzz::kz_id(data);
});
