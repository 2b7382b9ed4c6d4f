// Marks code that runs once per config (parsing, compiling, regex construction) as cold, so that the
// wasm build optimizes it for size while evaluation stays optimized for speed. Only the functions
// written between the markers get the attribute: templates they instantiate (nlohmann, the standard
// library) keep their normal optimization, so the hot path never links a size-optimized copy of them.
#pragma once

#if defined(__clang__)
#define NK_COLD_CODE_BEGIN _Pragma("clang attribute push(__attribute__((minsize)), apply_to = function)")
#define NK_COLD_CODE_END _Pragma("clang attribute pop")
#else
#define NK_COLD_CODE_BEGIN
#define NK_COLD_CODE_END
#endif
