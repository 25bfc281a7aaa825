"""What a Pool can send to its workers: only what pickle can serialise.

A worker process receives the function and its arguments as pickled bytes.
Module-level functions travel by name; many other things cannot travel.
"""
import pickle
import threading


def top_level(x):
    return x + 1


def make_nested():
    def nested(x):
        return x + 1
    return nested


CANDIDATES = [
    ("module-level function", top_level),
    ("list of numbers", [1, 2, 3]),
    ("dict of strings", {"a": "b"}),
    ("lambda", lambda x: x + 1),
    ("nested function", make_nested()),
    ("threading.Lock", threading.Lock()),
    ("open file", open(__file__)),
]


def main():
    print("pickles?  what")
    for label, obj in CANDIDATES:
        try:
            pickle.dumps(obj)
            print(f"  yes     {label}")
        except Exception as err:   # PicklingError, TypeError, AttributeError
            print(f"  no      {label} ({type(err).__name__})")
    CANDIDATES[-1][1].close()
    print("verdict: send data, module-level functions;")
    print("lambdas, locks and open files stay home")


if __name__ == "__main__":
    main()
