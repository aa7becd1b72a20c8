"""A process's recent copies (articles/recent.py): bounded in bytes, and safe to share between
a worker's threads."""

import random
import threading
import time

from articles.recent import RecentCopies


def test_copies_stay_within_their_bytes_and_start_again_past_them():
    copies = RecentCopies(10, size=len)
    copies.put("a", "12345")
    copies.put("b", "1234")
    assert (copies.get("a"), copies.get("b"), copies.bytes) == ("12345", "1234", 9)
    copies.put("a", "1")  # replacing a copy counts only the new one
    assert copies.bytes == 5
    copies.put("c", "1234567")  # past the limit: only the newest is kept
    assert (len(copies), copies.get("a"), copies.bytes) == (1, None, 7)
    copies.discard("c")
    copies.discard("c")  # a second discard of the same key changes nothing
    assert (len(copies), copies.bytes) == (0, 0)


def measured_with_a_thread_switch(value):
    time.sleep(0)  # lets another thread run mid-update, as a busy worker's threads would
    return len(value)


def test_threads_adding_and_dropping_at_once_never_fail_and_keep_the_count_true():
    copies = RecentCopies(5_000, size=measured_with_a_thread_switch)
    failures = []

    def work(seed):
        rng = random.Random(seed)
        try:
            for _ in range(2_000):
                key = rng.randrange(200)
                if rng.random() < 0.2:
                    copies.discard(key)
                else:
                    copies.put(key, "x" * rng.randrange(1, 100))
                copies.get(key)
        except Exception as error:  # what an unguarded dict raises mid-iteration
            failures.append(error)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert copies.bytes == sum(len(value) for value in copies.values()) <= 5_000
