"""``tf.nest``: flatten / pack / map / compare nested structures as TensorFlow does."""

import collections

import numpy as np
import pytest

import saessak as tf

Point = collections.namedtuple("Point", "x y")


def test_flatten_order_dicts_by_sorted_key():
    structure = {"b": [1, 2], "a": (3, {"d": 4, "c": 5})}
    assert tf.nest.flatten(structure) == [3, 5, 4, 1, 2]


@pytest.mark.parametrize("leaf", [None, 5, "text", np.arange(3)])
def test_leaves_flatten_to_themselves(leaf):
    (only,) = tf.nest.flatten(leaf)
    assert only is leaf
    assert not tf.nest.is_nested(leaf)
    assert tf.nest.pack_sequence_as(leaf, ["new"]) == "new"


def test_pack_sequence_as_rebuilds_types_and_key_order():
    structure = {"b": [0, Point(0, 0)], "a": (0,)}
    packed = tf.nest.pack_sequence_as(structure, [1, 2, 3, 4])
    assert packed == {"b": [2, Point(3, 4)], "a": (1,)}
    assert list(packed) == ["b", "a"] and isinstance(packed["b"][1], Point)


def test_pack_sequence_as_checks_the_count():
    with pytest.raises(ValueError, match="3 leaves but flat_sequence has 2 items"):
        tf.nest.pack_sequence_as([0, (0, 0)], [1, 2])
    with pytest.raises(TypeError, match="must be a list or tuple"):
        tf.nest.pack_sequence_as([0], 1)


def test_map_structure_over_several_structures():
    got = tf.nest.map_structure(lambda a, b: a + b, [1, (2, {"k": 3})], [10, (20, {"k": 30})])
    assert got == [11, (22, {"k": 33})]


def test_map_structure_on_tensors():
    got = tf.nest.map_structure(tf.square, {"w": tf.constant([1.0, 2.0]), "b": tf.constant(3.0)})
    np.testing.assert_array_equal(got["w"].numpy(), [1.0, 4.0])
    assert float(got["b"]) == 9.0


def test_assert_same_structure():
    tf.nest.assert_same_structure([1, (2, 3)], ["a", ("b", "c")])  # leaves may differ
    with pytest.raises(TypeError, match="same sequence type"):
        tf.nest.assert_same_structure([1, 2], (1, 2))
    tf.nest.assert_same_structure([1, 2], (1, 2), check_types=False)
    with pytest.raises(ValueError, match="same nested structure"):
        tf.nest.assert_same_structure([1, [2]], [1, 2])
    with pytest.raises(ValueError, match="has 2 entries"):
        tf.nest.assert_same_structure([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="dict keys differ"):
        tf.nest.assert_same_structure({"a": 1}, {"b": 1})
    with pytest.raises(ValueError, match="same nested structure"):
        tf.nest.map_structure(lambda a, b: a, [1, 2], [1, [2]])


def test_is_nested():
    assert tf.nest.is_nested([]) and tf.nest.is_nested(()) and tf.nest.is_nested({})
    assert tf.nest.is_nested(Point(1, 2))
    assert not tf.nest.is_nested(tf.constant([1, 2]))
