"""keras.datasets: Keras's layouts and dtypes, the IDX reader, the offline mirror, cache rules.

No test uses the network (``SAESSAK_OFFLINE=1`` guards every one). MNIST is checked on the real
data in the shared offline mirror (``<repo>/../shared/keras_home/datasets``: a re-packed
``mnist.npz`` and the four IDX files). The other loaders run on tiny synthetic files in Keras's
formats; for IMDB, Reuters and the housing sets the expected results come from real Keras 3 run
on the same inputs (tools/make_golden_datasets.py -> tests/golden/datasets.json).
"""

import gzip
import hashlib
import json
import os
import pickle
import shutil
import tarfile
from pathlib import Path

import numpy as np
import pytest

from saessak.keras import config, datasets
from saessak.keras.datasets import cifar10, cifar100, fashion_mnist, imdb, mnist, reuters
from saessak.keras.datasets._readers import load_cifar_batch
from saessak.keras.datasets.idx import IdxFormatError, load_idx, save_idx
from saessak.keras.datasets.mirror import read_sha256sums
from saessak.keras.utils.file_utils import DownloadError, HashMismatchError

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
MIRROR = SHARED / "keras_home" / "datasets"
GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "golden" / "datasets.json").read_text())
IDX_FILES = {"x_train": "train-images-idx3-ubyte.gz", "y_train": "train-labels-idx1-ubyte.gz",
             "x_test": "t10k-images-idx3-ubyte.gz", "y_test": "t10k-labels-idx1-ubyte.gz"}
needs_shared = pytest.mark.skipif(
    not (MIRROR / "mnist.npz").exists(),
    reason=f"the shared offline MNIST mirror is absent (expected {MIRROR}, next to the repository)")


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A private, empty KERAS_HOME; no mirror; the network forbidden."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    monkeypatch.delenv("SAESSAK_DATASETS_MIRROR", raising=False)
    monkeypatch.setenv("SAESSAK_OFFLINE", "1")
    return tmp_path / "keras_home" / "datasets"


def make_mirror(folder, files, monkeypatch, listed=None):
    """A mirror folder holding ``files`` ({relative name: bytes}); SHA256SUMS lists ``listed``."""
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    names = files if listed is None else listed
    (folder / "SHA256SUMS").write_text(
        "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in names))
    monkeypatch.setenv("SAESSAK_DATASETS_MIRROR", str(folder))
    return folder


# ------------------------------------------------------------------------------- MNIST (real)


@pytest.fixture(scope="module")
def real_idx():
    if not (MIRROR / "mnist-idx").is_dir():
        pytest.skip(f"the shared IDX files are absent (expected {MIRROR / 'mnist-idx'})")
    return {key: load_idx(MIRROR / "mnist-idx" / name) for key, name in IDX_FILES.items()}


@needs_shared
def test_mnist_from_the_shared_mirror_is_read_in_place(home, monkeypatch, capsys):
    monkeypatch.setenv("SAESSAK_DATASETS_MIRROR", str(MIRROR))
    (x_train, y_train), (x_test, y_test) = mnist.load_data()
    assert capsys.readouterr().out == (
        f"Using mnist.npz from mirror {MIRROR} (sha256 matches the mirror's SHA256SUMS, not Keras's "
        "canonical hash: a re-packed copy)\n")
    assert (x_train.shape, x_train.dtype, y_train.shape, y_train.dtype) == ((60000, 28, 28), "uint8",
                                                                            (60000,), "uint8")
    assert (x_test.shape, x_test.dtype, y_test.shape, y_test.dtype) == ((10000, 28, 28), "uint8",
                                                                        (10000,), "uint8")
    assert y_train[:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    assert y_test[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]
    assert np.bincount(y_test).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert abs(x_train.mean() - 33.318421) < 1e-5 and x_train.max() == 255
    assert not (home / "mnist.npz").exists()  # a re-packed copy never enters Keras's cache


@needs_shared
def test_idx_files_hold_the_same_arrays_as_the_npz(real_idx):
    with np.load(MIRROR / "mnist.npz") as f:
        for key, array in real_idx.items():
            assert array.dtype == np.uint8 and array.flags.writeable
            assert array.shape == f[key].shape and np.array_equal(array, f[key])


@needs_shared
def test_shared_sha256sums_cover_the_idx_files():
    sums = read_sha256sums(MIRROR)
    for name in IDX_FILES.values():
        assert sums[f"mnist-idx/{name}"] == sha256(MIRROR / "mnist-idx" / name)
    raw = gzip.decompress((MIRROR / "mnist-idx" / IDX_FILES["y_test"]).read_bytes())
    assert raw[:8] == bytes([0, 0, 8, 1, 0, 0, 0x27, 0x10])  # magic 2049, 10000 labels


@needs_shared
def test_canonical_mirror_file_is_copied_into_the_cache(home, tmp_path, monkeypatch, capsys):
    # Pretend the shared file is Keras's canonical one: it is then copied, and later calls use
    # the cache without the mirror, exactly as if real Keras had downloaded it.
    monkeypatch.setattr(mnist, "FILE_HASH", sha256(MIRROR / "mnist.npz"))
    monkeypatch.setenv("SAESSAK_DATASETS_MIRROR", str(MIRROR))
    mnist.load_data()
    assert capsys.readouterr().out == (
        f"Using mnist.npz from mirror {MIRROR} (sha256 matches Keras's canonical hash; copied to "
        f"{home / 'mnist.npz'})\n")
    assert sha256(home / "mnist.npz") == mnist.FILE_HASH
    monkeypatch.delenv("SAESSAK_DATASETS_MIRROR")
    assert mnist.load_data()[1][1].shape == (10000,)
    assert capsys.readouterr().out == ""
    assert sorted(os.listdir(home)) == ["mnist.npz"]  # no temporary file left behind


@needs_shared
def test_cached_file_with_a_non_canonical_hash_is_kept_not_deleted(home, monkeypatch, capsys):
    home.mkdir(parents=True)
    shutil.copy(MIRROR / "mnist.npz", home / "mnist.npz")
    with pytest.raises(HashMismatchError) as info:
        mnist.load_data()
    message = str(info.value)
    assert str(home / "mnist.npz") in message and sha256(MIRROR / "mnist.npz") in message
    assert mnist.FILE_HASH in message and "left in place" in message and "delete it" in message
    assert (home / "mnist.npz").exists()
    # With the mirror set, its SHA256SUMS vouches for the re-packed copy.
    monkeypatch.setenv("SAESSAK_DATASETS_MIRROR", str(MIRROR))
    assert mnist.load_data()[0][0].shape == (60000, 28, 28)
    assert capsys.readouterr().out == (
        f"Using cached {home / 'mnist.npz'} (sha256 matches the mirror's SHA256SUMS, not Keras's "
        "canonical hash: a re-packed copy)\n")


def test_mirror_file_matching_neither_hash_is_refused(home, tmp_path, monkeypatch):
    make_mirror(tmp_path / "mirror", {"mnist.npz": b"not mnist"}, monkeypatch, listed=[])
    with pytest.raises(HashMismatchError, match="Refusing .*mnist.npz from the mirror.*has no entry for "
                                                "mnist.npz.*put the line"):
        mnist.load_data()
    (tmp_path / "mirror" / "SHA256SUMS").write_text(f"{'0' * 64}  mnist.npz\n")
    with pytest.raises(HashMismatchError, match=f"which lists {'0' * 64}"):
        mnist.load_data()
    assert not home.exists() or os.listdir(home) == []


def test_offline_without_cache_says_where_to_place_the_file(home, tmp_path, monkeypatch):
    with pytest.raises(DownloadError) as info:
        mnist.load_data()
    message = str(info.value)
    assert f"from\n    {mnist.ORIGIN}\nand place it at\n    {home / 'mnist.npz'}" in message
    assert mnist.FILE_HASH in message and "SAESSAK_DATASETS_MIRROR" in message
    make_mirror(tmp_path / "mirror", {"other.npz": b"x"}, monkeypatch)
    with pytest.raises(DownloadError, match=r"the mirror .*mirror has no mnist\.npz"):
        mnist.load_data()


def test_mirror_variable_may_name_keras_home_and_must_exist(tmp_path, monkeypatch):
    (tmp_path / "kh" / "datasets").mkdir(parents=True)
    (tmp_path / "kh" / "datasets" / "SHA256SUMS").write_text("")
    monkeypatch.setenv("SAESSAK_DATASETS_MIRROR", str(tmp_path / "kh"))
    assert datasets.mirror.mirror_root() == str(tmp_path / "kh" / "datasets")
    monkeypatch.setenv("SAESSAK_DATASETS_MIRROR", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="SAESSAK_DATASETS_MIRROR=.*nowhere is not a folder"):
        datasets.mirror.mirror_root()


def test_malformed_sha256sums_is_reported(home, tmp_path, monkeypatch):
    make_mirror(tmp_path / "mirror", {"mnist.npz": b"x"}, monkeypatch)
    (tmp_path / "mirror" / "SHA256SUMS").write_text("# comment\n\nabc  mnist.npz\n")
    with pytest.raises(ValueError, match="SHA256SUMS, line 3: expected '<64 hex digits>  <name>'"):
        mnist.load_data()


# ---------------------------------------------------------------------------------------- IDX


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "float32", "float64"])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_idx_round_trip(tmp_path, dtype, suffix):
    array = (np.arange(2 * 3 * 4) - 5).reshape(2, 3, 4).astype(dtype)
    save_idx(tmp_path / f"a.idx{suffix}", array)
    out = load_idx(tmp_path / f"a.idx{suffix}")
    assert out.dtype == np.dtype(dtype) and out.dtype.isnative and out.shape == (2, 3, 4)
    np.testing.assert_array_equal(out, array)


def test_idx_errors(tmp_path):
    save_idx(tmp_path / "a.gz", np.zeros((3, 28, 28), np.uint8))
    raw = gzip.decompress((tmp_path / "a.gz").read_bytes())
    (tmp_path / "short.gz").write_bytes(gzip.compress(raw[:-10]))
    with pytest.raises(IdxFormatError, match=r"truncated: the header announces shape \(3, 28, 28\)"):
        load_idx(tmp_path / "short.gz")
    (tmp_path / "long").write_bytes(raw + b"\0")
    with pytest.raises(IdxFormatError, match="unexpected bytes after"):
        load_idx(tmp_path / "long")
    (tmp_path / "bad").write_bytes(b"PK\3\4" + raw)
    with pytest.raises(IdxFormatError, match="not an IDX file"):
        load_idx(tmp_path / "bad")
    (tmp_path / "broken.gz").write_bytes((tmp_path / "a.gz").read_bytes()[:40])
    with pytest.raises(IdxFormatError, match="broken.gz"):
        load_idx(tmp_path / "broken.gz")


def _fashion_files(tmp_path, n_train=6, n_test=4):
    rng = np.random.RandomState(0)
    arrays = {"x_train": rng.randint(0, 256, (n_train, 28, 28)).astype(np.uint8),
              "y_train": rng.randint(0, 10, n_train).astype(np.uint8),
              "x_test": rng.randint(0, 256, (n_test, 28, 28)).astype(np.uint8),
              "y_test": rng.randint(0, 10, n_test).astype(np.uint8)}
    files = {}
    for key, name in IDX_FILES.items():
        save_idx(tmp_path / name, arrays[key])
        files[f"fashion-mnist/{name}"] = (tmp_path / name).read_bytes()
    return arrays, files


def test_fashion_mnist_from_a_mirror_fills_keras_cache(home, tmp_path, monkeypatch, capsys):
    arrays, files = _fashion_files(tmp_path)
    mirror = make_mirror(tmp_path / "mirror", files, monkeypatch)
    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    for key, value in {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}.items():
        assert value.dtype == np.uint8
        np.testing.assert_array_equal(value, arrays[key])
    out = capsys.readouterr().out
    assert (f"Using fashion-mnist/train-images-idx3-ubyte.gz from mirror {mirror} (sha256 matches the "
            "mirror's SHA256SUMS; Keras publishes no hash for this file; copied to "
            f"{home / 'fashion-mnist' / 'train-images-idx3-ubyte.gz'})") in out
    # Keras checks no hash for these files, so they are copied where Keras caches them.
    assert sorted(os.listdir(home / "fashion-mnist")) == sorted(IDX_FILES.values())
    monkeypatch.delenv("SAESSAK_DATASETS_MIRROR")
    np.testing.assert_array_equal(fashion_mnist.load_data()[1][1], arrays["y_test"])


def test_fashion_mnist_rejects_inconsistent_files(home, tmp_path, monkeypatch):
    _, files = _fashion_files(tmp_path)
    save_idx(tmp_path / "labels.gz", np.zeros(5, np.uint8))
    files["fashion-mnist/train-labels-idx1-ubyte.gz"] = (tmp_path / "labels.gz").read_bytes()
    make_mirror(tmp_path / "mirror", files, monkeypatch)
    with pytest.raises(IdxFormatError, match=r"shape \(6, 28, 28\).*labels of shape \(5,\)"):
        fashion_mnist.load_data()


# ---------------------------------------------------------------------------------- CIFAR


def _cifar_archive(tmp_path, folder, batches):
    """A tar.gz like Keras's CIFAR archives: pickled dicts with bytes keys under ``folder/``."""
    for name, batch in batches.items():
        (tmp_path / folder).mkdir(exist_ok=True)
        with open(tmp_path / folder / name, "wb") as f:
            # Protocol 3 stores bytes natively, like the Python 2 pickles of the real archives.
            pickle.dump({k.encode(): v for k, v in batch.items()}, f, protocol=3)
    with tarfile.open(tmp_path / "archive.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / folder, arcname=folder)
    return (tmp_path / "archive.tar.gz").read_bytes()


def _images(seed, n):
    return np.random.RandomState(seed).randint(0, 256, (n, 3072)).astype(np.uint8)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_cifar10_layout(home, tmp_path, monkeypatch, data_format):
    batches = {f"data_batch_{i}": {"data": _images(i, 2), "labels": [i, 9 - i]} for i in range(1, 6)}
    batches["test_batch"] = {"data": _images(0, 3), "labels": [3, 1, 4]}
    archive = _cifar_archive(tmp_path, "cifar-10-batches-py", batches)
    make_mirror(tmp_path / "mirror", {"cifar-10-python.tar.gz": archive}, monkeypatch)
    monkeypatch.setattr(config, "_settings", dict(config._settings, image_data_format=data_format))
    (x_train, y_train), (x_test, y_test) = cifar10.load_data()
    assert (x_train.dtype, y_train.dtype, x_test.dtype, y_test.dtype) == ("uint8",) * 4
    assert y_train.shape == (10, 1) and y_test.tolist() == [[3], [1], [4]]
    assert y_train[:, 0].tolist() == [1, 8, 2, 7, 3, 6, 4, 5, 5, 4]
    planes = _images(3, 2).reshape(2, 3, 32, 32)  # batch 3 = train rows 4, 5; rows hold R, G, B planes
    expected = planes.transpose(0, 2, 3, 1) if data_format == "channels_last" else planes
    np.testing.assert_array_equal(x_train[4:6], expected)
    assert x_train.shape == ((10, 32, 32, 3) if data_format == "channels_last" else (10, 3, 32, 32))
    assert (home / "cifar-10-batches-py-target" / "cifar-10-batches-py" / "test_batch").is_file()


def test_cifar100_labels_and_extraction_reuse(home, tmp_path, monkeypatch):
    batches = {split: {"data": _images(n, n), "fine_labels": list(range(n)), "coarse_labels": [7] * n}
               for split, n in (("train", 4), ("test", 2))}
    archive = _cifar_archive(tmp_path, "cifar-100-python", batches)
    make_mirror(tmp_path / "mirror", {"cifar-100-python-target_archive": archive}, monkeypatch)
    (x_train, y_train), (x_test, y_test) = cifar100.load_data()
    assert x_train.shape == (4, 32, 32, 3) and x_train.dtype == np.uint8
    assert y_train.dtype == np.int64 and y_train[:, 0].tolist() == [0, 1, 2, 3]  # int64, as in Keras
    monkeypatch.setattr(datasets.mirror.file_utils, "extract_archive", lambda *a: pytest.fail("re-extracted"))
    assert cifar100.load_data("coarse")[1][1].tolist() == [[7], [7]]
    with pytest.raises(ValueError, match='`label_mode` must be one of "fine", "coarse"'):
        cifar100.load_data("medium")


def test_cifar_batches_refuse_foreign_pickles(tmp_path):
    with open(tmp_path / "evil", "wb") as f:
        pickle.dump({b"data": os.getcwd}, f, protocol=3)
    with pytest.raises(pickle.UnpicklingError, match="Refusing to load `posix.getcwd`"):
        load_cifar_batch(tmp_path / "evil")


# ------------------------------------------------------------- IMDB, Reuters, housing (golden)


def _object_array(seqs):
    out = np.empty(len(seqs), dtype=object)
    out[:] = [list(s) for s in seqs]
    return out


def _assert_split_equal(result, expected):
    for got, want in zip([a for pair in result for a in pair], [a for pair in expected for a in pair]):
        assert list(got.shape) == want["shape"] and str(got.dtype) == want["dtype"]
        assert got.tolist() == want["values"]


def _golden_mirror(tmp_path, monkeypatch, name, arrays):
    np.savez(tmp_path / name, **arrays)
    return make_mirror(tmp_path / "mirror", {name: (tmp_path / name).read_bytes()}, monkeypatch)


@pytest.mark.parametrize("case", GOLDEN["imdb"]["cases"], ids=lambda c: json.dumps(c["kwargs"]))
def test_imdb_matches_keras(home, tmp_path, monkeypatch, case):
    inputs = GOLDEN["imdb"]["inputs"]
    _golden_mirror(tmp_path, monkeypatch, "imdb.npz", {
        "x_train": _object_array(inputs["x_train"]), "y_train": np.array(inputs["y_train"]),
        "x_test": _object_array(inputs["x_test"]), "y_test": np.array(inputs["y_test"])})
    _assert_split_equal(imdb.load_data(**case["kwargs"]), case["result"])


@pytest.mark.parametrize("case", GOLDEN["reuters"]["cases"], ids=lambda c: json.dumps(c["kwargs"]))
def test_reuters_matches_keras(home, tmp_path, monkeypatch, case):
    inputs = GOLDEN["reuters"]["inputs"]
    _golden_mirror(tmp_path, monkeypatch, "reuters.npz",
                   {"x": _object_array(inputs["x"]), "y": np.array(inputs["y"])})
    _assert_split_equal(reuters.load_data(**case["kwargs"]), case["result"])


@pytest.mark.parametrize("name", ["boston_housing", "california_housing"])
def test_housing_splits_match_keras(home, tmp_path, monkeypatch, name):
    golden = GOLDEN[name]
    n, features = golden["n"], golden["features"]
    x = np.arange(n * features, dtype="float64").reshape(n, features) / 4
    x[:, 0] = np.arange(n)
    _golden_mirror(tmp_path, monkeypatch, f"{name}.npz", {"x": x, "y": np.arange(n, dtype="float64") * 1.5})
    module = getattr(datasets, name)
    for case in golden["cases"]:
        (x_train, y_train), (x_test, y_test) = module.load_data(**case["kwargs"])
        assert x_train[:, 0].astype(int).tolist() == case["train_rows"]
        assert x_test[:, 0].astype(int).tolist() == case["test_rows"]
        assert [str(a.dtype) for a in (x_train, y_train, x_test, y_test)] == case["dtypes"]
        np.testing.assert_array_equal(y_train, x_train[:, 0] * 1.5)
    with pytest.raises(ValueError, match="Invalid `test_split` argument: 1.0"):
        module.load_data(test_split=1.0)


def test_word_indices_labels_and_argument_errors(home, tmp_path, monkeypatch, capsys):
    word_index = json.dumps({"the": 1, "and": 2}).encode()
    make_mirror(tmp_path / "mirror", {"imdb_word_index.json": word_index,
                                      "reuters_word_index.json": word_index}, monkeypatch)
    assert imdb.get_word_index() == {"the": 1, "and": 2}
    assert reuters.get_word_index() == {"the": 1, "and": 2}
    assert not (home / "imdb_word_index.json").exists()
    # Keras gives md5 hashes for these: a mirror file matching one is canonical, hence cached.
    monkeypatch.setattr(imdb, "WORD_INDEX_HASH", hashlib.md5(word_index).hexdigest())
    assert imdb.get_word_index() == {"the": 1, "and": 2}
    assert "(md5 matches Keras's canonical hash; copied to" in capsys.readouterr().out
    assert (home / "imdb_word_index.json").read_bytes() == word_index
    names = reuters.get_label_names()
    assert len(names) == 46 and names[:3] == ("cocoa", "grain", "veg-oil") and names[-1] == "lead"
    with pytest.raises(TypeError, match="'nb_words' \\(did you mean 'num_words'\\?\\)"):
        imdb.load_data(nb_words=100)


def test_namespace():
    assert set(datasets.__all__) >= {"mnist", "fashion_mnist", "cifar10", "cifar100", "boston_housing",
                                     "imdb", "reuters", "california_housing"}
