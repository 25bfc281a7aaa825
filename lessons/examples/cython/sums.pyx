# cython: language_level=3
# A parallel sum with Cython's prange: an OpenMP parallel for in C.
# Build it with setup.py beside this file (see the comment at its top).
from cython.parallel import prange


def total(double[:] x):
    """The sum of x, shared among OpenMP threads (OMP_NUM_THREADS of them)."""
    cdef Py_ssize_t i
    cdef double s = 0
    # nogil=True: the loop runs without the GIL, so its body may use only
    # C-typed variables and memoryviews, no Python objects.
    for i in prange(x.shape[0], nogil=True, schedule="static"):
        s += x[i]                     # Cython turns this into a reduction
    return s
