"""A first exercise: check the Python and the CPUs this workshop will use."""
import multiprocessing
import os
import platform
import sys


def usable_cpus():
    # The CPUs this process may run on. sched_getaffinity exists on Linux
    # only; on macOS and Windows fall back to the machine's count.
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


print(f"Python {platform.python_version()} ({platform.python_implementation()})")
print(f"at {sys.executable}")
print(f"this machine has {os.cpu_count()} CPU(s);")
print(f"this process may use {usable_cpus()} of them")
print(f"new processes start with: {multiprocessing.get_start_method()}")
print("hello from corelab: the run key works")
