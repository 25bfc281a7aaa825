"""Four threads each deposit 1 into a shared balance, 1,000 times.

The lock makes read, sleep and write one step that no other thread can
enter halfway: no deposit is lost.
"""
import threading
import time

THREADS = 4
DEPOSITS = 1000

balance = 0
lock = threading.Lock()


def deposit(n):
    global balance
    for _ in range(n):
        with lock:
            current = balance
            time.sleep(0)  # the other threads may run, but not in here
            balance = current + 1


def main():
    threads = [threading.Thread(target=deposit, args=(DEPOSITS,)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = THREADS * DEPOSITS
    print(f"balance {balance} of {expected}: lost {expected - balance}")


if __name__ == "__main__":
    main()
