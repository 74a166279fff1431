"""Sequential, Functional and subclassed models: construction, weights, calls, errors."""

import numpy as np
import pytest

import saessak as tf
from saessak import keras
from saessak.keras import layers


@pytest.fixture(autouse=True)
def _fresh_names():
    keras.utils.clear_session()


def test_sequential_list_add_pop_and_names():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(2)])
    assert model.name == "sequential" and [layer.name for layer in model.layers] == ["dense", "dense_1"]
    assert model.output_shape == (None, 2) and model.built
    assert [w.path for w in model.weights] == [
        "sequential/dense/kernel", "sequential/dense/bias", "sequential/dense_1/kernel", "sequential/dense_1/bias"]
    model.add(layers.Dense(5))
    assert model.output_shape == (None, 5)
    popped = model.pop()
    assert popped.name == "dense_2" and model.output_shape == (None, 2)
    named = keras.Sequential(name="패션 MNIST 모델")
    assert named.name == "패션 MNIST 모델"


def test_sequential_keras2_input_shape_and_input_dim():
    with pytest.warns(UserWarning, match="input_shape"):
        a = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10)])
    assert a.output_shape == (None, 10) and a.count_params() == 7850
    with pytest.warns(UserWarning):
        b = keras.Sequential()
        b.add(layers.Dense(1, input_dim=2))
    assert b.input_shape == (None, 2)


def test_sequential_built_lazily_on_first_call():
    model = keras.Sequential()
    model.add(layers.Dense(4))
    assert not model.built and model.weights == []
    y = model(tf.ones((3, 3)))
    assert y.shape == (3, 4) and model.built and len(model.weights) == 2
    assert model.count_params() == 16


def test_call_converts_float64_and_uint8_inputs():
    model = keras.Sequential([keras.Input((2,)), layers.Dense(1, kernel_initializer="ones")])
    assert model(np.ones((1, 2))).dtype == tf.float32
    assert model(np.ones((1, 2), np.uint8)).numpy().tolist() == [[2.0]]


def test_functional_multi_input_output_shared_and_nested():
    a, b = keras.Input((3,), name="a"), keras.Input((3,), name="b")
    shared = layers.Dense(2, name="shared")
    ya, yb = shared(a), shared(b)
    model = keras.Model(inputs=[a, b], outputs={"sum": layers.Dense(1, name="out")(ya), "b": yb})
    assert type(model).__name__ == "Functional" and isinstance(model, keras.Model)
    assert [layer.name for layer in model.layers] == ["a", "b", "shared", "out"]
    xa, xb = np.ones((4, 3), np.float32), np.zeros((4, 3), np.float32)
    out = model([xa, xb])
    assert set(out) == {"sum", "b"} and out["sum"].shape == (4, 1) and out["b"].shape == (4, 2)
    by_name = model({"a": xa, "b": xb})
    np.testing.assert_array_equal(by_name["sum"].numpy(), out["sum"].numpy())
    inner = keras.Sequential([keras.Input((2,)), layers.Dense(2)], name="inner")
    x = keras.Input((2,))
    outer = keras.Model(x, layers.Dense(1)(inner(x)))
    assert outer(np.ones((5, 2))).shape == (5, 1)
    assert len(outer.weights) == 4


def test_functional_errors():
    x = keras.Input((3,))
    other = keras.Input((3,))
    y = layers.Dense(1)(layers.Add()([x, other])) if hasattr(layers, "Add") else layers.Dense(1)(other)
    with pytest.raises(ValueError, match="disconnected|Graph"):
        keras.Model(x, y)
    with pytest.raises(ValueError, match="KerasTensor"):
        keras.Model(x, np.ones(3))


def test_subclassed_layer_and_model_tracking():
    class Linear(layers.Layer):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones", name="w")
            self.b = self.add_weight(shape=(self.units,), initializer="zeros", name="b", trainable=False)

        def call(self, inputs):
            return tf.matmul(inputs, self.w) + self.b

    class Net(keras.Model):
        def __init__(self):
            super().__init__()
            self.blocks = [Linear(3), Linear(1)]
            self.extra = tf.Variable(1.0)

        def call(self, x, training=None):
            for block in self.blocks:
                x = block(x)
            return x * self.extra

    net = Net()
    out = net(np.ones((2, 4), np.float32))
    assert out.numpy().tolist() == [[12.0], [12.0]]
    assert len(net.weights) == 5 and len(net.trainable_weights) == 3 and len(net.non_trainable_weights) == 2
    assert net.name == "net"
    net.trainable = False
    assert net.trainable_weights == [] and len(net.non_trainable_weights) == 5


def test_weights_api():
    model = keras.Sequential([keras.Input((3,)), layers.Dense(2), layers.Dense(1)])
    ws = model.get_weights()
    assert [w.shape for w in ws] == [(3, 2), (2,), (2, 1), (1,)]
    model.set_weights([np.ones_like(w) for w in ws])
    assert model(np.ones((1, 3), np.float32)).numpy().item() == 9.0  # (3 + 1) * 2 + 1
    with pytest.raises(ValueError, match="expected 4 weights"):
        model.set_weights(ws[:2])
    with pytest.raises(ValueError, match="not compatible"):
        model.set_weights([np.ones((4, 2))] + ws[1:])
    assert model.get_layer("dense").name == "dense" and model.get_layer(index=1).name == "dense_1"
    with pytest.raises(ValueError, match="No such layer"):
        model.get_layer("nope")
    model.layers[0].trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2


def test_layer_errors():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(2)])
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 4"):
        model(np.ones((2, 5), np.float32))
    with pytest.raises(ValueError, match="Only instances of `keras.Layer`"):
        model.add("dense")
    with pytest.raises(ValueError, match="unique names"):
        model.add(layers.Dense(1, name="dense"))
    with pytest.raises(ValueError, match="units"):
        layers.Dense(0)
    with pytest.raises(ValueError, match="Unrecognized keyword arguments"):
        layers.Dense(2, foo=1)
    with pytest.raises(ValueError, match="isn't built"):
        layers.Dense(2).count_params()


def test_dropout_only_in_training():
    layer = layers.Dropout(0.5)
    x = np.ones((1000,), np.float32)
    assert layer(x).numpy().sum() == 1000
    kept = layer(x, training=True).numpy()
    assert set(np.unique(kept)) <= {0.0, 2.0} and 350 < (kept > 0).sum() < 650


def test_deepcopy_gives_an_independent_trainable_model():
    import copy

    model = keras.Sequential([keras.Input((3,)), layers.Dense(2)])
    model.compile(optimizer="adam", loss="mse")
    x, y = np.ones((4, 3), np.float32), np.ones((4, 2), np.float32)
    model.fit(x, y, verbose=0)
    before = model.get_weights()
    clone = copy.deepcopy(model)
    clone.fit(x, y, epochs=2, verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    assert not all(np.array_equal(a, b) for a, b in zip(before, clone.get_weights()))
    assert clone.weights[0].path == "sequential/dense/kernel"
