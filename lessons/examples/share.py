"""Threads share their process's memory; a child process works on a copy.

The same function appends to a list, once in a thread and once in a child
process. Afterwards the parent looks at its own list.
"""
import multiprocessing
import threading

results = []


def append_answer():
    results.append(42)


def main():
    t = threading.Thread(target=append_answer)
    t.start()
    t.join()
    print(f"after the thread : {len(results)} item(s) in our list")

    results.clear()
    p = multiprocessing.Process(target=append_answer)
    p.start()
    p.join()
    print(f"after the process: {len(results)} item(s) in our list")
    if not results:
        print("verdict: the child changed only its own copy")


if __name__ == "__main__":
    main()
