"""Four threads each deposit 1 into a shared balance, 1,000 times.

A deposit reads the balance, lets the other threads run (time.sleep(0)
gives up the GIL, as a thread may at any moment) and writes the balance
back: deposits get lost. Protect the deposit with a threading.Lock so
that the program prints "lost 0".
"""
import threading
import time

THREADS = 4
DEPOSITS = 1000

balance = 0


def deposit(n):
    global balance
    for _ in range(n):
        current = balance
        time.sleep(0)  # the other threads run here
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
