"""Where a dataset file comes from: the Keras cache, an offline mirror, or the network.

Every loader asks ``fetch`` for its files. The order is:

1. **The Keras cache** (``$KERAS_HOME/datasets/...``, default ``~/.keras/datasets``), with
   Keras's file names, so a cache filled by real Keras is reused. A cached file must match
   Keras's canonical hash. Unlike Keras, a mismatching file is **never deleted**: it is accepted
   when the mirror's ``SHA256SUMS`` lists its sha256 (a re-packed copy of the same data),
   otherwise ``HashMismatchError`` explains the mismatch and how to fix it.
2. **An offline mirror**, the folder named by ``SAESSAK_DATASETS_MIRROR``. It is laid out like
   the Keras ``datasets`` folder (``mnist.npz``, ``fashion-mnist/train-images-idx3-ubyte.gz``;
   an archive may use its cache name or its origin's name, e.g. ``cifar-10-python.tar.gz``)
   and may hold a ``SHA256SUMS`` file in coreutils format (``<sha256>  <relative name>``).
   A mirror file is accepted when its hash is Keras's canonical one or the one ``SHA256SUMS``
   lists for it, and one line says which. A file matching neither is refused.
3. **The network**, through ``keras.utils.get_file`` (atomic, retried, hash-checked).

Copy or read in place: a mirror file that real Keras would accept from its cache (canonical
hash, or a file Keras publishes no hash for) is copied into the cache atomically, so the cache
ends up exactly as Keras would have filled it. A re-packed copy (only ``SHA256SUMS`` vouches for
it) is read in place from the mirror and not copied: real Keras would reject it and delete it
from its cache, and our cache must stay usable by Keras.
"""

import hashlib
import os
import shutil
import tempfile
import urllib.parse

from ..utils import file_utils
from ..utils.file_utils import DownloadError, HashMismatchError

MIRROR_ENV = "SAESSAK_DATASETS_MIRROR"
SUMS_FILE = "SHA256SUMS"
_REPACKED = "sha256 matches the mirror's SHA256SUMS, not Keras's canonical hash: a re-packed copy"

__all__ = ["MIRROR_ENV", "fetch", "mirror_root", "read_sha256sums"]


def mirror_root():
    """The mirror folder from ``$SAESSAK_DATASETS_MIRROR``, or None when unset.

    The variable may also name the folder above ``datasets/`` (a whole ``KERAS_HOME``).
    """
    root = os.environ.get(MIRROR_ENV)
    if not root:
        return None
    root = os.path.abspath(os.path.expanduser(root))
    if not os.path.isdir(root):
        raise FileNotFoundError(f"{MIRROR_ENV}={root} is not a folder. Point it at a folder laid out "
                                "like ~/.keras/datasets, or unset it.")
    inner = os.path.join(root, "datasets")
    if not os.path.exists(os.path.join(root, SUMS_FILE)) and os.path.isdir(inner):
        return inner
    return root


def read_sha256sums(root):
    """``{relative name: sha256}`` from ``<root>/SHA256SUMS`` (empty when there is none)."""
    path = os.path.join(root, SUMS_FILE)
    if not os.path.exists(path):
        return {}
    sums = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            digest, _, name = line.partition(" ")
            name = name.lstrip(" ").lstrip("*")  # "<hex>  name" (text) or "<hex> *name" (binary)
            if len(digest) != 64 or not name or any(c not in "0123456789abcdefABCDEF" for c in digest):
                raise ValueError(f"{path}, line {number}: expected '<64 hex digits>  <name>' (the "
                                 f"format sha256sum writes); found {line!r}.")
            sums[os.path.normpath(name)] = digest.lower()
    return sums


def _hashes(path, want_md5):
    """sha256 (and md5 when asked) of a file, in one pass."""
    sha, md5 = hashlib.sha256(), hashlib.md5() if want_md5 else None
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            sha.update(chunk)
            if md5 is not None:
                md5.update(chunk)
    return sha.hexdigest(), (md5.hexdigest() if md5 is not None else None)


def _verdict(path, file_hash, listed):
    """('canonical' | 'listed' | None, sha256) for a file, Keras's hash and the SHA256SUMS ones."""
    want_md5 = file_hash is not None and len(file_hash) != 64
    sha, md5 = _hashes(path, want_md5)
    if file_hash is not None and (md5 if want_md5 else sha) == file_hash.lower():
        return "canonical", sha
    return ("listed" if sha in listed else None), sha


def _copy_atomically(src, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, part = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part",
                                dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
        os.replace(part, target)
    finally:
        if os.path.exists(part):
            os.remove(part)


def _describe_hash(file_hash):
    if file_hash is None:
        return "Keras publishes no hash for this file"
    return f"Keras's canonical {'sha256' if len(file_hash) == 64 else 'md5'} is {file_hash}"


def _accept_cached(target, file_hash, listed, root, rel):
    if file_hash is None:
        return target  # Keras checks nothing here either; the loader validates the format
    verdict, sha = _verdict(target, file_hash, listed)
    if verdict == "canonical":
        return target
    if verdict == "listed":
        print(f"Using cached {target} ({_REPACKED})")
        return target
    where = (f"nor the sha256 that the mirror {root} lists for {rel}" if root
             else f"and no mirror is set ({MIRROR_ENV})")
    raise HashMismatchError(
        f"The cached file {target} has sha256 {sha}, which matches neither {_describe_hash(file_hash)} "
        f"{where}. It may be a partial or corrupted download, or a re-packed copy of the data. It was "
        f"left in place (Keras would delete it). To fix: delete it to download it again, or replace "
        f"it with the original file, or set {MIRROR_ENV} to a folder whose {SUMS_FILE} lists it.")


def _from_mirror(root, names, file_hash, listed, target):
    found = [os.path.join(root, n) for n in names if os.path.isfile(os.path.join(root, n))]
    if not found:
        return None
    src, rel = found[0], os.path.relpath(found[0], root)
    verdict, sha = _verdict(src, file_hash, listed)
    if verdict is None:
        entry = f"lists {' or '.join(sorted(listed))}" if listed else f"has no entry for {rel}"
        raise HashMismatchError(
            f"Refusing {src} from the mirror {root}: its sha256 is {sha}, which matches neither "
            f"{_describe_hash(file_hash)} nor the mirror's {SUMS_FILE} (which {entry}). Replace the "
            f"file with a good copy, or, if you trust it, put the line '{sha}  {rel}' in "
            f"{os.path.join(root, SUMS_FILE)}.")
    if verdict == "canonical" or file_hash is None:
        why = ("sha256 matches the mirror's SHA256SUMS; Keras publishes no hash for this file"
               if verdict == "listed" else
               f"{'sha256' if len(file_hash) == 64 else 'md5'} matches Keras's canonical hash")
        try:
            _copy_atomically(src, target)
        except OSError as exc:
            print(f"Using {rel} from mirror {root} ({why}; read in place: cannot copy to {target}: {exc})")
            return src
        print(f"Using {rel} from mirror {root} ({why}; copied to {target})")
        return target
    print(f"Using {rel} from mirror {root} ({_REPACKED})")
    return src


def fetch(fname, origin, file_hash=None, cache_subdir="datasets", extract=False):
    """The local path of a dataset file (or its extraction folder with ``extract=True``)."""
    datadir, target, extraction_dir = file_utils.cache_paths(fname, origin, cache_subdir, None, extract)
    root = mirror_root()
    sub = os.path.normpath(os.path.relpath(cache_subdir, "datasets"))
    if os.path.isabs(cache_subdir) or sub.split(os.sep)[0] == "..":
        root = None  # the mirror mirrors the datasets folder only
    origin_name = os.path.basename(urllib.parse.urlsplit(origin).path)
    names = list(dict.fromkeys(os.path.normpath(os.path.join(sub, n))
                               for n in (os.path.basename(target), origin_name) if n))
    sums = read_sha256sums(root) if root else {}
    listed = {sums[n] for n in names if n in sums}

    if os.path.exists(target):
        path = _accept_cached(target, file_hash, listed, root, names[0])
    else:
        path = _from_mirror(root, names, file_hash, listed, target) if root else None
        if path is None:
            hint = (f"\nOr set {MIRROR_ENV} to a folder laid out like ~/.keras/datasets that holds "
                    f"{names[0]}" + (f" (the mirror {root} has no {' or '.join(names)})." if root else "."))
            try:
                return file_utils.get_file(fname, origin, file_hash=file_hash, cache_subdir=cache_subdir,
                                           extract=extract)
            except DownloadError as exc:
                raise DownloadError(f"{exc}{hint}") from None
    if not extract:
        return path
    if not file_utils.extraction_is_current(path, extraction_dir):
        if not file_utils.extract_archive(path, extraction_dir):
            raise ValueError(f"{path} is not a tar or zip archive; cannot extract it.")
    return extraction_dir
