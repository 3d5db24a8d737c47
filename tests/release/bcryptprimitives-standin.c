/* TEST-ONLY stand-in for Windows' bcryptprimitives.dll, for running Windows builds under wine 8
 * (which lacks it; Rust's std imports ProcessPrng from it). Never shipped: real Windows has
 * the DLL. Built by tests/release/wine-run.sh with mingw into a private wine prefix. */
#include <windows.h>

/* advapi32's RtlGenRandom, exported as SystemFunction036. */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
