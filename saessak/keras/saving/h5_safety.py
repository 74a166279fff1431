"""Reading untrusted HDF5 files: what is refused, and how a crashing HDF5 library is kept out.

saessak reads weights through h5py, i.e. the HDF5 C library, which was not
written to withstand hostile input: a damaged file can make it loop forever or
crash the process (found by tests/keras/test_saving_fuzz.py).  Three layers
keep that out of a ``load_model`` call:

1. before the library sees a file, its global heaps (where variable-length
   strings live) are walked in Python (:func:`check_global_heaps`): a
   malformed one makes HDF5 2.0 loop forever;
2. the file's whole structure is then read once in a *disposable child
   process* (:func:`probe_in_child`: a ``fork``, or a fresh interpreter where
   fork is unavailable or the forked probe failed): every attribute, link and
   dataset header reachable by hard links, and the data of chunked or compact
   datasets.  If that child crashes or hangs, the file is refused; the parent
   only reads files that the library has already read without crashing;
3. the reads themselves refuse soft and external links, external and virtual
   datasets, non-numeric dtypes, and shapes other than expected (checked
   before any data is read), and turn every h5py exception into
   :class:`ModelFileError`.
"""

import contextlib
import faulthandler
import io
import mmap
import os
import select
import signal
import subprocess
import sys

import h5py

from ...backend import xp
from ...errors import SaessakError

__all__ = ["ModelFileError", "check_global_heaps", "dataset_shape", "get_child", "get_path", "h5_reader", "open_h5",
           "probe_in_child", "read_dataset", "short_error"]


class ModelFileError(SaessakError, ValueError):
    """A model or weights file is unreadable, corrupted, hostile, or does not fit the model.

    It is a ``ValueError`` (what Keras raises in these cases); ``path`` is the
    file and ``problem`` says what is wrong with it.
    """

    def __init__(self, path, problem):
        self.path = None if path is None else str(path)
        self.problem = problem
        super().__init__(f"Cannot load '{self.path}': {problem}" if path is not None else problem)


# ---------------------------------------------------------------------- safe HDF5 access
_NUMERIC_KINDS = "biuf"


def open_h5(source, where):
    """Open an HDF5 file (a path or a BytesIO) read-only, or raise ModelFileError."""
    try:
        if isinstance(source, io.BytesIO):
            check_global_heaps(source.getvalue(), where)
        else:
            with open(source, "rb") as f:
                if os.fstat(f.fileno()).st_size:
                    with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as view:
                        check_global_heaps(view, where)
        probe_in_child(source, where)
        return h5py.File(source, "r")
    except ModelFileError:
        raise
    except Exception as exc:  # h5py raises OSError, ValueError, KeyError... on bad files
        raise ModelFileError(where, f"it is not a readable HDF5 file ({short_error(exc)}).") from None


def check_global_heaps(buf, where):
    """Refuse damaged global heap collections, on which the HDF5 library itself can loop forever.

    Variable-length strings (Keras's name attributes) live in "GCOL" blocks:
    a 16-byte header (signature, version 1, 3 reserved bytes, 8-byte size),
    then objects of a 16-byte header (2-byte index, 2-byte reference count,
    4 reserved bytes, 8-byte size) and their data padded to 8 bytes; index 0
    is the free space, which runs to the end.  HDF5 2.0 reads a free-space
    object of size 0 by not moving forward -- an endless loop -- so every
    collection is walked here first and must tile its block exactly.  (A header
    whose size does not fit the file is left alone: it may be weight bytes that
    spell the signature by chance, and a real damaged heap is judged by the probe.)
    """
    data, start, total = buf, 0, len(buf)
    while (at := data.find(b"GCOL\x01\x00\x00\x00", start)) >= 0:
        start = at + 4
        size = int.from_bytes(data[at + 8:at + 16], "little")
        end = at + size
        if size < 32 or end > total:
            continue  # weight bytes that happen to spell the signature (or a heap the probe will judge)
        p = at + 16
        while p + 16 <= end:
            index = int.from_bytes(data[p:p + 2], "little")
            length = int.from_bytes(data[p + 8:p + 16], "little")
            step = length if index == 0 else 16 + (length + 7) // 8 * 8
            if step <= 0 or p + step > end:
                raise ModelFileError(where, f"the HDF5 global heap at byte {at} has an object of {length} bytes "
                                            f"at byte {p} that does not fit in it: the file is damaged.")
            p += step


@contextlib.contextmanager
def h5_reader(source, where):
    """Open an HDF5 file for reading; any failure inside the block becomes a ModelFileError.

    A damaged file can make h5py fail at any step (listing a group, reading an
    attribute, closing), with OSError, RuntimeError, KeyError...: all of them
    mean the same thing to the caller, that the file cannot be used.
    """
    h5 = open_h5(source, where)
    try:
        yield h5
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(where, f"the HDF5 data is damaged ({type(exc).__name__}: {short_error(exc)}).") from exc
    finally:
        with contextlib.suppress(Exception):
            h5.close()


def short_error(exc):
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) < 300 else text[:300] + "..."


def get_child(parent, name, kind, where):
    """``parent[name]`` if it is a plain (hard-linked) group/dataset of ``kind``, else None if absent.

    Soft and external links are refused: following them could read another
    part of the file in a loop, or another file entirely.
    """
    try:
        link = parent.get(name, getlink=True)
        if link is None:
            return None
        if not isinstance(link, h5py.HardLink):
            raise ModelFileError(where, f"'{_join(parent.name, name)}' is a {type(link).__name__}; links to "
                                        "other objects or files are not allowed in a weights file.")
        obj = parent[name]
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(where, f"cannot read '{_join(parent.name, name)}' ({short_error(exc)}).") from None
    if kind == "group" and not isinstance(obj, h5py.Group):
        raise ModelFileError(where, f"'{obj.name}' should be a group but is a {type(obj).__name__}.")
    if kind == "dataset" and not isinstance(obj, h5py.Dataset):
        raise ModelFileError(where, f"'{_join(parent.name, name)}' should be a dataset but is a "
                                    f"{type(obj).__name__}.")
    return obj


def get_path(root, path, where):
    """The group at ``a/b/c`` under ``root`` (each step checked by :func:`get_child`), or None."""
    node = root
    for part in path.split("/"):
        if not part:
            continue
        node = get_child(node, part, "group", where)
        if node is None:
            return None
    return node


def dataset_shape(dataset, where):
    """The declared shape of a numeric, internal dataset (checked without reading any data)."""
    try:
        if dataset.external:
            raise ModelFileError(where, f"dataset '{dataset.name}' stores its data in another file; "
                                        "external datasets are not allowed.")
        if dataset.is_virtual:
            raise ModelFileError(where, f"dataset '{dataset.name}' is virtual; virtual datasets are not allowed.")
        dtype, shape = dataset.dtype, dataset.shape
    except ModelFileError:
        raise
    except Exception as exc:
        raise ModelFileError(where, f"cannot read dataset '{dataset.name}' ({short_error(exc)}).") from None
    if dtype.kind not in _NUMERIC_KINDS or dtype.fields is not None:
        raise ModelFileError(where, f"dataset '{dataset.name}' holds {dtype}, not numbers.")
    if shape is None:
        raise ModelFileError(where, f"dataset '{dataset.name}' has no shape (an empty dataspace).")
    return tuple(int(d) for d in shape)


def read_dataset(dataset, where):
    """Read a dataset whose shape the caller has already checked."""
    try:
        return xp.asarray(dataset[()])
    except Exception as exc:
        raise ModelFileError(where, f"cannot read the data of '{dataset.name}' ({short_error(exc)}).") from None


def _join(a, b):
    return f"{a.rstrip('/')}/{b}"


# ---------------------------------------------------------------------- the disposable probe
_PROBE_CHUNKED_LIMIT = 64 << 20  # larger chunked datasets are left to the parent's shape checks
_PROBE_CONTIGUOUS_LIMIT = 4 << 20


def probe(h5):
    """Read everything loading may touch: every object reachable by hard links, its attributes and
    dataset headers, and the data of chunked or compact datasets (their B-trees and filters are
    parsed only then) and of small contiguous ones (type conversion); external data is never read.

    A Python exception on one object (h5py's report of an error HDF5 detected) does not stop the
    probe: the objects after it are probed too.  Written with h5py's low-level API, which is about
    twice as fast as the high-level one here.
    """
    root = h5.id
    names = [b"."]
    with contextlib.suppress(Exception):
        h5py.h5o.visit(root, names.append)  # hard links only, each object once
    for name in names:
        with contextlib.suppress(Exception):
            _probe_object(h5py.h5o.open(root, name))


def _probe_object(oid):
    info = h5py.h5o.get_info(oid)
    for i in range(info.num_attrs):
        with contextlib.suppress(Exception):
            attr = h5py.h5a.open(oid, index=i)
            attr.read(xp.empty(attr.shape, dtype=attr.dtype))
    if info.type != h5py.h5o.TYPE_DATASET:
        return
    plist = oid.get_create_plist()
    dtype, shape = oid.dtype, oid.shape
    nbytes = dtype.itemsize * int(xp.prod(shape, dtype=object))
    layout = plist.get_layout()
    limit = _PROBE_CONTIGUOUS_LIMIT if layout == h5py.h5d.CONTIGUOUS else _PROBE_CHUNKED_LIMIT
    if layout != h5py.h5d.VIRTUAL and plist.get_external_count() == 0 and nbytes <= limit:
        oid.read(h5py.h5s.ALL, h5py.h5s.ALL, xp.empty(shape, dtype=dtype))


def _probe_quietly(source):
    with contextlib.suppress(Exception):  # Python exceptions are clean outcomes: only crashes count
        with h5py.File(source, "r") as h5:
            probe(h5)


def _fork_probe(source, timeout):
    """Probe in a forked child: 'ok', or why not (crashed / hung / unavailable)."""
    if not hasattr(os, "fork"):
        return "unavailable"
    lock = getattr(getattr(h5py, "_objects", None), "phil", contextlib.nullcontext())
    read_end, write_end = os.pipe()  # closes when the child ends, however it ends: no polling
    with lock:  # no other thread may hold h5py's lock in the child
        pid = os.fork()
    if pid == 0:  # the child: probe, then leave without running any cleanup of the parent's state
        try:
            os.close(read_end)
            faulthandler.disable()  # a crash here is an expected outcome, not something to report
            _probe_quietly(source)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], timeout)
    finally:
        os.close(read_end)
    if not ready:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return f"hung the HDF5 library (no answer in {timeout:.0f} s)"
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return f"crashed the HDF5 library (signal {os.WTERMSIG(status)})"
    return "ok" if os.WEXITSTATUS(status) == 0 else f"failed (exit status {os.WEXITSTATUS(status)})"


def _spawn_probe(source, timeout):
    """Probe in a fresh interpreter (no fork: Windows, or to confirm a failed forked probe)."""
    code = ("import io, sys; from saessak.keras.saving.h5_safety import _probe_quietly; "
            "arg = sys.argv[1]; _probe_quietly(io.BytesIO(sys.stdin.buffer.read()) if arg == '-' else arg)")
    data = source.getvalue() if isinstance(source, io.BytesIO) else b""
    arg = "-" if isinstance(source, io.BytesIO) else os.fspath(source)
    try:
        done = subprocess.run([sys.executable, "-c", code, arg], input=data, capture_output=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return f"hung the HDF5 library (no answer in {timeout:.0f} s)"
    if done.returncode < 0:
        return f"crashed the HDF5 library (signal {-done.returncode})"
    return "ok" if done.returncode == 0 else f"failed (exit status {done.returncode})"


def probe_in_child(source, where):
    """Refuse the file if reading its structure crashes or hangs the HDF5 library (in a child process)."""
    size = len(source.getbuffer()) if isinstance(source, io.BytesIO) else os.path.getsize(source)
    timeout = 20.0 + size / 50e6
    outcome = _fork_probe(source, timeout)
    if outcome != "ok":
        # A forked child can also fail for reasons of the parent (a lock held by another thread at the
        # fork): confirm with a clean interpreter before blaming the file.
        outcome = _spawn_probe(source, timeout)
    if outcome != "ok":
        raise ModelFileError(where, f"reading its HDF5 structure {outcome}: the file is damaged or hostile.")
