"""Running a coroutine from a test."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coroutine):
    """`asyncio.run` in a thread of its own: once a browser test has run, Playwright's sync API
    keeps an event loop running in the test thread, where `asyncio.run` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine).result()
