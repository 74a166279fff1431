"""keras.utils.get_file: Keras's cache layout, atomic and retried downloads, safe extraction.

No test touches the network: downloads come from a local HTTP server on 127.0.0.1 that can
serve a file, close the connection half-way, answer 500/404, or serve wrong bytes.
"""

import hashlib
import http.server
import io
import os
import socket
import tarfile
import threading
import zipfile
from collections import Counter

import pytest

from saessak.keras.utils import file_utils
from saessak.keras.utils.file_utils import DownloadError, HashMismatchError, cache_paths, get_file

PAYLOAD = bytes(range(256)) * 1000  # 256 kB: several read chunks, so progress updates happen
SHA256 = hashlib.sha256(PAYLOAD).hexdigest()
MD5 = hashlib.md5(PAYLOAD).hexdigest()


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        srv = self.server
        srv.hits[self.path] += 1
        plan = srv.plans.get(self.path)
        action = plan.pop(0) if plan else "ok"
        body = srv.files.get(self.path)
        if body is None or action in ("500", "404"):
            self.send_error(404 if body is None or action == "404" else 500)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # "truncate": announce the full length, send half, and hang up.
        self.wfile.write(body[: len(body) // 2] if action == "truncate" else body)


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    srv.timeout = 5
    srv.files, srv.plans, srv.hits = {}, {}, Counter()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    srv.url = lambda path: f"http://127.0.0.1:{srv.server_address[1]}{path}"
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(timeout=5)


@pytest.fixture
def srv(server, monkeypatch, tmp_path):
    """The server with fresh plans and counters, no retry wait, and a private Keras home."""
    server.plans.clear()
    server.hits.clear()
    server.files.clear()
    server.files["/data.bin"] = PAYLOAD
    monkeypatch.setattr(file_utils, "RETRY_BACKOFF_S", 0.0)
    monkeypatch.setattr(file_utils, "TIMEOUT_S", 10.0)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.delenv("SAESSAK_OFFLINE", raising=False)
    return server


def _leftovers(folder):
    return [p.name for p in folder.rglob("*") if p.name.endswith((".part", ".extracting"))
            or ".old-" in p.name]


def test_download_verifies_caches_and_shows_progress(srv, tmp_path, capsys):
    path = get_file("data.bin", origin=srv.url("/data.bin"), file_hash=SHA256)
    assert path == str(tmp_path / "keras_home" / "datasets" / "data.bin")
    assert open(path, "rb").read() == PAYLOAD
    out = capsys.readouterr().out
    assert f"Downloading data from {srv.url('/data.bin')}" in out
    assert f"{len(PAYLOAD)}/{len(PAYLOAD)}" in out
    # Cached: a second call does not download, and an md5 hash is recognised by its length.
    assert get_file("data.bin", origin=srv.url("/data.bin"), file_hash=MD5) == path
    assert get_file("data.bin", origin=srv.url("/data.bin"), md5_hash=MD5) == path
    assert srv.hits["/data.bin"] == 1
    assert "Downloading" not in capsys.readouterr().out
    assert _leftovers(tmp_path) == []


def test_fname_from_origin_cache_dir_and_subdir(srv, tmp_path):
    path = get_file(origin=srv.url("/data.bin"), cache_dir=tmp_path / "c", cache_subdir="sub")
    assert path == str(tmp_path / "c" / "sub" / "data.bin")
    absolute = tmp_path / "elsewhere"
    assert get_file("x.bin", srv.url("/data.bin"), cache_subdir=str(absolute)) == str(absolute / "x.bin")


def test_interrupted_download_is_not_cached_and_retry_succeeds(srv, tmp_path, capsys):
    srv.plans["/data.bin"] = ["truncate"]
    path = get_file("data.bin", origin=srv.url("/data.bin"), file_hash=SHA256)
    assert open(path, "rb").read() == PAYLOAD
    assert srv.hits["/data.bin"] == 2
    assert "retrying" in capsys.readouterr().out
    assert _leftovers(tmp_path) == []


def test_download_interrupted_every_time_leaves_nothing(srv, tmp_path):
    srv.plans["/data.bin"] = ["truncate"] * 10
    target = tmp_path / "keras_home" / "datasets" / "data.bin"
    with pytest.raises(DownloadError, match=r"3 attempts; last error: connection closed after") as info:
        get_file("data.bin", origin=srv.url("/data.bin"))  # no hash: the length check catches it
    assert str(target) in str(info.value) and srv.url("/data.bin") in str(info.value)
    assert srv.hits["/data.bin"] == file_utils.DOWNLOAD_ATTEMPTS == 3
    assert not target.exists() and _leftovers(tmp_path) == []


@pytest.mark.parametrize("attempts", [1, 4])
def test_server_errors_are_retried_attempts_times(srv, monkeypatch, attempts):
    monkeypatch.setattr(file_utils, "DOWNLOAD_ATTEMPTS", attempts)
    srv.plans["/data.bin"] = ["500"] * 10
    with pytest.raises(DownloadError, match="500"):
        get_file("data.bin", origin=srv.url("/data.bin"))
    assert srv.hits["/data.bin"] == attempts


def test_not_found_is_not_retried(srv, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404") as info:
        get_file("missing.bin", origin=srv.url("/missing.bin"))
    assert srv.hits["/missing.bin"] == 1
    assert str(tmp_path / "keras_home" / "datasets" / "missing.bin") in str(info.value)


def test_corrupt_download_raises_and_caches_nothing(srv, tmp_path):
    srv.files["/data.bin"] = PAYLOAD[:-1] + b"X"
    with pytest.raises(HashMismatchError, match=f"Incomplete or corrupted file detected.*{SHA256}"):
        get_file("data.bin", origin=srv.url("/data.bin"), file_hash=SHA256)
    assert srv.hits["/data.bin"] == 1  # a wrong hash is not a transient failure
    assert not (tmp_path / "keras_home" / "datasets" / "data.bin").exists()
    assert _leftovers(tmp_path) == []


def test_stale_cached_file_is_kept_until_a_verified_copy_replaces_it(srv, tmp_path, capsys):
    target = tmp_path / "keras_home" / "datasets" / "data.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"old")
    srv.plans["/data.bin"] = ["404"]
    with pytest.raises(DownloadError, match="does not match that hash; it was left in place"):
        get_file("data.bin", origin=srv.url("/data.bin"), file_hash=SHA256)
    assert target.read_bytes() == b"old"
    assert "re-download" in capsys.readouterr().out
    get_file("data.bin", origin=srv.url("/data.bin"), file_hash=SHA256)
    assert target.read_bytes() == PAYLOAD


def test_force_download(srv):
    get_file("data.bin", origin=srv.url("/data.bin"))
    get_file("data.bin", origin=srv.url("/data.bin"), force_download=True)
    assert srv.hits["/data.bin"] == 2


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_without_cache_says_what_to_place_where(srv, tmp_path, monkeypatch):
    origin = f"http://127.0.0.1:{_closed_port()}/files/mnist.npz"
    target = tmp_path / "keras_home" / "datasets" / "mnist.npz"
    with pytest.raises(DownloadError) as info:
        get_file("mnist.npz", origin=origin, file_hash=SHA256)
    message = str(info.value)
    assert f"download it elsewhere from\n    {origin}\nand place it at\n    {target}" in message
    assert f"(its sha256 must be {SHA256})" in message
    # SAESSAK_OFFLINE=1 gives the same help without trying the network.
    monkeypatch.setenv("SAESSAK_OFFLINE", "1")
    with pytest.raises(DownloadError, match="SAESSAK_OFFLINE is set"):
        get_file("data.bin", origin=srv.url("/data.bin"))
    assert srv.hits["/data.bin"] == 0


def test_argument_errors(srv):
    with pytest.raises(ValueError, match='"origin" argument'):
        get_file("a.bin")
    with pytest.raises(ValueError, match="Paths are no longer accepted"):
        get_file("sub/a.bin", origin=srv.url("/data.bin"))
    with pytest.raises(ValueError, match="Did you mean 'sha256'"):
        get_file("a.bin", origin=srv.url("/data.bin"), hash_algorithm="sha265")
    with pytest.raises(ValueError, match="archive_format"):
        get_file("a.tar", origin=srv.url("/data.bin"), extract=True, archive_format="rar")


def test_cache_paths_follow_keras():
    d = os.path.join("/k", "datasets")
    assert cache_paths("a.npz", "http://h/x.npz", cache_dir="/k") == (d, f"{d}/a.npz", None)
    assert cache_paths(None, "http://h/x.tar.gz", cache_dir="/k", extract=True) == (
        d, f"{d}/x.tar.gz_archive", f"{d}/x.tar.gz")
    assert cache_paths("data.tar.gz", "http://h/x", cache_dir="/k", extract=True) == (
        d, f"{d}/data.tar.gz", f"{d}/data_extracted")
    assert cache_paths("cifar-10-batches-py-target", "http://h/c.tar.gz", cache_dir="/k", extract=True) == (
        d, f"{d}/cifar-10-batches-py-target_archive", f"{d}/cifar-10-batches-py-target")


# ------------------------------------------------------------------------------------ archives


def _tar(members, mode="w:gz"):
    """A tar archive from (name, bytes | ('sym' | 'hard', target) | 'dir') pairs."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tar:
        for name, content in members:
            info = tarfile.TarInfo(name)
            if content == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif isinstance(content, tuple):
                info.type = tarfile.SYMTYPE if content[0] == "sym" else tarfile.LNKTYPE
                info.linkname = content[1]
                tar.addfile(info)
            else:
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
    return buf.getvalue()


def _zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in members:
            zf.writestr(zipfile.ZipInfo(name), content)
    return buf.getvalue()


GOOD = [("pkg", "dir"), ("pkg/a.txt", b"alpha"), ("pkg/sub/b.txt", b"beta"), ("pkg/link", ("sym", "a.txt"))]


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
def test_extract_archive(srv, tmp_path, kind, monkeypatch):
    srv.files[f"/arch.{kind}"] = _tar(GOOD) if kind == "tar.gz" else _zip(GOOD[1:3])
    out = get_file(f"arch.{kind}", origin=srv.url(f"/arch.{kind}"), extract=True)
    root = tmp_path / "keras_home" / "datasets"
    assert out == str(root / "arch_extracted")
    assert (root / f"arch.{kind}").is_file()
    assert (root / "arch_extracted" / "pkg" / "a.txt").read_bytes() == b"alpha"
    assert (root / "arch_extracted" / "pkg" / "sub" / "b.txt").read_bytes() == b"beta"
    if kind == "tar.gz":
        assert os.readlink(root / "arch_extracted" / "pkg" / "link") == "a.txt"
    # A second call finds the extraction current and neither downloads nor unpacks again.
    monkeypatch.setattr(file_utils, "extract_archive", lambda *a: pytest.fail("extracted twice"))
    assert get_file(f"arch.{kind}", origin=srv.url(f"/arch.{kind}"), extract=True) == out
    assert srv.hits[f"/arch.{kind}"] == 1
    assert _leftovers(tmp_path) == []


def test_untar_without_fname_uses_keras_names(srv, tmp_path):
    srv.files["/bundle.tgz"] = _tar(GOOD[:2])
    out = get_file(origin=srv.url("/bundle.tgz"), untar=True)
    root = tmp_path / "keras_home" / "datasets"
    assert out == str(root / "bundle.tgz")
    assert (root / "bundle.tgz_archive").is_file() and (root / "bundle.tgz" / "pkg" / "a.txt").exists()


def _hostile_tars(tmp_path):
    outside = tmp_path / "outside"
    return {
        "dotdot": [("ok.txt", b"ok"), ("../evil.txt", b"evil")],
        "absolute": [("ok.txt", b"ok"), (str(outside / "abs_evil.txt"), b"evil")],
        "symlink_absolute": [("escape", ("sym", str(outside))), ("escape/evil.txt", b"evil")],
        "symlink_up": [("up", ("sym", "..")), ("up/evil.txt", b"evil")],
        "hardlink_out": [("hl", ("hard", "../../etc/passwd"))],
        # Each link looks harmless alone: x -> ".", then y -> "x/.." which is the parent.
        "symlink_chain": [("x", ("sym", ".")), ("y", ("sym", "x/..")), ("y/evil.txt", b"evil")],
        "symlink_chain_late": [("y", ("sym", "x/..")), ("x", ("sym", "."))],
    }


HOSTILE = ["dotdot", "absolute", "symlink_absolute", "symlink_up", "hardlink_out", "symlink_chain",
           "symlink_chain_late"]


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_tar_is_refused_and_writes_nothing(srv, tmp_path, case):
    (tmp_path / "outside").mkdir()
    srv.files["/evil.tar.gz"] = _tar(_hostile_tars(tmp_path)[case])
    with pytest.raises(ValueError, match="Refusing to extract .*Nothing was extracted"):
        get_file("evil.tar.gz", origin=srv.url("/evil.tar.gz"), extract=True)
    root = tmp_path / "keras_home" / "datasets"
    assert not (root / "evil_extracted").exists()
    assert list((tmp_path / "outside").iterdir()) == []
    assert not (root / "evil.txt").exists() and not (tmp_path / "keras_home" / "evil.txt").exists()
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("case", HOSTILE)
def test_on_disk_checks_refuse_hostile_tars_without_the_name_checks(tmp_path, monkeypatch, case):
    # Defence in depth: with the name-based checks switched off, the realpath checks made while
    # unpacking (and the final scan for links) still refuse every hostile archive.
    monkeypatch.setattr(file_utils, "_tar_problem", lambda member: None)
    (tmp_path / "outside").mkdir()
    archive = tmp_path / "evil.tar.gz"
    archive.write_bytes(_tar(_hostile_tars(tmp_path)[case]))
    with pytest.raises(ValueError, match="Refusing to extract"):
        file_utils.extract_archive(archive, tmp_path / "dest")
    assert not (tmp_path / "dest").exists() and list((tmp_path / "outside").iterdir()) == []
    assert not (tmp_path / "evil.txt").exists() and _leftovers(tmp_path) == []


def test_hostile_zip_is_refused_and_writes_nothing(srv, tmp_path):
    srv.files["/evil.zip"] = _zip([("ok.txt", b"ok"), ("../evil.txt", b"evil"),
                                   (str(tmp_path / "abs_evil.txt"), b"evil")])
    with pytest.raises(ValueError, match=r"'\.\./evil\.txt' \('\.\.' in path\).*absolute path"):
        get_file("evil.zip", origin=srv.url("/evil.zip"), extract=True)
    root = tmp_path / "keras_home" / "datasets"
    assert not (root / "evil_extracted").exists() and not (root / "evil.txt").exists()
    assert not (tmp_path / "abs_evil.txt").exists() and _leftovers(tmp_path) == []


def test_re_extraction_replaces_the_folder_atomically(srv, tmp_path):
    srv.files["/arch.tar.gz"] = _tar(GOOD[:2])
    out = get_file("arch.tar.gz", origin=srv.url("/arch.tar.gz"), extract=True)
    srv.files["/arch.tar.gz"] = _tar([("new.txt", b"new")])
    get_file("arch.tar.gz", origin=srv.url("/arch.tar.gz"), extract=True, force_download=True)
    assert sorted(os.listdir(out)) == [file_utils.EXTRACTION_MARKER, "new.txt"]
    assert _leftovers(tmp_path) == []
