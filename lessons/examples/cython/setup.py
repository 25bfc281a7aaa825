"""Build sums.pyx into an extension module, with OpenMP.

    cd examples/cython
    python3 setup.py build_ext --inplace
    python3 -c "import array, sums; print(sums.total(array.array('d', range(1000))))"

Needs Cython (pip install cython; Debian: apt install cython3), the Python
headers (Debian: python3-dev) and a C compiler that knows -fopenmp (gcc; for
clang, the libomp development package).
"""
from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:
    raise SystemExit("Cython is not installed: pip install cython "
                     "(Debian: apt install cython3)")

openmp = Extension("sums", ["sums.pyx"],
                   extra_compile_args=["-fopenmp"],   # compile the pragmas
                   extra_link_args=["-fopenmp"])      # link the OpenMP runtime
setup(name="sums", ext_modules=cythonize([openmp]))
