#!/usr/bin/env python3
"""Run a lesson example under a chosen multiprocessing start method.

Usage: start_method.py METHOD SCRIPT [ARGS...]
  METHOD  fork, forkserver or spawn

The example runs as the main module, exactly as `python3 SCRIPT ARGS` would
run it, except that multiprocessing.set_start_method(METHOD) was called
first. Children started by spawn or forkserver import SCRIPT again, as they
would import a script started directly, so a missing __main__ guard or an
object that cannot be pickled fails here as it would for a learner.
"""
import multiprocessing
import os
import runpy
import sys


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in multiprocessing.get_all_start_methods():
        sys.exit("usage: start_method.py fork|forkserver|spawn SCRIPT [ARGS...]")
    method, script = sys.argv[1], sys.argv[2]
    multiprocessing.set_start_method(method)
    sys.argv = sys.argv[2:]
    # As for `python3 SCRIPT`: the script's folder comes first on the path.
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
