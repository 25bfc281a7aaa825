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
    print(f"after the thread : the list has {len(results)} item(s) -- the thread wrote our memory")

    results.clear()
    p = multiprocessing.Process(target=append_answer)
    p.start()
    p.join()
    print(f"after the process: the list has {len(results)} item(s) -- "
          "the child appended to its own copy")
    if not results:
        print("verdict: a process's changes stay in that process unless you send them back")


if __name__ == "__main__":
    main()
