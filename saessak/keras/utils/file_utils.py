"""``keras.utils.get_file``: fetch a file into Keras's cache, safely.

The cache is Keras's: ``$KERAS_HOME/<cache_subdir>/<fname>`` (``KERAS_HOME`` defaults to
``~/.keras``, read at call time), with Keras's names for archives and their extraction
folders, so a cache filled by real Keras is reused here and the other way round.

What this version adds to Keras's ``get_file``:

* **Atomic.** A download streams into a hidden temporary file in the same folder
  (``.<fname>.XXXX.part``), is verified, and only then renamed over the target with
  ``os.replace``. An interrupted or corrupt download therefore never counts as cached, and a
  cached file whose hash no longer matches is left in place until a verified copy replaces it.
* **Retried.** Transient failures (connection errors, time-outs, truncated bodies, HTTP 5xx,
  408 and 429) are retried ``DOWNLOAD_ATTEMPTS`` times with exponential back-off; a permanent
  HTTP error (404...) or a hash mismatch is not.
* **Offline-friendly.** When the file cannot be fetched, the error says which URL to download
  elsewhere and the exact path to place it at. ``SAESSAK_OFFLINE=1`` skips the network.
* **Safe extraction.** ``extract=True`` unpacks tar (gz/bz2/xz) or zip archives into a
  temporary folder next to the destination and swaps it in when complete. Every member is
  checked first: absolute paths, ``..`` components, device files and links resolving outside
  the destination make the whole archive refused (nothing is written). A marker file records
  which archive an extraction came from, so a later call does not unpack it again.

Hashes: ``hash_algorithm="auto"`` means sha256 for a 64-hex-digit hash, md5 otherwise.
"""

import difflib
import hashlib
import os
import shutil
import tarfile
import tempfile
import time
import urllib.error
import urllib.parse
import warnings
import zipfile

from .progbar import Progbar

DOWNLOAD_ATTEMPTS = 3  # tries per download
RETRY_BACKOFF_S = 1.0  # wait before the 2nd try; doubled for each further try
TIMEOUT_S = 60.0  # socket time-out for connecting and for each read
CHUNK_BYTES = 1 << 16
EXTRACTION_MARKER = ".saessak-extracted"

__all__ = ["DownloadError", "HashMismatchError", "cache_paths", "extract_archive", "get_file",
           "hash_file", "keras_home", "validate_file"]


class DownloadError(OSError):
    """A file could not be fetched; the message says where to place it by hand."""


class HashMismatchError(ValueError):
    """A file's content does not match the hash it must have."""


def keras_home():
    """``$KERAS_HOME`` if set, else ``~/.keras`` (Keras reads it once at import; we read it now)."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def _algorithm(hash_algorithm, file_hash):
    if hash_algorithm not in ("auto", "sha256", "md5"):
        close = difflib.get_close_matches(str(hash_algorithm), ["auto", "sha256", "md5"], n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"hash_algorithm must be 'auto', 'sha256' or 'md5'; received "
                         f"{hash_algorithm!r}.{hint}")
    if hash_algorithm == "auto":
        return "sha256" if file_hash is not None and len(str(file_hash)) == 64 else "md5"
    return hash_algorithm


def hash_file(fpath, algorithm="sha256", chunk_size=CHUNK_BYTES):
    """The hex digest of a file (``algorithm``: 'sha256', 'md5', or 'auto' = sha256)."""
    hasher = hashlib.md5() if algorithm == "md5" else hashlib.sha256()
    with open(fpath, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=CHUNK_BYTES):
    """Whether the file's sha256/md5 equals ``file_hash`` (hex, compared case-insensitively)."""
    algorithm = _algorithm(algorithm, file_hash)
    return hash_file(fpath, algorithm, chunk_size) == str(file_hash).lower()


def cache_paths(fname, origin, cache_subdir="datasets", cache_dir=None, extract=False):
    """``(datadir, download_target, extraction_dir)`` exactly as Keras 3 names them.

    With ``extract``, a ``fname`` with a dot (``data.tar.gz``) is downloaded under that name and
    unpacked into ``data_extracted/``; one without a dot (``cifar-10-batches-py-target``) is
    unpacked into ``<fname>/`` from the archive ``<fname>_archive``. ``extraction_dir`` is None
    without ``extract``.
    """
    provided = fname is not None and os.fspath(fname) != ""
    fname = os.fspath(fname) if provided else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(f"Can't parse the file name from the origin provided: {origin!r}. "
                         "Please specify the `fname` argument.")
    if os.sep in fname or "/" in fname:
        raise ValueError("Paths are no longer accepted as the `fname` argument. To specify the file's "
                         f"parent directory, use the `cache_dir` argument. Received: fname={fname}")
    base = os.path.expanduser(os.fspath(cache_dir) if cache_dir is not None else keras_home())
    datadir = os.path.join(base, cache_subdir)
    if not extract:
        return datadir, os.path.join(datadir, fname), None
    if provided and "." in fname:
        stem = fname[: fname.find(".")]
        return datadir, os.path.join(datadir, fname), os.path.join(datadir, f"{stem}_extracted")
    return datadir, os.path.join(datadir, f"{fname}_archive"), os.path.join(datadir, fname)


def _writable_datadir(datadir, target, cache_subdir):
    """Keras falls back to ``/tmp/.keras`` when the cache folder cannot be written."""
    try:
        os.makedirs(datadir, exist_ok=True)
    except OSError:
        pass
    if os.access(datadir, os.W_OK):
        return datadir, target
    fallback = os.path.join(tempfile.gettempdir(), ".keras", cache_subdir)
    os.makedirs(fallback, exist_ok=True)
    print(f"The cache folder {datadir} is not writable; using {fallback} instead.")
    return fallback, os.path.join(fallback, os.path.basename(target))


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False, archive_format="auto",
             cache_dir=None, force_download=False):
    """Download ``origin`` into the Keras cache unless a verified copy is already there.

    Returns the path of the cached file, or of the extraction folder with ``extract=True``
    (or the deprecated ``untar=True``, which means tar). See the module docstring for the cache
    layout, atomicity, retries and extraction safety.
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    algorithm = _algorithm(hash_algorithm, file_hash)
    extract = bool(extract or untar)
    datadir, target, extraction_dir = cache_paths(fname, origin, cache_subdir, cache_dir, extract)
    if not os.path.exists(target):
        datadir, target = _writable_datadir(datadir, target, cache_subdir)
        if extraction_dir is not None:
            extraction_dir = os.path.join(datadir, os.path.basename(extraction_dir))

    stale = False
    download = force_download or not os.path.exists(target)
    if not download and file_hash is not None and not validate_file(target, file_hash, algorithm):
        print("A local file was found, but it seems to be incomplete or outdated because the "
              f"{algorithm} file hash does not match the original value of {file_hash} so we will "
              "re-download the data.")
        download = stale = True
    if download:
        print(f"Downloading data from {origin}")
        _download(origin, target, file_hash, algorithm, stale)

    if not extract:
        return target
    formats = "tar" if untar else archive_format
    if download or not extraction_is_current(target, extraction_dir):
        if not extract_archive(target, extraction_dir, formats):
            warnings.warn(f"Could not extract archive {target}: it is not a {formats} archive.",
                          stacklevel=2)
    return extraction_dir


# --------------------------------------------------------------------------------- download


class _Truncated(Exception):
    def __init__(self, got, total):
        super().__init__(f"connection closed after {got} of {total} bytes")


def _offline():
    return os.environ.get("SAESSAK_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


def _placement_help(origin, target, file_hash, algorithm, stale):
    lines = [f"To use it without network access, download it elsewhere from\n    {origin}\n"
             f"and place it at\n    {target}"]
    if file_hash is not None:
        lines.append(f"(its {algorithm} must be {file_hash}).")
    if stale:
        lines.append(f"The file already at {target} does not match that hash; it was left in place.")
    return "\n".join(lines)


def _download(origin, target, file_hash, algorithm, stale):
    # Imported here: http.client (with ssl and email) costs ~35 ms that only a download needs.
    import http.client  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    help_text = _placement_help(origin, target, file_hash, algorithm, stale)
    if _offline():
        raise DownloadError(f"Not downloading {origin}: SAESSAK_OFFLINE is set.\n{help_text}")
    network_errors = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError,
                      _Truncated)
    attempt = 0
    while True:
        attempt += 1
        try:
            _download_once(urllib.request.urlopen, origin, target, file_hash, algorithm)
            return
        except (*network_errors, OSError) as exc:
            transient = (exc.code >= 500 or exc.code in (408, 429)
                         if isinstance(exc, urllib.error.HTTPError) else isinstance(exc, network_errors))
            if not transient:
                if isinstance(exc, urllib.error.HTTPError):
                    raise DownloadError(f"URL fetch failure on {origin}: HTTP {exc.code} {exc.reason}."
                                        f"\n{help_text}") from None
                raise
            if attempt >= DOWNLOAD_ATTEMPTS:
                raise DownloadError(f"Could not download {origin} ({attempt} attempts; last error: "
                                    f"{exc}).\n{help_text}") from None
            wait = RETRY_BACKOFF_S * 2 ** (attempt - 1)
            print(f"Download failed (attempt {attempt}/{DOWNLOAD_ATTEMPTS}: {exc}); "
                  f"retrying in {wait:g} s.")
            time.sleep(wait)


def _download_once(urlopen, origin, target, file_hash, algorithm):
    hasher = hashlib.md5() if algorithm == "md5" else hashlib.sha256()
    fd, part = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".part",
                                dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as out, urlopen(origin, timeout=TIMEOUT_S) as resp:
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            bar, got = _ByteProgress(total), 0
            try:
                # A server that closes early makes read() return b"" or raise IncompleteRead.
                for chunk in iter(lambda: resp.read(CHUNK_BYTES), b""):
                    out.write(chunk)
                    hasher.update(chunk)
                    got += len(chunk)
                    bar.update(got)
                if total is not None and got != total:
                    raise _Truncated(got, total)
            finally:
                bar.finish(got)  # also after a failure, so that the next message starts a line
            out.flush()
            os.fsync(out.fileno())
        if file_hash is not None and hasher.hexdigest() != str(file_hash).lower():
            raise HashMismatchError(
                f"Incomplete or corrupted file detected. The {algorithm} file hash of the data "
                f"downloaded from {origin} is {hasher.hexdigest()}, not the provided value of "
                f"{file_hash}. Nothing was cached. If the file was changed upstream on purpose, "
                "pass its new hash as `file_hash`; otherwise try again later.")
        os.replace(part, target)
    finally:
        if os.path.exists(part):
            os.remove(part)


class _ByteProgress:
    """Keras's byte progress bar: ``11490434/11490434 ━━━━━━━━━━━━━━━━━━━━ 1s 0us/step``."""

    def __init__(self, total):
        self.total = total
        self.bar = Progbar(total)

    def update(self, current):
        if self.total is None or current < self.total:
            self.bar.update(current)

    def finish(self, current):
        self.bar.update(current, finalize=True)


# --------------------------------------------------------------------------------- extraction


def _fingerprint(archive):
    st = os.stat(archive)
    return f"{os.path.realpath(archive)}\n{st.st_size}\n{st.st_mtime_ns}\n"


def extraction_is_current(archive, extraction_dir):
    try:
        with open(os.path.join(extraction_dir, EXTRACTION_MARKER), encoding="utf-8") as f:
            return f.read() == _fingerprint(archive)
    except OSError:
        return False


def _formats(archive_format):
    if archive_format is None:
        return []
    formats = ["tar", "zip"] if archive_format == "auto" else (
        [archive_format] if isinstance(archive_format, str) else list(archive_format))
    for fmt in formats:
        if fmt not in ("tar", "zip"):
            raise ValueError(f"archive_format must be 'auto', 'tar', 'zip', a list of those, or None; "
                             f"received {archive_format!r}.")
    return formats


def extract_archive(file_path, path=".", archive_format="auto"):
    """Unpack a tar or zip archive into ``path``, atomically; False if the format does not match.

    The content goes to a temporary folder beside ``path`` first and replaces ``path`` only when
    complete. An archive with a member that would land outside ``path`` raises ValueError and
    writes nothing.
    """
    file_path, path = os.fspath(file_path), os.fspath(path)
    for fmt in _formats(archive_format):
        matches = tarfile.is_tarfile(file_path) if fmt == "tar" else zipfile.is_zipfile(file_path)
        if not matches:
            continue
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(path)}.", suffix=".extracting", dir=parent)
        try:
            if fmt == "tar":
                with tarfile.open(file_path) as archive:
                    _extract_tar(archive, tmp, file_path)
            else:
                with zipfile.ZipFile(file_path) as archive:
                    _extract_zip(archive, tmp, file_path)
            _check_links(tmp, file_path)
            with open(os.path.join(tmp, EXTRACTION_MARKER), "w", encoding="utf-8") as f:
                f.write(_fingerprint(file_path))
            _swap_in(tmp, path)
        finally:
            if os.path.exists(tmp):
                shutil.rmtree(tmp)
        return True
    return False


def _swap_in(new_dir, path):
    if os.path.lexists(path):
        old = f"{path}.old-{os.getpid()}-{time.monotonic_ns()}"
        os.rename(path, old)
        os.rename(new_dir, path)
        if os.path.isdir(old) and not os.path.islink(old):
            shutil.rmtree(old)
        else:
            os.remove(old)
    else:
        os.rename(new_dir, path)


def _is_absolute(name):
    return name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":")


def _has_dotdot(name):
    return ".." in name.replace("\\", "/").split("/")


def _inside(root, path):
    return os.path.commonpath([root, path]) == root


def _refuse(archive_path, problems):
    shown = "; ".join(f"{name!r} ({why})" for name, why in problems[:10])
    more = f" and {len(problems) - 10} more" if len(problems) > 10 else ""
    raise ValueError(f"Refusing to extract {archive_path}: member(s) {shown}{more} would land outside "
                     "the extraction folder or are not plain files. Nothing was extracted. The archive "
                     "may be malicious; check where it came from.")


def _tar_problem(member):
    """Why a tar member is unsafe, judged from its name alone (None when fine)."""
    name, link = member.name, member.linkname
    if _is_absolute(name):
        return "absolute path"
    if _has_dotdot(name):
        return "'..' in path"
    if member.ischr() or member.isblk() or member.isfifo():
        return "device or FIFO"
    if member.issym() or member.islnk():
        if _is_absolute(link):
            return f"link to absolute path {link!r}"
        base = os.path.dirname(name) if member.issym() else ""
        if os.path.normpath(os.path.join(base, link)).split(os.sep)[0] == "..":
            return f"link to {link!r}, outside the folder"
    return None


def _extract_tar(archive, dest, archive_path):
    members = archive.getmembers()
    problems = [(m.name, why) for m in members if (why := _tar_problem(m))]
    if problems:
        _refuse(archive_path, problems)
    root = os.path.realpath(dest)
    kwargs = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    for m in members:
        # Judge again on disk: links unpacked by earlier members may redirect this one.
        real = os.path.realpath(os.path.join(root, m.name))
        if m.issym():
            link_real = os.path.realpath(os.path.join(os.path.dirname(real), m.linkname))
        elif m.islnk():
            link_real = os.path.realpath(os.path.join(root, m.linkname))
        else:
            link_real = real
        if not (_inside(root, real) and _inside(root, link_real)):
            _refuse(archive_path, [(m.name, "resolves outside the folder")])
        try:
            archive.extract(m, dest, set_attrs=not m.issym(), **kwargs)
        except tarfile.TarError as exc:
            _refuse(archive_path, [(m.name, str(exc))])


def _extract_zip(archive, dest, archive_path):
    infos = archive.infolist()
    problems = [(i.filename, "absolute path" if _is_absolute(i.filename) else "'..' in path")
                for i in infos if _is_absolute(i.filename) or _has_dotdot(i.filename)]
    if problems:
        _refuse(archive_path, problems)
    root = os.path.realpath(dest)
    for info in infos:
        if not _inside(root, os.path.realpath(os.path.join(root, info.filename))):
            _refuse(archive_path, [(info.filename, "resolves outside the folder")])
        archive.extract(info, dest)  # zipfile writes links as plain files: no link can escape


def _check_links(root, archive_path):
    """After unpacking, no link may point outside (order tricks can defeat per-member checks)."""
    root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            if os.path.islink(path) and not _inside(root, os.path.realpath(path)):
                _refuse(archive_path, [(os.path.relpath(path, root), "link resolving outside the folder")])
