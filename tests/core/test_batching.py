"""Group commit: what many threads submit at once is written in few calls, each gets its own
result, and a failed write reaches every caller it concerned."""

import asyncio
import threading

import pytest

from fellesloft.core.batching import GroupWriter
from tests import aio


def test_each_caller_gets_its_own_result_and_concurrent_items_share_a_write():
    calls = []
    release = threading.Event()

    def write(items):
        calls.append(list(items))
        release.wait(5)  # the first write holds the writer while the others queue up
        return [item * 10 for item in items]

    writer = GroupWriter(write, gather_seconds=0.01)
    results = {}

    def submit(item):
        results[item] = writer.submit(item, timeout=10)

    threads = [threading.Thread(target=submit, args=(item,)) for item in range(20)]
    for thread in threads:
        thread.start()
    while sum(len(call) for call in calls) == 0:
        threading.Event().wait(0.005)
    release.set()
    for thread in threads:
        thread.join(10)
    assert results == {item: item * 10 for item in range(20)}
    assert sum(len(call) for call in calls) == 20
    assert len(calls) < 20  # they were batched


def test_a_failed_write_raises_in_each_caller_and_the_writer_goes_on():
    def write(items):
        if "bad" in items:
            raise ValueError("nope")
        return [item.upper() for item in items]

    writer = GroupWriter(write)
    with pytest.raises(ValueError, match="nope"):
        writer.submit("bad", timeout=5)
    assert writer.submit("good", timeout=5) == "GOOD"


def test_a_write_that_returns_the_wrong_number_of_results_is_an_error():
    writer = GroupWriter(lambda items: [])
    with pytest.raises(RuntimeError, match="0 results for 1"):
        writer.submit("x", timeout=5)


def test_a_caller_waits_no_longer_than_its_timeout():
    release = threading.Event()
    writer = GroupWriter(lambda items: [release.wait(5)] * len(items))
    with pytest.raises(TimeoutError):
        writer.submit("slow", timeout=0.05)
    release.set()


def test_stop_ends_the_writer_in_its_own_thread_and_a_later_submit_starts_a_new_one():
    stopped_in = []
    writer = GroupWriter(
        lambda items: items, on_stop=lambda: stopped_in.append(threading.current_thread().name)
    )
    assert writer.submit(1, timeout=5) == 1
    writer.stop()
    assert stopped_in == ["group-writer"]
    assert writer.submit(2, timeout=5) == 2
    writer.stop()


def test_coroutines_awaiting_their_items_share_writes_and_each_gets_its_own_result():
    calls = []
    writer = GroupWriter(
        lambda items: calls.append(list(items)) or [-item for item in items], gather_seconds=0.01
    )

    async def submit_all():
        return await asyncio.gather(*[writer.submit_async(item, timeout=5) for item in range(50)])

    assert aio.run(submit_all()) == [-item for item in range(50)]
    assert sum(map(len, calls)) == 50 and len(calls) < 50
    writer.stop()


def test_a_coroutine_gets_the_writes_error_and_waits_no_longer_than_its_timeout():
    release = threading.Event()

    def write(items):
        if "bad" in items:
            raise ValueError("nope")
        release.wait(5)
        return items

    writer = GroupWriter(write)

    async def submit(item, timeout):
        return await writer.submit_async(item, timeout=timeout)

    with pytest.raises(ValueError, match="nope"):
        aio.run(submit("bad", 5))
    with pytest.raises(TimeoutError):
        aio.run(submit("slow", 0.05))  # its loop is closed when the write ends: no harm
    release.set()
    assert aio.run(submit("good", 5)) == "good"
    writer.stop()
