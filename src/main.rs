// The wasm heap: talc instead of Rust's default dlmalloc, several KB smaller
// (docs/bundle-size.md). The page is single-threaded, as talc's dynamic allocator requires.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    marginalia::app::start();
}
