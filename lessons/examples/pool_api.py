"""The Pool API beyond map: starmap, apply_async with a callback, imap and
imap_unordered.

  starmap          like map, for functions of several arguments
  apply_async      one call, returns at once; a callback gets the result
  imap             results one by one, in input order
  imap_unordered   results one by one, as soon as each is done
"""
import multiprocessing
import time


def power(base, exponent):
    return base ** exponent


def nap(seconds):
    time.sleep(seconds)                # stands for work of uneven length
    return seconds


def first_and_order(results, start):
    """The time until the first result came, and the order they came in."""
    order, first = [], None
    for r in results:
        if first is None:
            first = time.perf_counter() - start
        order.append(r)
    return first, order


def main():
    with multiprocessing.Pool(2) as pool:
        print("starmap   ", pool.starmap(power, [(2, 10), (3, 4), (10, 3)]))

        arrived = []                   # the callback runs in this process
        handles = [pool.apply_async(power, (n, 2), callback=arrived.append)
                   for n in range(5)]
        values = [h.get(timeout=30) for h in handles]
        print("apply_async", values, f"({len(arrived)} callbacks ran)")

        # One long task first, then three short ones, on two workers.
        naps = [0.4, 0.1, 0.1, 0.1]
        start = time.perf_counter()
        first, order = first_and_order(pool.imap(nap, naps), start)
        print(f"imap       {order}  first result after {first:.2f} s")
        start = time.perf_counter()
        first_u, order_u = first_and_order(pool.imap_unordered(nap, naps), start)
        print(f"imap_unordered {order_u}  first after {first_u:.2f} s")
    if first_u < first:
        print("verdict: imap_unordered hands each result over as it is done")
    else:
        print("verdict: no difference this time; is the machine busy? (try `uptime`)")


if __name__ == "__main__":
    main()
