#!/usr/bin/env bash
# Replays one fuzz input and prints where it failed: the first stack frame that is not the
# sanitizer's or libFuzzer's own (an interceptor such as memcpy or malloc) nor the C library's
# (glibc's own memcpy variants, printed with their sysdeps source path). scripts/fuzz uses it
# to tell a fault in patella's code from one inside a library it calls (libhdf5).
# Usage: first_frame.sh FUZZER INPUT
"$1" -rss_limit_mb=2048 -malloc_limit_mb=2048 "$2" 2>&1 |
  grep -E '^ +#[0-9]+ 0x[0-9a-f]+ in ' |
  grep -vE ' in (__asan|__interceptor|__sanitizer|__lsan|__ubsan|malloc|calloc|realloc|free|memcpy|memmove|memset|operator new|operator delete|fuzzer::|LLVMFuzzerTestOneInput|std::terminate|__cxa|__gnu_cxx::__verbose|abort|raise|__GI_|gsignal)' |
  grep -vE ' in __mem[a-z_]*| in __str[a-z_]*' | grep -vE 'libclang_rt|compiler-rt|libc\.so|libstdc\+\+|sysdeps/' | head -1
