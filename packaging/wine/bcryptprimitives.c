/* Wine-only (Wine 8 lacks this Windows 10 DLL): compiled by packaging/wine_check.sh into the Wine prefix's
   C:\windows\system32, never into the app bundle; Windows 10/11 has the real DLL. */
/* bcryptprimitives.dll stand-in: ProcessPrng (Rust std's RNG) via BCryptGenRandom. */
#include <windows.h>
#include <bcrypt.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += n; len -= n;
    }
    return TRUE;
}
