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

#if defined(__linux__)
#include <string.h>
#include <sys/mman.h>
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

/// Backs `[start, end)`'s whole huge pages with huge pages; returns the bytes it did.
static long collapse(unsigned long start, unsigned long end) {
  const unsigned long huge = 2UL << 20;
  unsigned long from = (start + huge - 1) & ~(huge - 1);
  unsigned long to = end & ~(huge - 1);
  if (to <= from) return 0;
  if (madvise((void *)from, to - from, MADV_HUGEPAGE) != 0) return 0;
  if (madvise((void *)from, to - from, MADV_COLLAPSE) != 0) return 0;
  return (long)(to - from);
}
#endif

long glossa_back_heap_with_huge_pages(long resident) {
#if defined(__linux__)
  FILE *smaps = fopen("/proc/self/smaps", "r");
  if (!smaps) return -1;
  char line[512];
  long done = 0;
  // The mapping whose fields are being read, when it is one to back.
  unsigned long start = 0, end = 0;
  int candidate = 0;
  while (fgets(line, sizeof line, smaps)) {
    unsigned long from, to;
    char perms[8];
    int path = 0;
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &from, &to, perms, &path) >= 3) {
      // A mapping's first line: the heap, or memory mapped without a file (large blocks),
      // private and writable.
      const char *name = line + path;
      int anonymous = path > 0 && (name[0] == '\n' || name[0] == '\0');
      int heap = path > 0 && strncmp(name, "[heap]", 6) == 0;
      candidate = perms[0] == 'r' && perms[1] == 'w' && perms[3] == 'p' && (anonymous || heap);
      start = from;
      end = to;
      continue;
    }
    long kilobytes;
    if (candidate && sscanf(line, "Rss: %ld kB", &kilobytes) == 1) {
      // Only mappings mostly in use: a huge page is resident whole.
      if (kilobytes * 1024 >= resident && (unsigned long)kilobytes * 1024 * 2 >= end - start)
        done += collapse(start, end);
      candidate = 0;
    }
  }
  fclose(smaps);
  return done;
#else
  (void)resident;
  return 0;
#endif
}
