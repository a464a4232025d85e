"""Keep freed heap memory for reuse instead of handing it back to the OS after every step.

The update rules are pure: every step allocates fresh arrays for the parameters and the state
and frees the previous ones. With glibc's default, adaptive thresholds, each such round trip
of a few hundred kilobytes shrinks the heap and grows it again, and the pages of the new
arrays are faulted in afresh on every step: on 10⁴ starts of a 2D surface this dominated the
cost of Adam's update by a factor of four. ``run`` therefore asks glibc, once per process, to
keep up to 128 MiB of freed memory (``M_TRIM_THRESHOLD``) and to serve blocks up to 32 MiB from
the heap (``M_MMAP_THRESHOLD``; setting one threshold turns off the adaptation of the other).
Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_done = False


def keep_freed_memory() -> bool:
    """Raise glibc's trim and mmap thresholds once; ``True`` if they are (now) raised."""
    global _done
    if _done or not sys.platform.startswith("linux"):
        return _done
    _done = True
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    mallopt(_M_MMAP_THRESHOLD, 32 * 2**20)
    mallopt(_M_TRIM_THRESHOLD, 128 * 2**20)
    return True
