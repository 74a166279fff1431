"""TensorBoard event files, written and read without TensorFlow.

An event file (``events.out.tfevents.<time>.<host>.<pid>.<n>.v2``) is a
sequence of TFRecord records, each

    uint64 length            (little-endian)
    uint32 masked_crc(length bytes)
    bytes  data              (one serialized ``tensorflow.Event`` protobuf)
    uint32 masked_crc(data)

where ``masked_crc(b) = ((c >> 15) | (c << 17)) + 0xA282EAD8  (mod 2**32)`` with
``c`` the CRC-32C (Castagnoli polynomial, reflected form 0x82F63B78) of ``b``.
The first event of a file carries only ``file_version = "brain.Event:2"``;
every later one holds one ``Summary.Value`` the way TF2's ``tf.summary`` writes
it: a tag, a ``TensorProto`` (dtype, shape, raw little-endian bytes or strings)
and ``SummaryMetadata.plugin_data.plugin_name`` ("scalars", "histograms",
"images", ...), which tells TensorBoard's dashboards how to read the tensor.

The protobuf wire format needed is small: each field is a key
``(field_number << 3) | wire_type`` (a varint) followed by a varint (type 0), 8
bytes (type 1, doubles) or a varint length and that many bytes (type 2:
strings, bytes, nested messages).  Why not the ``tensorboard`` package's writer:
it is an optional extra, and the format is a few dozen lines, so one code path
serves everyone.  :func:`read_events` decodes these files again (for tests and
for users without TensorBoard); TensorBoard's own ``EventAccumulator`` reads
them too.
"""

import itertools
import os
import socket
import struct
import time
import zlib

from ...backend import xp

__all__ = ["EventFileWriter", "crc32c", "histogram_buckets", "read_events"]

DT_FLOAT, DT_DOUBLE, DT_STRING = 1, 2, 7
_FILE_COUNTER = itertools.count()


# --------------------------------------------------------------------------- CRC-32C
def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return tuple(table)


_CRC_TABLE = _crc_table()


def crc32c(data):
    """CRC-32C (Castagnoli) of ``data``, one table lookup per byte."""
    crc = 0xFFFFFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _masked_crc(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _record(data):
    header = struct.pack("<Q", len(data))
    return header + struct.pack("<I", _masked_crc(header)) + data + struct.pack("<I", _masked_crc(data))


# --------------------------------------------------------------------------- protobuf encoding
def _varint(n):
    n &= (1 << 64) - 1  # negative int64 values are written as their two's complement
    out = bytearray()
    while True:
        bits = n & 0x7F
        n >>= 7
        if n:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _field_varint(number, value):
    return _varint(number << 3) + _varint(value)


def _field_bytes(number, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _varint((number << 3) | 2) + _varint(len(data)) + data


def _field_double(number, value):
    return _varint((number << 3) | 1) + struct.pack("<d", value)


def _tensor_proto(dtype, shape, content=None, strings=None):
    # TensorProto: dtype=1, tensor_shape=2 {dim=2 {size=1}}, tensor_content=4, string_val=8
    dims = b"".join(_field_bytes(2, _field_varint(1, int(d))) for d in shape)
    out = _field_varint(1, dtype) + _field_bytes(2, dims)
    if content is not None:
        out += _field_bytes(4, content)
    for s in strings or ():
        out += _field_bytes(8, s)
    return out


def _summary_value(tag, tensor, plugin_name, content=b""):
    # Summary.Value: tag=1, tensor=8, metadata=9 {plugin_data=1 {plugin_name=1, content=2}}
    plugin = _field_bytes(1, plugin_name) + (_field_bytes(2, content) if content else b"")
    return _field_bytes(1, tag) + _field_bytes(8, tensor) + _field_bytes(9, _field_bytes(1, plugin))


def _event(wall_time, step=0, file_version=None, value=None, writer=None):
    # Event: wall_time=1, step=2, file_version=3, summary=5 {value=1}, source_metadata=10 {writer=1}
    out = _field_double(1, wall_time)
    if step:
        out += _field_varint(2, int(step))
    if file_version is not None:
        out += _field_bytes(3, file_version)
    if value is not None:
        out += _field_bytes(5, _field_bytes(1, value))
    if writer is not None:
        out += _field_bytes(10, _field_bytes(1, writer))
    return out


# --------------------------------------------------------------------------- summaries
def histogram_buckets(values, bucket_count=30):
    """TensorBoard's histogram tensor: ``bucket_count`` rows ``[left_edge, right_edge, count]`` (float64).

    The buckets split ``[min, max]`` evenly; a value goes to bucket
    ``floor((v - min) / width)``, the maximum to the last one.  All-equal data
    gives zero-width buckets with every count in the last; no data gives zeros.
    """
    data = xp.asarray(values, dtype=xp.float64).reshape(-1)
    if data.size == 0 or bucket_count <= 0:
        return xp.zeros((max(bucket_count, 0), 3), xp.float64)
    lo, hi = data.min(), data.max()
    if hi - lo == 0:
        counts = xp.zeros(bucket_count, xp.float64)
        counts[-1] = data.size
        edges = xp.full(bucket_count, hi)
        return xp.stack([edges, edges, counts], axis=1)
    width = (hi - lo) / bucket_count
    index = xp.minimum(xp.floor((data - lo) / width).astype(xp.int64), bucket_count - 1)
    counts = xp.bincount(index, minlength=bucket_count).astype(xp.float64)
    edges = lo + xp.arange(bucket_count + 1, dtype=xp.float64) * ((hi - lo) / bucket_count)
    edges[-1] = hi
    return xp.stack([edges[:-1], edges[1:], counts], axis=1)


def encode_png(image):
    """PNG bytes of a ``(height, width, channels)`` uint8 array (1, 3 or 4 channels)."""
    image = xp.ascontiguousarray(image, dtype=xp.uint8)
    height, width, channels = image.shape
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    # each scanline starts with filter type 0 (none)
    raw = b"".join(b"\x00" + image[row].tobytes() for row in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


class EventFileWriter:
    """Writes one event file in ``logdir`` (created at construction, like ``tf.summary.create_file_writer``)."""

    def __init__(self, logdir):
        os.makedirs(logdir, exist_ok=True)
        name = (f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}.{os.getpid()}."
                f"{next(_FILE_COUNTER)}.v2")
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")  # noqa: SIM115 (kept open until close())
        self._write(_event(float(int(time.time())), file_version="brain.Event:2", writer="saessak"))
        self._file.flush()

    @property
    def closed(self):
        return self._file.closed

    def _write(self, event):
        self._file.write(_record(event))

    def _value(self, tag, tensor, plugin_name, step, content=b""):
        self._write(_event(time.time(), step=step, value=_summary_value(tag, tensor, plugin_name, content)))

    def scalar(self, tag, value, step):
        """A float32 scalar for the Scalars dashboard."""
        self._value(tag, _tensor_proto(DT_FLOAT, (), struct.pack("<f", float(value))), "scalars", step)

    def histogram(self, tag, values, step, buckets=30):
        """A histogram of ``values`` (any shape) for the Histograms and Distributions dashboards."""
        table = histogram_buckets(values, buckets)
        content = xp.ascontiguousarray(table, dtype="<f8").tobytes()
        self._value(tag, _tensor_proto(DT_DOUBLE, table.shape, content), "histograms", step)

    def image(self, tag, images, step, max_outputs=3):
        """Images from a ``(k, height, width, channels)`` float array in [0, 1] (clipped, as TF does)."""
        images = xp.asarray(images, dtype=xp.float32)
        # tf.image.convert_image_dtype(..., tf.uint8, saturate=True): scale by 255.5, clip, truncate
        pixels = xp.clip(images * xp.float32(255.5), 0, 255).astype(xp.uint8)
        encoded = [encode_png(p) for p in pixels[:max_outputs]]
        strings = [str(images.shape[2]).encode(), str(images.shape[1]).encode()] + encoded
        self._value(tag, _tensor_proto(DT_STRING, (len(strings),), strings=strings), "images", step)

    def text_tensor(self, tag, text, step, plugin_name, content=b""):
        """A scalar string tensor for ``plugin_name`` (e.g. the Keras model JSON of the Graphs tab)."""
        self._value(tag, _tensor_proto(DT_STRING, (), strings=[text]), plugin_name, step, content)

    def flush(self):
        if not self._file.closed:
            self._file.flush()

    def close(self):
        if not self._file.closed:
            self._file.close()


# --------------------------------------------------------------------------- reading
def _fields(data):
    """(field_number, value) pairs of one protobuf message: ints, floats (type 1) or bytes."""
    i, n = 0, len(data)
    while i < n:
        key, i = _read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _read_varint(data, i)
        elif wire == 1:
            (value,), i = struct.unpack_from("<d", data, i), i + 8
        elif wire == 2:
            size, i = _read_varint(data, i)
            value, i = data[i:i + size], i + size
        elif wire == 5:
            (value,), i = struct.unpack_from("<f", data, i), i + 4
        else:
            raise ValueError(f"Unsupported protobuf wire type {wire} in an event record.")
        yield number, value


def _read_varint(data, i):
    shift = result = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def _decode_tensor(data):
    out = {"dtype": 0, "shape": [], "strings": []}
    content = b""
    for number, value in _fields(data):
        if number == 1:
            out["dtype"] = value
        elif number == 2:
            out["shape"] = [dict(_fields(d)).get(1, 0) for k, d in _fields(value) if k == 2]
        elif number == 4:
            content = value
        elif number == 8:
            out["strings"].append(value)
    kind = {DT_FLOAT: "<f4", DT_DOUBLE: "<f8"}.get(out["dtype"])
    if kind is not None:
        out["array"] = xp.frombuffer(content, dtype=kind).reshape(out["shape"]).astype(xp.float64)
    return out


def _decode_value(data):
    value = {"tag": "", "plugin_name": "", "plugin_content": b""}
    for number, field in _fields(data):
        if number == 1:
            value["tag"] = field.decode("utf-8")
        elif number == 2:
            value["simple_value"] = field
        elif number == 8:
            value.update(_decode_tensor(field))
        elif number == 9:
            for k, plugin in _fields(field):
                if k == 1:
                    p = dict(_fields(plugin))
                    value["plugin_name"] = p.get(1, b"").decode("utf-8")
                    value["plugin_content"] = p.get(2, b"")
    return value


def read_events(path):
    """The events of one file as dicts: ``wall_time``, ``step`` and ``file_version`` or ``values``.

    Each summary value is a dict with ``tag``, ``plugin_name``, ``plugin_content``,
    ``dtype``, ``shape`` and ``array`` (float tensors, as float64) or
    ``strings`` (string tensors).  Checks both CRCs of every record.
    """
    with open(path, "rb") as f:
        data = f.read()
    events, i = [], 0
    while i < len(data):
        if len(data) - i < 12:
            raise ValueError(f"{path}: truncated record header at byte {i}.")
        header = data[i:i + 8]
        (length,) = struct.unpack("<Q", header)
        (crc,) = struct.unpack("<I", data[i + 8:i + 12])
        body = data[i + 12:i + 12 + length]
        (body_crc,) = struct.unpack("<I", data[i + 12 + length:i + 16 + length] or b"\0\0\0\0")
        if crc != _masked_crc(header) or body_crc != _masked_crc(body) or len(body) != length:
            raise ValueError(f"{path}: corrupted record at byte {i} (CRC mismatch or truncation).")
        i += 16 + length
        event = {"wall_time": 0.0, "step": 0}
        for number, value in _fields(body):
            if number == 1:
                event["wall_time"] = value
            elif number == 2:
                event["step"] = value - (1 << 64) if value >= 1 << 63 else value
            elif number == 3:
                event["file_version"] = value.decode("utf-8")
            elif number == 5:
                event["values"] = [_decode_value(v) for k, v in _fields(value) if k == 1]
        events.append(event)
    return events
