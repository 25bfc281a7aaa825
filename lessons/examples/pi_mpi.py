"""Monte Carlo pi with MPI: the same program runs as N ranks.

Run it with 2 ranks:   mpirun -n 2 python3 examples/pi_mpi.py
In a Slurm job:        srun python3 examples/pi_mpi.py  (with --ntasks=N)
Started alone (python3 examples/pi_mpi.py) it runs as a single rank.
Every rank throws its share of the points with its own seed; reduce() adds
the counts up on rank 0, which alone prints. Without mpi4py this prints how
to get it.
"""
import random
import sys
import time

try:
    from mpi4py import MPI
except ImportError:
    MPI = None

SAMPLES = 4_000_000        # in all, shared among the ranks


def throw(n, seed):
    rng = random.Random(seed)
    inside = 0
    for _ in range(n):
        x, y = rng.random(), rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return inside


def main():
    if MPI is None:
        print("mpi4py is not installed for this Python.")
        print("  on a cluster: module load an MPI, then pip install mpi4py")
        print("  Debian: apt install python3-mpi4py (brings Open MPI and mpirun)")
        print("verdict: install mpi4py, then run mpirun -n 2 python3 examples/pi_mpi.py")
        return
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()
    per_rank = SAMPLES // size
    start = time.perf_counter()
    inside = throw(per_rank, seed=rank)                      # a seed per rank
    total = comm.reduce(inside, op=MPI.SUM, root=0)          # rank 0 gets the sum
    wall = comm.reduce(time.perf_counter() - start, op=MPI.MAX, root=0)
    if rank == 0:
        print(f"{size} rank(s), {per_rank:,} points each, {wall:.2f} s")
        print(f"pi ~ {4 * total / (per_rank * size):.4f}")
        if size == 1:
            print("verdict: one rank; now try mpirun -n 2 python3 examples/pi_mpi.py")
        else:
            print(f"verdict: {size} ranks shared the work, rank 0 added it up")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
