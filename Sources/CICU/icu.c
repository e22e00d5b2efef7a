// Glossa's shim over system ICU. The ICU headers are included here and nowhere else.
#include "CICU.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucol.h>
#include <unicode/ucnv.h>
#include <stdlib.h>
#include <unicode/uclean.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

static const UNormalizer2 *normalizer_for(int32_t form, UErrorCode *status) {
  // ICU caches these singletons itself; the getters are thread-safe.
  switch (form) {
  case GLOSSA_NFC: return unorm2_getNFCInstance(status);
  case GLOSSA_NFD: return unorm2_getNFDInstance(status);
  case GLOSSA_NFKC: return unorm2_getNFKCInstance(status);
  case GLOSSA_NFKC_CASEFOLD: return unorm2_getNFKCCasefoldInstance(status);
  default: *status = U_ILLEGAL_ARGUMENT_ERROR; return NULL;
  }
}

static int32_t failure(UErrorCode status) {
  return status > 0 ? -(int32_t)status : -1;
}

int32_t glossa_normalize(int32_t form, const uint16_t *src, int32_t len, uint16_t *dst,
                         int32_t cap) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2 *n = normalizer_for(form, &status);
  if (U_FAILURE(status)) return failure(status);
  int32_t out = unorm2_normalize(n, (const UChar *)src, len, (UChar *)dst, cap, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return out;
  if (U_FAILURE(status)) return failure(status);
  return out;
}

int32_t glossa_has_boundary_before(int32_t form, uint32_t c) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2 *n = normalizer_for(form, &status);
  if (U_FAILURE(status)) return failure(status);
  return unorm2_hasBoundaryBefore(n, (UChar32)c) ? 1 : 0;
}

int32_t glossa_fold_case(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t out = u_strFoldCase((UChar *)dst, cap, (const UChar *)src, len, U_FOLD_CASE_DEFAULT,
                              &status);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return out;
  if (U_FAILURE(status)) return failure(status);
  return out;
}

uint32_t glossa_char_flags(uint32_t cp) {
  UChar32 c = (UChar32)cp;
  uint32_t flags = 0;
  int8_t type = u_charType(c);
  uint32_t mask = U_MASK(type);
  if (u_isUWhiteSpace(c)) flags |= GLOSSA_CHAR_WHITESPACE;
  if (mask & U_GC_M_MASK) flags |= GLOSSA_CHAR_MARK;
  if (type == U_NON_SPACING_MARK) flags |= GLOSSA_CHAR_NONSPACING_MARK;
  if (type == U_CONTROL_CHAR) flags |= GLOSSA_CHAR_CONTROL;
  UBool alphabetic = u_hasBinaryProperty(c, UCHAR_ALPHABETIC);
  if (alphabetic) flags |= GLOSSA_CHAR_ALPHABETIC;
  if (alphabetic || (mask & (U_GC_N_MASK | U_GC_M_MASK))) flags |= GLOSSA_CHAR_WORD;
  if (u_hasBinaryProperty(c, UCHAR_UPPERCASE)) flags |= GLOSSA_CHAR_UPPERCASE;
  if (u_hasBinaryProperty(c, UCHAR_LOWERCASE)) flags |= GLOSSA_CHAR_LOWERCASE;
  if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) flags |= GLOSSA_CHAR_IGNORABLE;
  int32_t dt = u_getIntPropertyValue(c, UCHAR_DECOMPOSITION_TYPE);
  if (dt == U_DT_WIDE || dt == U_DT_NARROW) flags |= GLOSSA_CHAR_WIDTH_VARIANT;
  int32_t ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  if (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) flags |= GLOSSA_CHAR_WIDE;
  if (c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x85 || c == 0x2028 ||
      c == 0x2029)
    flags |= GLOSSA_CHAR_LINE_BREAK;
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  if (U_SUCCESS(status)) {
    if (script == USCRIPT_HAN) flags |= GLOSSA_CHAR_HAN;
    if (script == USCRIPT_LATIN) flags |= GLOSSA_CHAR_LATIN;
    if (alphabetic && script > USCRIPT_INHERITED && uscript_breaksBetweenLetters(script))
      flags |= GLOSSA_CHAR_NO_SPACE_SCRIPT;
  }
  return flags;
}

void *glossa_transliterator_open(const uint16_t *id, int32_t len, int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  UTransliterator *t = utrans_openU((const UChar *)id, len, UTRANS_FORWARD, NULL, 0, NULL, &error);
  if (U_FAILURE(error)) {
    *status = (int32_t)error;
    if (t) utrans_close(t);
    return NULL;
  }
  *status = 0;
  return t;
}

int32_t glossa_transliterate(void *transliterator, uint16_t *buf, int32_t len, int32_t cap) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t textLength = len;
  int32_t limit = len;
  utrans_transUChars((UTransliterator *)transliterator, (UChar *)buf, &textLength, cap, 0, &limit,
                     &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) return textLength > cap ? textLength : cap + 1;
  if (U_FAILURE(status)) return failure(status);
  return textLength;
}

void glossa_transliterator_close(void *transliterator) {
  if (transliterator) utrans_close((UTransliterator *)transliterator);
}

void *glossa_collator_open(const char *locale, int32_t *status) {
  UErrorCode error = U_ZERO_ERROR;
  UCollator *collator = ucol_open(locale, &error);
  if (U_FAILURE(error)) {
    *status = (int32_t)error;
    if (collator) ucol_close(collator);
    return NULL;
  }
  *status = 0;
  return collator;
}

int32_t glossa_collator_sort_key(void *collator, const uint16_t *src, int32_t len, uint8_t *dst,
                                 int32_t cap) {
  return ucol_getSortKey((const UCollator *)collator, (const UChar *)src, len, dst, cap);
}

void glossa_collator_close(void *collator) {
  if (collator) ucol_close((UCollator *)collator);
}

void glossa_icu_version(char *buf, int32_t cap) {
  UVersionInfo info;
  char text[U_MAX_VERSION_STRING_LENGTH];
  u_getVersion(info);
  u_versionToString(info, text);
  if (cap <= 0) return;
  strncpy(buf, text, (size_t)cap - 1);
  buf[cap - 1] = 0;
}

int32_t glossa_convert_to_utf8(const char *charset, const uint8_t *src, int32_t len, uint8_t *dst,
                               int32_t cap, int32_t *bad_offset) {
  UErrorCode status = U_ZERO_ERROR;
  *bad_offset = -1;
  UConverter *converter = ucnv_open(charset, &status);
  if (U_FAILURE(status)) return failure(status);
  ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
  // Every byte of a legacy charset gives at most two UTF-16 units.
  int32_t capacity = len * 2 + 16;
  UChar *units = malloc(sizeof(UChar) * (size_t)capacity);
  if (units == NULL) {
    ucnv_close(converter);
    return failure(U_MEMORY_ALLOCATION_ERROR);
  }
  UChar *target = units;
  const char *source = (const char *)src;
  ucnv_toUnicode(converter, &target, units + capacity, &source, (const char *)src + len, NULL,
                 1, &status);
  if (U_FAILURE(status)) {
    char invalid[32];
    int8_t invalid_length = sizeof(invalid);
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter, invalid, &invalid_length, &ignored);
    *bad_offset = (int32_t)(source - (const char *)src) - (U_SUCCESS(ignored) ? invalid_length : 0);
    free(units);
    ucnv_close(converter);
    return failure(status);
  }
  ucnv_close(converter);
  int32_t length = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8((char *)dst, cap, &length, units, (int32_t)(target - units), &status);
  free(units);
  if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING) return length;
  if (U_FAILURE(status)) return failure(status);
  return length;
}
