#ifndef GLOSSA_CICU_H
#define GLOSSA_CICU_H

// The public face of Glossa's ICU shim. Only <stdint.h> is included here: ICU's own headers
// stay in the .c files, so that Swift never imports them next to Foundation's _FoundationICU.
// Every function returns a negative ICU error code (UErrorCode) on failure, never aborts.

#include <stdint.h>

/// Normalization forms understood by glossa_normalize.
enum {
  GLOSSA_NFC = 0,
  GLOSSA_NFD = 1,
  GLOSSA_NFKC = 2,
  GLOSSA_NFKC_CASEFOLD = 3,
};

/// Writes the normalization `form` of `src` (UTF-16) to `dst`; returns the length written
/// (or needed, when it exceeds `cap`), or a negative ICU error code.
int32_t glossa_normalize(int32_t form, const uint16_t *src, int32_t len, uint16_t *dst,
                         int32_t cap);

/// Returns 1 when `c` starts a new normalization segment for `form`, 0 when it may combine
/// with what precedes it, a negative ICU error code when the normalizer cannot be loaded.
int32_t glossa_has_boundary_before(int32_t form, uint32_t c);

/// Full Unicode case folding (default mappings) of `src` into `dst`; returns the length.
int32_t glossa_fold_case(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap);

/// Character classes, as bits of the value glossa_char_flags returns.
enum {
  GLOSSA_CHAR_WHITESPACE = 1 << 0,
  GLOSSA_CHAR_WORD = 1 << 1,          // alphabetic, numeric or a combining mark
  GLOSSA_CHAR_MARK = 1 << 2,          // general category M*
  GLOSSA_CHAR_NO_SPACE_SCRIPT = 1 << 3,  // a script written without spaces (Han, Thai, ...)
  GLOSSA_CHAR_HAN = 1 << 4,
  GLOSSA_CHAR_LATIN = 1 << 5,
  GLOSSA_CHAR_WIDTH_VARIANT = 1 << 6,  // decomposition type <wide> or <narrow>
  GLOSSA_CHAR_UPPERCASE = 1 << 7,
  GLOSSA_CHAR_LOWERCASE = 1 << 8,
  GLOSSA_CHAR_LINE_BREAK = 1 << 9,     // LF, CR, VT, FF, NEL, LS, PS
  GLOSSA_CHAR_WIDE = 1 << 10,          // East Asian width W or F: two terminal columns
  GLOSSA_CHAR_IGNORABLE = 1 << 11,     // Default_Ignorable_Code_Point
  GLOSSA_CHAR_NONSPACING_MARK = 1 << 12,
  GLOSSA_CHAR_CONTROL = 1 << 13,       // general category Cc
  GLOSSA_CHAR_ALPHABETIC = 1 << 14,
};

/// The GLOSSA_CHAR_* classes of the code point `c`.
uint32_t glossa_char_flags(uint32_t c);

/// Opens an ICU transliterator by its ID (UTF-16), e.g. "Hant-Hans" or "Han-Latin".
/// Returns NULL and stores the ICU error in `*status` when it cannot.
void *glossa_transliterator_open(const uint16_t *id, int32_t len, int32_t *status);

/// Transliterates `buf[0..<len]` in place; returns the new length (or the capacity needed,
/// when it exceeds `cap`), or a negative ICU error code.
int32_t glossa_transliterate(void *transliterator, uint16_t *buf, int32_t len, int32_t cap);

/// Closes a transliterator opened by glossa_transliterator_open.
void glossa_transliterator_close(void *transliterator);

/// Opens a collator for `locale` ("" for the root collation); NULL with the ICU error in
/// `*status` when it cannot.
void *glossa_collator_open(const char *locale, int32_t *status);

/// Writes the sort key of `src` (UTF-16) to `dst`; returns its length (or the capacity needed,
/// when it exceeds `cap`). Sort keys compare with memcmp in collation order.
int32_t glossa_collator_sort_key(void *collator, const uint16_t *src, int32_t len, uint8_t *dst,
                                 int32_t cap);

/// Closes a collator opened by glossa_collator_open.
void glossa_collator_close(void *collator);

/// Writes ICU's version ("72.1") into `buf`, NUL-terminated.
void glossa_icu_version(char *buf, int32_t cap);

/// Converts `src` from the legacy character set `charset` (an IANA or ICU name such as
/// "windows-1252" or "GBK") to UTF-8 in `dst`, stopping at the first byte sequence the charset
/// does not define. Returns the UTF-8 length (or the capacity needed, when it exceeds `cap`), or
/// a negative ICU error code; on an invalid sequence, `*bad_offset` is its offset in `src`.
int32_t glossa_convert_to_utf8(const char *charset, const uint8_t *src, int32_t len, uint8_t *dst,
                               int32_t cap, int32_t *bad_offset);

#endif
