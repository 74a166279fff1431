"""The IDX file format of MNIST and Fashion-MNIST (optionally gzip-compressed).

An IDX file is a big-endian header followed by the raw array:

    bytes 0-1   zero
    byte  2     element type: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
                0x0E float64
    byte  3     number of dimensions d
    then d big-endian uint32 sizes, then prod(sizes) elements, big-endian, C order.

So ``train-images-idx3-ubyte`` starts ``00 00 08 03 | 60000 | 28 | 28`` (magic 2051) and
``train-labels-idx1-ubyte`` starts ``00 00 08 01 | 60000`` (magic 2049). ``load_idx`` checks
the header and that the payload has exactly the announced size (a truncated download or a file
with trailing bytes is an error, not a silently misshapen array), and returns a writable array
in native byte order. Keras reads these files by skipping 8 or 16 bytes; for valid files the
result is the same.
"""

import gzip
import struct
import zlib

from ...backend import xp

_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_CODES = {"uint8": 0x08, "int8": 0x09, "int16": 0x0B, "int32": 0x0C, "float32": 0x0D, "float64": 0x0E}

__all__ = ["IdxFormatError", "load_idx", "save_idx"]


class IdxFormatError(ValueError):
    """A file is not a well-formed IDX file."""


def _open(path):
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _read_exact(f, n, path, what):
    data = f.read(n)
    if len(data) != n:
        raise IdxFormatError(f"{path}: file ends inside the {what} ({len(data)} of {n} bytes).")
    return data


def load_idx(path):
    """The array stored in an IDX file (``.gz`` or raw), e.g. uint8 ``(60000, 28, 28)``."""
    path = str(path)
    try:
        with _open(path) as f:
            zero0, zero1, code, ndim = _read_exact(f, 4, path, "magic number")
            if zero0 or zero1 or code not in _TYPES:
                raise IdxFormatError(
                    f"{path}: not an IDX file (magic bytes {zero0:02x} {zero1:02x} {code:02x} {ndim:02x}; "
                    "expected 00 00, a type code among 08 09 0b 0c 0d 0e, and a rank).")
            shape = struct.unpack(f">{ndim}I", _read_exact(f, 4 * ndim, path, "dimension sizes"))
            out = xp.empty(shape, dtype=xp.dtype(_TYPES[code]))
            buf = memoryview(out.reshape(-1).view(xp.uint8))
            filled = 0
            while filled < len(buf):
                n = f.readinto(buf[filled:])
                if not n:
                    raise IdxFormatError(
                        f"{path}: truncated: the header announces shape {shape} ({len(buf)} data "
                        f"bytes) but the file holds only {filled}. Delete it and download it again.")
                filled += n
            if f.read(1):
                raise IdxFormatError(f"{path}: unexpected bytes after the {shape} array announced by "
                                     "the header.")
    except (OSError, EOFError, zlib.error) as exc:  # gzip raises these for a damaged stream
        raise IdxFormatError(f"{path}: cannot read it as IDX ({exc}).") from exc
    return out if out.dtype.isnative else out.astype(out.dtype.newbyteorder("="))


def save_idx(path, array):
    """Write ``array`` as IDX; gzip-compressed (reproducibly, mtime 0) when ``path`` ends ``.gz``."""
    array = xp.ascontiguousarray(array)
    code = _CODES.get(array.dtype.name)
    if code is None:
        raise ValueError(f"IDX stores {', '.join(_CODES)}; received an array of dtype {array.dtype}.")
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    payload = header + array.astype(xp.dtype(_TYPES[code])).tobytes()
    path = str(path)
    if path.endswith(".gz"):
        with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
            f.write(payload)
    else:
        with open(path, "wb") as f:
            f.write(payload)
