"""Keep a worker's resident memory near what it really uses (glibc only; a no-op elsewhere).

Two things inflate it. Start-up embeds the corpus-side texts of matching and coaching in large
batches, and the freed activation buffers stay mapped; ``malloc_trim`` hands them back. And glibc
gives each thread that allocates its own arena, so the request thread pool slowly grows a dozen
heaps; capping the arenas keeps them shared. Measured with ``benchmarks/bench_service.py``.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_ARENA_MAX = -8  # from glibc's malloc.h
ARENAS = 2


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def limit_malloc_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas; call before the server starts its threads. True if applied."""
    libc = _libc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, arenas))


def release_free_memory() -> bool:
    """Return freed heap pages to the operating system. True if glibc released any."""
    libc = _libc()
    return bool(libc and libc.malloc_trim(0))
