"""A first exercise: check the Python and the CPUs this workshop will use."""
import os
import platform
import sys

print(f"Python {platform.python_version()} ({platform.python_implementation()})")
print(f"at {sys.executable}")
print(f"this machine has {os.cpu_count()} CPU(s);")
print(f"this process may use {len(os.sched_getaffinity(0))} of them")
print("hello from corelab: the run key works")
