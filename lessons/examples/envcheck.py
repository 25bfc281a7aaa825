"""Which parallel libraries does this Python have, and how to get the rest.

Only looks (importlib finds a module without running it); installs nothing.
The library examples of the workshop run what they can with what is here.
"""
import importlib.metadata
import importlib.util
import shutil
import sys

LIBRARIES = [
    # module, distribution, what for, how to get it
    ("numpy", "numpy", "arrays; many operations release the GIL",
     ["pip install numpy", "Debian: apt install python3-numpy"]),
    ("numba", "numba", "compiles loops; prange, nogil=True",
     ["pip install numba", "Debian: apt install python3-numba"]),
    ("pymp", "pymp-pypi", "OpenMP-style loops on forked processes",
     ["pip install pymp-pypi  (`pip install pymp` is another package)",
      "needs numpy; unmaintained since 2022"]),
    ("mpi4py", "mpi4py", "MPI ranks across nodes",
     ["module load an MPI (ask your site), then pip install mpi4py",
      "Debian: apt install python3-mpi4py (brings Open MPI and mpirun)"]),
    ("Cython", "Cython", "compiled extensions; prange with OpenMP",
     ["pip install cython, and a C compiler with OpenMP",
      "Debian: apt install cython3 python3-dev gcc"]),
]
PROGRAMS = [
    ("mpirun", "starts MPI programs (mpirun -n 2 python3 ...)"),
    ("cc", "C compiler for Cython (gcc or clang, with -fopenmp)"),
]


def version_of(distribution):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""                     # found, but installed without metadata


def main():
    print(f"Python {sys.version.split()[0]} at {sys.executable}")
    missing = []
    for module, distribution, purpose, how in LIBRARIES:
        if importlib.util.find_spec(module) is not None:
            status = f"yes {version_of(distribution)}"
        else:
            status = "no"
            missing.append((module, how))
        print(f"  {module:7s} {status:12s} {purpose}")
    for program, purpose in PROGRAMS:
        status = "yes" if shutil.which(program) else "no"
        print(f"  {program:7s} {status:12s} {purpose}")
    if missing:
        print("to get what is missing (on a cluster, look for the site's modules first):")
        for module, how in missing:
            print(f"  {module + ':':8s}{how[0]}")
            for line in how[1:]:
                print(f"          {line}")
    have = len(LIBRARIES) - len(missing)
    print(f"verdict: {have} of {len(LIBRARIES)} parallel libraries are installed here")


if __name__ == "__main__":
    main()
