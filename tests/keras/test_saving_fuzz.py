"""Mutated model files either load or raise ModelFileError: never another exception, a hang, or a stray file.

A few hundred seeded cases: bit flips, truncations, renamed/duplicated/escaping zip members, edits of
the JSON configs (values of every type, unknown classes, Lambda code, deep nesting) and of the HDF5
weight trees (deleted, reshaped, retyped datasets, links, garbage attributes), applied to files written
by saessak and by real Keras (tests/golden/saving), loaded with load_model and load_weights.
"""

import io
import json
import os
import pathlib
import random
import time
import warnings
import zipfile

import h5py
import numpy as np
import pytest

from saessak import keras
from saessak.keras import layers
from saessak.keras.saving import saving_api as S
from saessak.keras.saving.saving_api import ModelFileError

GOLDEN = pathlib.Path(__file__).parents[1] / "golden" / "saving"
CASES_PER_SEED = int(os.environ.get("SAESSAK_FUZZ_CASES", "30"))  # e.g. 300 for a longer local run
BASE_SEED = int(os.environ.get("SAESSAK_FUZZ_SEED", "1000"))


def _model():
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)  # the seed files are the same bytes on every run (dates aside)
    model = keras.Sequential([keras.Input((4, 3)), layers.Flatten(), layers.Dense(5, activation="relu"),
                              layers.Dropout(0.5), layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    return model


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    root = tmp_path_factory.mktemp("seeds")
    model = _model()
    x = np.random.default_rng(0).random((4, 4, 3), dtype=np.float32)
    model.fit(x, x[:, 0, :2], verbose=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        S.save_model(model, root / "ours.keras")
        S.save_model(model, root / "ours.h5")
        S.save_weights(model, root / "ours.weights.h5")
        S.save_weights(model, root / "ours_k2.h5")
    files = {name: (root / name).read_bytes() for name in ("ours.keras", "ours.h5", "ours.weights.h5", "ours_k2.h5")}
    for name in ("keras_seq.keras", "keras_seq.h5", "tf2_seq.h5", "keras_seq.weights.h5", "tf2_seq_weights.h5"):
        files[name] = (GOLDEN / name).read_bytes()
    return files


# ---------------------------------------------------------------------- mutations
_VALUES = [None, -1, 0, 3.5, "x", "", [], {}, True, 10**12, [None, None], {"class_name": "Mystery", "config": {}},
           {"class_name": "__lambda__", "config": {"code": "AAAA"}}, {"class_name": "Dense", "config": "oops"},
           "glorot_uniform", [-5, 3], float("nan")]


def _zip_members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(info.filename, zf.read(info.filename)) for info in zf.infolist()]


def _rezip(members):
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(buffer, "w") as zf:
            for name, data in members:
                zf.writestr(name, data)
    return buffer.getvalue()


def _random_path(rng, node):
    """A random (container, key) inside a JSON value, walking down from the root."""
    parent, key = None, None
    for _ in range(rng.randint(1, 12)):
        if isinstance(node, dict) and node:
            parent, key = node, rng.choice(list(node))
        elif isinstance(node, list) and node:
            parent, key = node, rng.randrange(len(node))
        else:
            break
        node = parent[key]
    return parent, key


def _edit_json(rng, text):
    value = json.loads(text)
    parent, key = _random_path(rng, value)
    if parent is None:
        return text[: rng.randrange(len(text))]
    action = rng.random()
    if action < 0.3 and isinstance(parent, dict):
        del parent[key]
    elif action < 0.4 and isinstance(parent, dict):
        parent[key + "_renamed"] = parent.pop(key)
    elif action < 0.45:
        deep = "[" * 5000 + "]" * 5000
        return json.dumps(value).replace('"', '"', 1)[:-1] + ', "deep": ' + deep + "}"
    else:
        parent[key] = rng.choice(_VALUES)
    return json.dumps(value)


def _edit_h5(rng, data):
    buffer = io.BytesIO(data)
    with h5py.File(buffer, "a") as h5:
        names = []
        h5.visititems(lambda n, o: names.append(n))
        if not names:
            return data
        target = rng.choice(names)
        parent_name, _, leaf = target.rpartition("/")
        parent = h5[parent_name] if parent_name else h5
        action = rng.randrange(8)
        if action == 0:
            del parent[leaf]
        elif action == 1:
            del parent[leaf]
            shape = tuple(rng.choice([0, 1, 2, 5, 12]) for _ in range(rng.randint(0, 3)))
            parent.create_dataset(leaf, data=np.zeros(shape, rng.choice(["f4", "f8", "i8", "u1", "?"])))
        elif action == 2:
            del parent[leaf]
            parent.create_dataset(leaf, data=np.array([b"text"] * 3))
        elif action == 3:
            del parent[leaf]
            parent[leaf] = h5py.SoftLink("/" + rng.choice(names))
        elif action == 4:
            del parent[leaf]
            parent[leaf] = h5py.ExternalLink("elsewhere.h5", "/")
        elif action == 5:
            obj = h5[target]
            attr = rng.choice(list(obj.attrs) or ["name"])
            obj.attrs[attr] = rng.choice([np.arange(3), "zz", b"\xff\xfe", np.array([1.5]), [b"a", b"b"], 7])
        elif action == 6:
            h5.move(target, target + "_moved")
        else:
            h5.attrs[rng.choice(list(h5.attrs) or ["model_config"])] = rng.choice(
                ["{}", "[]", "not json", json.dumps({"class_name": "Sequential", "config": {"layers": [1]}})])
    return buffer.getvalue()


def _edit_h5_json_attr(rng, data, attr):
    buffer = io.BytesIO(data)
    with h5py.File(buffer, "a") as h5:
        if attr in h5.attrs:
            raw = h5.attrs[attr]
            h5.attrs[attr] = _edit_json(rng, raw.decode() if isinstance(raw, bytes) else str(raw)).encode()
    return buffer.getvalue()


def mutate(rng, name, data):
    is_zip = name.endswith(".keras")
    kind = rng.choice(["flip", "flip", "truncate", "structure", "structure", "json"] if is_zip or "weights" not in name
                      and "k2" not in name else ["flip", "flip", "truncate", "structure", "structure"])
    if kind == "flip":
        raw = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        return kind, bytes(raw)
    if kind == "truncate":
        return kind, data[: rng.randrange(len(data))]
    if is_zip:
        members = _zip_members(data)
        if kind == "json":
            return kind, _rezip([(n, _edit_json(rng, d.decode()).encode() if n == "config.json" else d)
                                 for n, d in members])
        choice = rng.randrange(4)
        if choice == 0:  # rename or drop a member
            i = rng.randrange(len(members))
            new = rng.choice(["../{}", "/{}", "{}/", "dir/{}", "C:\\{}", "{}.bak", None])
            members = [m for j, m in enumerate(members) if j != i] if new is None else [
                (new.format(n) if j == i else n, d) for j, (n, d) in enumerate(members)]
            return "rename", _rezip(members)
        if choice == 1:  # duplicate a member
            return "duplicate", _rezip(members + [rng.choice(members)])
        return "weights", _rezip([(n, _edit_h5(rng, d) if n == "model.weights.h5" else d) for n, d in members])
    if kind == "json":
        return kind, _edit_h5_json_attr(rng, data, rng.choice(["model_config", "training_config"]))
    return "structure", _edit_h5(rng, data)


# ---------------------------------------------------------------------- the test
def test_mutated_files_load_or_raise_model_file_error(seeds, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    twin = _model()
    k2_twin = keras.Sequential([keras.Input((4, 3)), layers.Flatten(), layers.Dense(5, activation="relu"),
                                layers.Dropout(0.2), layers.Dense(2, activation="softmax")])
    outcomes, slowest, start = {"loaded": 0, "refused": 0}, 0.0, time.monotonic()
    for seed_index, (name, data) in enumerate(sorted(seeds.items())):
        rng = random.Random(BASE_SEED + seed_index)
        suffix = ".keras" if name.endswith(".keras") else ".weights.h5" if "weights" in name else ".h5"
        weights_only = "weights" in name or "k2" in name
        for case in range(CASES_PER_SEED):
            kind, mutated = mutate(rng, name, data)
            path = tmp_path / f"case{suffix}"
            path.write_bytes(mutated)
            t0 = time.monotonic()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    if weights_only:
                        S.load_weights(k2_twin if "tf2" in name else twin, path)
                    else:
                        S.load_model(path)
                outcomes["loaded"] += 1
            except ModelFileError as exc:
                assert str(path) in str(exc), (name, case, kind, exc)
                outcomes["refused"] += 1
            except Exception as exc:  # any other exception type is a bug in the loaders
                import traceback

                pytest.fail(f"{name} case {case} ({kind}): {type(exc).__name__}: {exc}\n{traceback.format_exc()}")
            slowest = max(slowest, time.monotonic() - t0)
            path.unlink()
            assert os.listdir(tmp_path) == [], f"{name} case {case} ({kind}) wrote files"
    total = sum(outcomes.values())
    assert total == CASES_PER_SEED * len(seeds)
    assert outcomes["loaded"] > 0 and outcomes["refused"] > total // 3, outcomes
    assert slowest < 5.0, f"one load took {slowest:.1f}s"
    print(f"{total} cases in {time.monotonic() - start:.1f}s: {outcomes}")
