"""timeit: measure small pieces of code properly.

timeit runs a statement many times in a loop and reports the total, so that
the clock's resolution and the loop's own cost do not drown the result.
repeat() does that several times: the minimum is the least disturbed run.
The same from a shell:  python3 -m timeit -s "data = list(range(1000))" "sum(data)"
In Jupyter:             %timeit sum(data)

The last line asks a question for the Pool lessons: is a tiny task worth
sending to another process? Every task and result is pickled and unpickled.
"""
import pickle
import timeit

SETUP = "data = list(range(1000))"
REPEATS = 5
CANDIDATES = [
    ("for loop", "total = 0\nfor x in data:\n    total += x"),
    ("sum(data)", "sum(data)"),
    ("sum of squares", "sum(x * x for x in data)"),
    ("pickle round trip", "pickle.loads(pickle.dumps(data))"),
]


def best_per_call(stmt):
    timer = timeit.Timer(stmt, setup=SETUP, globals={"pickle": pickle})
    number, _ = timer.autorange()          # enough calls for at least 0.2 s
    number = max(1, number // 4)           # then a few shorter repeats
    times = timer.repeat(repeat=REPEATS, number=number)
    return min(times) / number, number


def main():
    print(f"best of {REPEATS} repeats, per call, on a list of 1000 ints")
    results = {}
    for label, stmt in CANDIDATES:
        seconds, number = best_per_call(stmt)
        results[label] = seconds
        print(f"  {label:18s} {seconds * 1e6:8.1f} us   ({number:,} calls per repeat)")
    ratio = results["for loop"] / results["sum(data)"]
    print(f"sum() is {ratio:.0f}x faster than the loop: it runs in C")
    trip = results["pickle round trip"] / results["sum of squares"]
    print(f"pickling and unpickling the list costs {trip:.0%} of summing its")
    print("squares: for tasks that small, a Pool's messages are a large overhead")
    print("verdict: measure before you parallelise")


if __name__ == "__main__":
    main()
