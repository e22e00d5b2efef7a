#include <stdio.h>
#include "CMalloc.h"

#include <stdlib.h>  // defines __GLIBC__ with glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int glossa_map_allocations_from(int bytes) {
#if defined(__GLIBC__)
  return mallopt(M_MMAP_THRESHOLD, bytes);
#else
  (void)bytes;
  return 0;
#endif
}

int glossa_flush_standard_output(void) {
  if (fflush(stdout) != 0 || ferror(stdout)) return -1;
  return 0;
}

#include <sqlite3.h>

int glossa_sqlite_without_statistics(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}
