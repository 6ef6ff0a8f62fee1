"""Group commit: the small writes of many request threads as one database round trip.

Request threads hand an item to `GroupWriter.submit` and wait for its result (coroutines await
`submit_async`); one writer thread per process takes everything that queued up while it was
busy – and, with `gather_seconds`, what arrives within that long after the first – and writes it
with one call. Many writes then share one statement and one commit, which is what keeps the
database's work per write small.
"""

import asyncio
import contextlib
import os
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

_STOP = object()


class _Pending:
    """An item and, once written, its result or error; `future` is set for a coroutine's
    item (whose event loop the writer thread wakes), else `done` for a waiting thread."""

    __slots__ = ("done", "error", "future", "item", "result")

    def __init__(self, item: Any, future: asyncio.Future | None = None) -> None:
        self.item = item
        self.future = future
        self.done = threading.Event() if future is None else None
        self.result: Any = None
        self.error: BaseException | None = None


def _settle(batch: list[_Pending]) -> None:
    """In the event loop: hands each coroutine its result (unless it stopped waiting)."""
    for pending in batch:
        if pending.future.done():
            continue
        if pending.error is not None:
            pending.future.set_exception(pending.error)
        else:
            pending.future.set_result(pending.result)


class GroupWriter:
    """`write(items) -> results` (one result per item, in order) run by a writer thread."""

    def __init__(
        self,
        write: Callable[[list[Any]], Sequence[Any]],
        *,
        max_batch: int = 200,
        gather_seconds: float = 0.0,
        on_stop: Callable[[], None] | None = None,
        name: str = "group-writer",
    ) -> None:
        self._write = write
        self._max_batch = max_batch
        self._gather_seconds = gather_seconds
        self._on_stop = on_stop
        self._name = name
        self._start_lock = threading.Lock()
        self._queue: queue.SimpleQueue | None = None
        # A forked worker process (gunicorn) inherits this object but not its thread.
        os.register_at_fork(after_in_child=self._forget_thread)

    def submit(self, item: Any, *, timeout: float) -> Any:
        """The item's result; raises what `write` raised, or TimeoutError."""
        pending = _Pending(item)
        self._pending_queue().put(pending)
        if not pending.done.wait(timeout):
            raise TimeoutError(f"{self._name}: no answer within {timeout} s")
        if pending.error is not None:
            raise pending.error
        return pending.result

    async def submit_async(self, item: Any, *, timeout: float) -> Any:
        """`submit` for a coroutine: the event loop goes on serving others meanwhile."""
        future = asyncio.get_running_loop().create_future()
        self._pending_queue().put(_Pending(item, future))
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            raise TimeoutError(f"{self._name}: no answer within {timeout} s") from None

    def stop(self, timeout: float = 5.0) -> None:
        """Ends the writer thread (after what is queued) and runs `on_stop` in it."""
        with self._start_lock:
            pending_queue, self._queue = self._queue, None
        if pending_queue is not None:
            stopped = _Pending(_STOP)
            pending_queue.put(stopped)
            stopped.done.wait(timeout)

    def _forget_thread(self) -> None:
        self._start_lock = threading.Lock()
        self._queue = None

    def _pending_queue(self) -> queue.SimpleQueue:
        if self._queue is None:
            with self._start_lock:
                if self._queue is None:
                    pending_queue: queue.SimpleQueue = queue.SimpleQueue()
                    threading.Thread(
                        target=self._run, args=(pending_queue,), name=self._name, daemon=True
                    ).start()
                    self._queue = pending_queue
        return self._queue

    def _run(self, pending_queue: queue.SimpleQueue) -> None:
        while True:
            batch = [pending_queue.get()]
            if batch[0].item is _STOP:
                if self._on_stop is not None:
                    self._on_stop()
                batch[0].done.set()
                return
            deadline = time.monotonic() + self._gather_seconds
            while len(batch) < self._max_batch:
                try:
                    pending = pending_queue.get(timeout=max(deadline - time.monotonic(), 0))
                except queue.Empty:
                    break
                if pending.item is _STOP:
                    pending_queue.put(pending)  # after this batch
                    break
                batch.append(pending)
            try:
                results = self._write([pending.item for pending in batch])
                if len(results) != len(batch):
                    raise RuntimeError(f"{self._name}: {len(results)} results for {len(batch)}")
            except Exception as error:  # noqa: BLE001 – every waiting caller gets it
                for pending in batch:
                    pending.error = error
            else:
                for pending, result in zip(batch, results, strict=True):
                    pending.result = result
            self._finish(batch)

    @staticmethod
    def _finish(batch: list[_Pending]) -> None:
        # One wake-up per event loop for the whole batch, not one per item.
        by_loop: dict[asyncio.AbstractEventLoop, list[_Pending]] = defaultdict(list)
        for pending in batch:
            if pending.future is None:
                pending.done.set()
            else:
                by_loop[pending.future.get_loop()].append(pending)
        for loop, settled in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_settle, settled)
