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
    ("a module-level function", top_level),
    ("a list of numbers", [1, 2, 3]),
    ("a dict of strings", {"a": "b"}),
    ("a lambda", lambda x: x + 1),
    ("a function defined inside a function", make_nested()),
    ("a threading.Lock", threading.Lock()),
    ("an open file", open(__file__)),
]


def main():
    for label, obj in CANDIDATES:
        try:
            pickle.dumps(obj)
            print(f"  {label:40s} can be pickled")
        except Exception as err:   # PicklingError, TypeError, AttributeError
            print(f"  {label:40s} cannot be pickled ({type(err).__name__})")
    CANDIDATES[-1][1].close()
    print("verdict: send data and module-level functions to workers; "
          "lambdas, locks and open files stay home")


if __name__ == "__main__":
    main()
