/* Wine-only (Wine 8 has no system ICU): compiled by packaging/wine_check.sh into the Wine prefix's
   C:\windows\system32, never into the app bundle; Windows 10/11 has the real DLL. */
/* icuuc.dll stand-in: the 20 ucnv_* functions Qt6Core imports; every open fails. */
#include <stdint.h>
#include <stddef.h>
typedef int32_t UErrorCode;
#define FAIL(e) do { if ((e) && *(e) <= 0) *(e) = 16; /* U_UNSUPPORTED_ERROR */ } while (0)
#define EXP __declspec(dllexport)
EXP void *ucnv_open(const char *n, UErrorCode *e) { (void)n; FAIL(e); return NULL; }
EXP void ucnv_close(void *c) { (void)c; }
EXP void ucnv_reset(void *c) { (void)c; }
EXP int8_t ucnv_getMaxCharSize(const void *c) { (void)c; return 1; }
EXP const char *ucnv_getName(const void *c, UErrorCode *e) { (void)c; FAIL(e); return NULL; }
EXP void ucnv_getToUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
EXP void ucnv_getFromUCallBack(const void *c, void **a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
EXP void ucnv_setToUCallBack(void *c, void *a, const void *x, void **oa, const void **ox, UErrorCode *e) { (void)c; (void)a; (void)x; if (oa) *oa = NULL; if (ox) *ox = NULL; FAIL(e); }
EXP void ucnv_setFromUCallBack(void *c, void *a, const void *x, void **oa, const void **ox, UErrorCode *e) { (void)c; (void)a; (void)x; if (oa) *oa = NULL; if (ox) *ox = NULL; FAIL(e); }
EXP void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const void *c, int32_t d, int32_t f, int g, UErrorCode *e) { (void)a; (void)b; (void)c; (void)d; (void)f; (void)g; FAIL(e); }
EXP void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int32_t d, int g, UErrorCode *e) { (void)a; (void)b; (void)c; (void)d; (void)g; FAIL(e); }
EXP void ucnv_cbToUWriteUChars(void *a, const void *s, int32_t l, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)l; (void)o; FAIL(e); }
EXP void ucnv_cbFromUWriteUChars(void *a, const void **s, const void *l, int32_t o, UErrorCode *e) { (void)a; (void)s; (void)l; (void)o; FAIL(e); }
EXP void ucnv_toUnicode(void *c, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; FAIL(e); }
EXP void ucnv_fromUnicode(void *c, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; FAIL(e); }
EXP int32_t ucnv_toUCountPending(const void *c, UErrorCode *e) { (void)c; FAIL(e); return 0; }
EXP int32_t ucnv_fromUCountPending(const void *c, UErrorCode *e) { (void)c; FAIL(e); return 0; }
EXP const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { (void)n; (void)s; FAIL(e); return NULL; }
EXP const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXP int32_t ucnv_countAvailable(void) { return 0; }
