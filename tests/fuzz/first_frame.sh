#!/usr/bin/env bash
# Replays one fuzz input and prints where it failed: the first stack frame that is not the
# sanitizer's or libFuzzer's own (an interceptor such as memcpy or malloc) nor the C library's
# (glibc's own memcpy variants, printed with their sysdeps source path). A frame the symbolizer
# could not name is printed as its module and offset ("(/lib/.../libhdf5_serial.so.103+0x1233e4)")
# and counts too. scripts/fuzz and run_fuzzer.sh use it to tell a fault in patella's code from one
# inside a library it calls (libhdf5).
# When the input alone does not fail again (an out-of-memory that took the run's accumulated
# heap, whose report lists the live allocations' stacks), the frames come from LOG, the report
# of the run that found it.
# Usage: first_frame.sh FUZZER INPUT [LOG]
frames() {
  grep -E '^ +#[0-9]+ 0x[0-9a-f]+ +(in |\()' |
    grep -vE ' in (__asan|__interceptor|__sanitizer|__lsan|__ubsan|malloc|calloc|realloc|free|memcpy|memmove|memset|operator new|operator delete|fuzzer::|LLVMFuzzerTestOneInput|std::terminate|__cxa|__gnu_cxx::__verbose|abort|raise|__GI_|gsignal)' |
    grep -vE ' in __mem[a-z_]*| in __str[a-z_]*' | grep -vE 'libclang_rt|compiler-rt|libc\.so|libstdc\+\+|sysdeps/' | head -1
}
frame=$("$1" -rss_limit_mb=2048 -malloc_limit_mb=2048 "$2" 2>&1 | frames)
if [ -z "$frame" ] && [ -n "${3:-}" ] && [ -f "$3" ]; then
  frame=$(frames < "$3")
fi
echo "$frame"
