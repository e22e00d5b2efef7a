#ifndef GLOSSA_CMALLOC_H
#define GLOSSA_CMALLOC_H

/// Makes the C library map every allocation of `bytes` or more on its own (and unmap it when
/// freed) instead of raising that threshold to the largest block freed, as glibc does by
/// default. Returns 1 when the library took the setting, 0 when it did not or has no such
/// setting (other C libraries).
int glossa_map_allocations_from(int bytes);

/// Flushes the C library's standard output (where Swift's `print` writes). Returns 0 when all
/// that was printed has been written, -1 when a write failed (a full disk; `errno` says why).
int glossa_flush_standard_output(void);

/// Turns off SQLite's memory statistics, which Glossa never reads: SQLite then takes no global
/// mutex at each of its allocations (2 % of an import's processor time in `perf`). Must run
/// before SQLite is first used; returns 1 when SQLite took the setting, 0 when it was too late.
int glossa_sqlite_without_statistics(void);

/// Asks the kernel to back the heap's large mappings with huge pages (2 MB each, one entry of
/// the processor's address cache instead of 512): each private writable mapping without a file,
/// or the heap, that holds at least `resident` bytes and is at least half resident, in its whole
/// huge pages (Linux's `MADV_HUGEPAGE` and `MADV_COLLAPSE`, since 6.1). Returns the bytes it
/// backed so, 0 where the system cannot, -1 when it cannot read the process's mappings.
long glossa_back_heap_with_huge_pages(long resident);

#endif
