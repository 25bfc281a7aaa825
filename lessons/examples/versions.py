"""What this Python offers for parallel work, version by version.

  3.12  fork() in a process that runs threads warns (DeprecationWarning,
        hidden unless warnings are on: python3 -W default)
  3.13  os.process_cpu_count(); PYTHON_CPU_COUNT overrides the counts;
        an experimental free-threaded build (python3.13t) and
        sys._is_gil_enabled(); PYTHON_GIL=0 turns the GIL off there
  3.14  forkserver is Linux's default start method; the free-threaded build
        is supported; concurrent.futures.InterpreterPoolExecutor; threads
        get their names at the OS level (see them in htop or ps)
"""
import concurrent.futures
import multiprocessing
import os
import sys
import sysconfig
import threading
import warnings


def nothing():
    pass


def fork_warns():
    """Does fork() beside a running thread warn here? None: no fork here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    release = threading.Event()
    waiter = threading.Thread(target=release.wait)
    waiter.start()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            child = multiprocessing.get_context("fork").Process(target=nothing)
            child.start()
            child.join()
    finally:
        release.set()
        waiter.join()
    return any(issubclass(w.category, DeprecationWarning) for w in caught)


def yes(flag):
    return "yes" if flag else "no"


def main():
    version = sys.version_info
    print(f"Python {sys.version.split()[0]}")
    free_threaded = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    print(f"  free-threaded build (3.13t, 3.14t): {yes(free_threaded)}")
    gil = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True
    print(f"  GIL enabled now:                    {yes(gil)}")
    print(f"  default start method:               {multiprocessing.get_start_method()}")
    if hasattr(os, "process_cpu_count"):
        print(f"  os.process_cpu_count() (3.13+):     {os.process_cpu_count()}")
    else:
        print("  os.process_cpu_count() (3.13+):     not in this version")
    warns = fork_warns()
    if warns is not None:
        print(f"  fork beside a thread warns (3.12+): {yes(warns)}")
    interp_pool = hasattr(concurrent.futures, "InterpreterPoolExecutor")
    print(f"  InterpreterPoolExecutor (3.14+):    {yes(interp_pool)}")
    for var in ("PYTHON_CPU_COUNT", "PYTHON_GIL"):
        if os.environ.get(var):
            print(f"  {var} is set: {os.environ[var]}")
    print(f"verdict: these are the features of Python {version.major}.{version.minor};")
    print("a feature marked no needs a newer version or another build")


if __name__ == "__main__":
    main()
