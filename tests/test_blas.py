"""The BLAS thread policy: one thread for small products, the default count for large ones."""

import pytest

from saessak.backend import blas


def test_small_products_use_one_thread_and_large_ones_all():
    blas.threads_for(1)
    if blas._state["setter"] is None:
        pytest.skip("no OpenBLAS with a thread setter in this process (or disabled by the environment)")
    assert blas._state["current"] == 1
    blas.threads_for(blas.SMALL_MACS * 10)
    assert blas._state["current"] == blas._state["max"]


def test_switches_only_when_the_need_changes(monkeypatch):
    blas.threads_for(1)
    if blas._state["setter"] is None:
        pytest.skip("no OpenBLAS thread setter")
    calls = []
    real = blas._state["setter"]
    monkeypatch.setitem(blas._state, "setter", lambda n: (calls.append(n), real(n)))
    for _ in range(5):
        blas.threads_for(100)
    assert calls == []
    blas.threads_for(blas.SMALL_MACS)
    blas.threads_for(blas.SMALL_MACS + 1)
    assert len(calls) <= 1
    blas.threads_for(100)
