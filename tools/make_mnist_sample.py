"""Write saessak/keras/datasets/sample/mnist_sample.npz: the real-MNIST sample ``saessak demo`` trains on offline.

4,000 training and 1,000 test images drawn without replacement (sorted) by
``numpy.random.default_rng(20261122)`` from the project's MNIST copy,
``../shared/keras_home/datasets/mnist.npz`` (or the path given).  The members are
ordinary ``.npy`` arrays, LZMA-compressed: ``numpy.load`` reads the file as any
``.npz`` and it takes 15% less of the installed package than zlib's best.

Usage: python tools/make_mnist_sample.py [path/to/mnist.npz]
"""

import io
import os
import pathlib
import sys
import tempfile
import zipfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "saessak" / "keras" / "datasets" / "sample" / "mnist_sample.npz"
SEED, N_TRAIN, N_TEST = 20261122, 4000, 1000


def sample(source):
    with np.load(source) as full:
        x_train, y_train, x_test, y_test = (full[k] for k in ("x_train", "y_train", "x_test", "y_test"))
    rng = np.random.default_rng(SEED)
    train_index = np.sort(rng.choice(len(x_train), N_TRAIN, replace=False)).astype(np.int32)
    test_index = np.sort(rng.choice(len(x_test), N_TEST, replace=False)).astype(np.int32)
    return {"x_train": x_train[train_index], "y_train": y_train[train_index],
            "x_test": x_test[test_index], "y_test": y_test[test_index],
            "train_index": train_index, "test_index": test_index}


def write_npz(path, arrays):
    """An .npz whose members are LZMA-compressed, written atomically."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_LZMA) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
                archive.writestr(name + ".npy", buffer.getvalue())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv):
    source = argv[1] if len(argv) > 1 else ROOT.parent / "shared" / "keras_home" / "datasets" / "mnist.npz"
    arrays = sample(source)
    write_npz(OUT, arrays)
    with np.load(OUT) as check:
        assert all(np.array_equal(check[k], v) for k, v in arrays.items())
    print(f"wrote {OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv)
