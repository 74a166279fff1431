"""Record Keras 3's convolution, pooling, normalization, dropout and shape layers in tests/golden/layers_conv.json.

The tests tests/keras/test_layers_conv.py and tests/keras/test_layers_norm_shape.py
replay every case with saessak.keras and compare.  What is recorded, per case:

* the eager output for fixed inputs and fixed (random, rounded) weights, in
  inference mode; for BatchNormalization also the training-mode output and the
  moving statistics after that one training call;
* the weights' shapes and paths (so Keras weight files load in the same order);
* the symbolic output shape for ``keras.Input`` placeholders;
* ``keras.saving.serialize_keras_object(layer)`` after the call (config keys,
  their order, defaults and the build config), and the losses the layer added.

Plus the exact error messages of invalid arguments and incompatible inputs.

Run it with Keras 3 on TensorFlow 2.21 in a scratch virtualenv (never a saessak dependency)::

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu==2.21.0
    /tmp/tfvenv/bin/python tools/make_golden_layers_conv.py
"""

import json
import os
import pathlib
import warnings

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parents[1] / "tests" / "golden" / "layers_conv.json"
POSITIVE = ("moving_variance", "moving_stddev", "renorm_stddev", "gamma")


def _sig(v, digits=8):
    return float(f"{float(v):.{digits}g}")


def _array(a):
    a = np.asarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "value": [_sig(v) for v in a.astype(np.float64).reshape(-1)]}


_RNG = np.random.default_rng(2024)


def _input(shape):
    # Four decimals: both sides parse the same decimal into the same float32.
    return np.round(_RNG.standard_normal(shape), 4).astype(np.float32)


def _weight(variable):
    name = variable.path.rsplit("/", 1)[-1]
    lo, hi = (0.5, 1.5) if name in POSITIVE else (-0.5, 0.5)
    return np.round(_RNG.uniform(lo, hi, tuple(variable.shape)), 4).astype(np.float32)


CF = "channels_first"
# (id, class name, constructor kwargs, input shape, symbolic input shape or None)
CONV_CASES = [
    ("conv2d_basic", "Conv2D", {"filters": 3, "kernel_size": 3}, (2, 5, 5, 2), (None, 5, 5, 2)),
    ("conv2d_same_strides", "Conv2D", {"filters": 4, "kernel_size": (3, 2), "strides": 2,
                                       "padding": "same", "activation": "relu"},
     (2, 7, 6, 3), (None, None, None, 3)),
    ("conv2d_dilation", "Conv2D", {"filters": 2, "kernel_size": 3, "dilation_rate": 2,
                                   "use_bias": False}, (1, 7, 7, 2), (None, 7, 7, 2)),
    ("conv2d_groups", "Conv2D", {"filters": 4, "kernel_size": 3, "groups": 2, "padding": "same"},
     (2, 5, 5, 4), (None, 5, 5, 4)),
    ("conv2d_channels_first", "Conv2D", {"filters": 4, "kernel_size": 2, "strides": (1, 2),
                                         "data_format": CF}, (2, 2, 5, 6), (None, 2, 5, 6)),
    ("conv2d_channels_first_groups", "Conv2D", {"filters": 4, "kernel_size": 2, "groups": 2,
                                                "padding": "same", "data_format": CF},
     (1, 4, 4, 3), (None, 4, 4, 3)),
    ("conv2d_regularized", "Conv2D", {"filters": 2, "kernel_size": 2, "kernel_regularizer": "l2",
                                      "activity_regularizer": "l1", "bias_initializer": "ones"},
     (2, 3, 3, 2), None),
    ("conv1d_basic", "Conv1D", {"filters": 3, "kernel_size": 3}, (2, 7, 2), (None, 7, 2)),
    ("conv1d_causal", "Conv1D", {"filters": 2, "kernel_size": 2, "padding": "causal",
                                 "dilation_rate": 2, "activation": "tanh"},
     (2, 6, 3), (None, None, 3)),
    ("conv1d_same_strides", "Conv1D", {"filters": 3, "kernel_size": 3, "strides": 2,
                                       "padding": "same"}, (2, 7, 2), (None, 7, 2)),
    ("conv1d_channels_first", "Conv1D", {"filters": 2, "kernel_size": 3, "data_format": CF},
     (2, 3, 6), (None, 3, 6)),
    ("conv1d_groups", "Conv1D", {"filters": 4, "kernel_size": 2, "groups": 2}, (2, 5, 4),
     (None, 5, 4)),
    ("depthwise2d_basic", "DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2},
     (2, 5, 5, 2), (None, 5, 5, 2)),
    ("depthwise2d_same_strides", "DepthwiseConv2D", {"kernel_size": (2, 3), "strides": 2,
                                                     "padding": "same"},
     (2, 6, 7, 3), (None, 6, 7, 3)),
    ("depthwise2d_dilation_cf", "DepthwiseConv2D", {"kernel_size": 2, "dilation_rate": 2,
                                                    "data_format": CF}, (1, 2, 5, 5),
     (None, 2, 5, 5)),
    ("depthwise2d_strides_dilation", "DepthwiseConv2D", {"kernel_size": 3, "strides": 2,
                                                         "dilation_rate": 2, "padding": "same"},
     (1, 7, 7, 2), None),
    ("depthwise1d", "DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2}, (2, 6, 2),
     (None, 6, 2)),
    ("separable2d_same", "SeparableConv2D", {"filters": 4, "kernel_size": 3, "padding": "same",
                                             "depth_multiplier": 2}, (2, 5, 5, 2),
     (None, 5, 5, 2)),
    ("separable2d_cf_strides", "SeparableConv2D", {"filters": 4, "kernel_size": 2, "strides": 2,
                                                   "data_format": CF}, (1, 2, 6, 6),
     (None, 2, 6, 6)),
    ("separable1d_dilation", "SeparableConv1D", {"filters": 3, "kernel_size": 2,
                                                 "dilation_rate": 2}, (2, 7, 2), (None, 7, 2)),
    ("conv2d_transpose_basic", "Conv2DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2},
     (2, 3, 3, 2), (None, 3, 3, 2)),
    ("conv2d_transpose_same", "Conv2DTranspose", {"filters": 2, "kernel_size": (3, 2),
                                                  "strides": (2, 1), "padding": "same"},
     (1, 3, 4, 2), (None, None, 4, 2)),
    ("conv2d_transpose_output_padding", "Conv2DTranspose", {"filters": 2, "kernel_size": 3,
                                                            "strides": 2, "output_padding": 1},
     (1, 3, 3, 2), (None, 3, 3, 2)),
    ("conv2d_transpose_dilation", "Conv2DTranspose", {"filters": 2, "kernel_size": 2,
                                                      "dilation_rate": 2}, (1, 3, 3, 1),
     (None, 3, 3, 1)),
    ("conv2d_transpose_cf", "Conv2DTranspose", {"filters": 2, "kernel_size": 3, "strides": 2,
                                                "padding": "same", "data_format": CF},
     (1, 2, 3, 3), (None, 2, 3, 3)),
    ("conv1d_transpose_basic", "Conv1DTranspose", {"filters": 3, "kernel_size": 3, "strides": 2},
     (2, 4, 2), (None, 4, 2)),
    ("conv1d_transpose_same_output_padding", "Conv1DTranspose",
     {"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same", "output_padding": 1},
     (2, 4, 2), (None, 4, 2)),
    # pooling
    ("max_pool2d_default", "MaxPooling2D", {}, (2, 5, 5, 2), (None, 5, 5, 2)),
    ("max_pool2d_same", "MaxPooling2D", {"pool_size": 3, "strides": 1, "padding": "same"},
     (2, 4, 4, 2), (None, None, 4, 2)),
    ("max_pool2d_cf", "MaxPooling2D", {"pool_size": (2, 3), "data_format": CF}, (1, 2, 6, 6),
     (None, 2, 6, 6)),
    ("avg_pool2d_same", "AveragePooling2D", {"pool_size": 3, "strides": 2, "padding": "same"},
     (2, 5, 5, 2), (None, 5, 5, 2)),
    ("avg_pool2d_cf", "AveragePooling2D", {"pool_size": 2, "strides": 1, "data_format": CF},
     (1, 2, 4, 4), (None, 2, 4, 4)),
    ("max_pool1d_same", "MaxPooling1D", {"pool_size": 3, "strides": 2, "padding": "same"},
     (2, 7, 2), (None, 7, 2)),
    ("max_pool1d_cf", "MaxPooling1D", {"data_format": CF}, (2, 2, 6), (None, 2, 6)),
    ("avg_pool1d_same", "AveragePooling1D", {"pool_size": 3, "strides": 1, "padding": "same"},
     (2, 5, 2), (None, 5, 2)),
    ("avg_pool1d_cf", "AveragePooling1D", {"pool_size": 2, "data_format": CF}, (2, 2, 5),
     (None, 2, 5)),
    ("gap1d", "GlobalAveragePooling1D", {}, (2, 4, 3), (None, 4, 3)),
    ("gap1d_cf_keepdims", "GlobalAveragePooling1D", {"data_format": CF, "keepdims": True},
     (2, 3, 4), (None, 3, 4)),
    ("gap2d", "GlobalAveragePooling2D", {}, (2, 3, 4, 2), (None, None, None, 2)),
    ("gap2d_cf_keepdims", "GlobalAveragePooling2D", {"data_format": CF, "keepdims": True},
     (2, 2, 3, 4), (None, 2, 3, 4)),
    ("gmp1d", "GlobalMaxPooling1D", {}, (2, 4, 3), (None, 4, 3)),
    ("gmp2d", "GlobalMaxPooling2D", {}, (2, 3, 4, 2), (None, 3, 4, 2)),
    ("gmp2d_cf_keepdims", "GlobalMaxPooling2D", {"data_format": CF, "keepdims": True},
     (2, 2, 3, 4), (None, 2, 3, 4)),
]

NORM_SHAPE_CASES = [
    ("batch_norm", "BatchNormalization", {}, (4, 3), (None, 3)),
    ("batch_norm_axis1", "BatchNormalization", {"axis": 1, "center": False}, (3, 2, 4),
     (None, 2, 4)),
    ("batch_norm_4d", "BatchNormalization", {"scale": False, "momentum": 0.9, "epsilon": 0.01},
     (2, 3, 3, 2), (None, 3, 3, 2)),
    ("batch_norm_renorm", "BatchNormalization",
     {"renorm": True, "renorm_clipping": {"rmax": 2.0, "rmin": 0.5, "dmax": 1.0},
      "renorm_momentum": 0.9}, (4, 3), (None, 3)),
    ("layer_norm", "LayerNormalization", {}, (2, 3, 4), (None, 3, 4)),
    ("layer_norm_axes", "LayerNormalization", {"axis": [2, 1], "epsilon": 0.01}, (2, 3, 4),
     (None, 3, 4)),
    ("layer_norm_axis1", "LayerNormalization", {"axis": 1, "center": False}, (2, 3, 4),
     (None, 3, 4)),
    ("layer_norm_rms", "LayerNormalization", {"rms_scaling": True}, (2, 4), (None, 4)),
    ("group_norm", "GroupNormalization", {"groups": 2}, (2, 3, 4), (None, 3, 4)),
    ("group_norm_instance", "GroupNormalization", {"groups": -1, "axis": 1}, (2, 4, 3),
     (None, 4, 3)),
    ("group_norm_one", "GroupNormalization", {"groups": 1, "scale": False}, (2, 2, 2, 4),
     (None, 2, 2, 4)),
    ("spatial_dropout1d", "SpatialDropout1D", {"rate": 0.5, "seed": 1}, (2, 3, 4), (None, 3, 4)),
    ("spatial_dropout2d", "SpatialDropout2D", {"rate": 0.3, "data_format": CF}, (2, 2, 3, 3),
     (None, 2, 3, 3)),
    ("spatial_dropout3d", "SpatialDropout3D", {"rate": 0.3}, (1, 2, 2, 2, 3), None),
    ("gaussian_dropout", "GaussianDropout", {"rate": 0.2, "seed": 3}, (2, 3), (None, 3)),
    ("alpha_dropout", "AlphaDropout", {"rate": 0.1, "noise_shape": (None, 1)}, (2, 3), (None, 3)),
    ("zero_padding1d", "ZeroPadding1D", {}, (2, 3, 2), (None, 3, 2)),
    ("zero_padding1d_cf", "ZeroPadding1D", {"padding": (1, 2), "data_format": CF}, (2, 2, 3),
     (None, 2, None)),
    ("zero_padding2d", "ZeroPadding2D", {}, (1, 2, 3, 2), (None, 2, 3, 2)),
    ("zero_padding2d_pairs_cf", "ZeroPadding2D", {"padding": ((1, 0), (2, 3)), "data_format": CF},
     (1, 2, 2, 3), (None, 2, 2, 3)),
    ("zero_padding2d_sym", "ZeroPadding2D", {"padding": (1, 2)}, (1, 2, 2, 1), (None, 2, 2, 1)),
    ("cropping1d", "Cropping1D", {}, (2, 5, 2), (None, 5, 2)),
    ("cropping1d_end", "Cropping1D", {"cropping": (0, 2)}, (2, 5, 2), (None, None, 2)),
    ("cropping2d", "Cropping2D", {"cropping": ((1, 0), (0, 2))}, (1, 4, 5, 2), (None, 4, 5, 2)),
    ("cropping2d_cf", "Cropping2D", {"cropping": 1, "data_format": CF}, (1, 2, 4, 5),
     (None, 2, 4, 5)),
    ("up_sampling1d", "UpSampling1D", {"size": 3}, (2, 3, 2), (None, 3, 2)),
    ("up_sampling2d", "UpSampling2D", {"size": (2, 3)}, (1, 2, 3, 2), (None, 2, None, 2)),
    ("up_sampling2d_cf", "UpSampling2D", {"data_format": CF}, (1, 2, 2, 3), (None, 2, 2, 3)),
    ("up_sampling2d_bilinear", "UpSampling2D", {"size": (2, 3), "interpolation": "bilinear"},
     (1, 3, 4, 2), (None, 3, 4, 2)),
    ("up_sampling2d_bilinear_cf", "UpSampling2D", {"interpolation": "bilinear", "data_format": CF},
     (1, 2, 3, 3), (None, 2, 3, 3)),
]


def _kwargs_json(kwargs):
    return json.loads(json.dumps(kwargs))


def _call(layer, x, **kw):
    """Keras's eager call; TF's CPU kernels lack some NCHW convolutions, which XLA covers."""
    try:
        return np.asarray(layer(x, **kw))
    except Exception:  # noqa: BLE001 - fall back to a compiled call
        import tensorflow as tf  # noqa: PLC0415

        return np.asarray(tf.function(lambda t: layer(t, **kw), jit_compile=True)(x))


def _run_case(case_id, cls_name, kwargs, in_shape, sym_shape):
    cls = getattr(layers, cls_name)
    layer = cls(name=case_id, **kwargs)
    x = _input(in_shape)
    rec = {"id": case_id, "class_name": cls_name, "kwargs": _kwargs_json(kwargs), "input": _array(x)}
    if not layer.built:  # layers without weights are built at construction, as in Keras
        layer.build(in_shape)
    if layer.weights:
        weights = [_weight(v) for v in layer.weights]
        layer.set_weights(weights)
        rec["weights"] = [_array(w) for w in weights]
    out = _call(layer, x)
    if kwargs.get("data_format") == CF and getattr(layer, "use_bias", False):
        # Keras's TensorFlow ops.add turns `x + bias` into tf.nn.bias_add and guesses NHWC when
        # the last axis has the bias's size, so a channels_first output whose width equals its
        # channel count gets the bias along the wrong axis: keep the cases clear of that.
        assert out.shape[1] != out.shape[-1], case_id
    rec["output"] = _array(out)
    rec["weight_shapes"] = [list(v.shape) for v in layer.weights]
    rec["weight_paths"] = [v.path for v in layer.weights]
    rec["trainable_count"] = len(layer.trainable_weights)
    rec["losses"] = [_sig(float(v)) for v in layer.losses]
    rec["config"] = keras.saving.serialize_keras_object(layer)
    rec["config_json"] = json.dumps(rec["config"])  # keeps Keras's key order
    if cls_name == "BatchNormalization":
        rec["training_output"] = _array(_call(layer, x, training=True))
        rec["weights_after_training"] = [_array(v.numpy()) for v in layer.weights]
    if sym_shape is not None:
        y = cls(**kwargs)(keras.Input(batch_shape=sym_shape))
        rec["symbolic"] = {"input_shape": list(sym_shape), "output_shape": list(y.shape),
                           "output_dtype": y.dtype}
    return rec


def _error(fn):
    try:
        fn()
    except Exception as exc:  # noqa: BLE001 - we record whatever Keras raises
        return {"type": type(exc).__name__, "message": str(exc)}
    return None


def _called(layer, shape):
    return lambda: layer(np.zeros(shape, np.float32))


def _twice(layer, a, b):
    def run():
        layer(np.zeros(a, np.float32))
        layer(np.zeros(b, np.float32))
    return run


def _errors():
    L = layers
    return {
        "conv_filters": _error(lambda: L.Conv2D(0, 3)),
        "conv_groups": _error(lambda: L.Conv2D(4, 3, groups=0)),
        "conv_groups_filters": _error(lambda: L.Conv2D(3, 3, groups=2)),
        "conv_kernel_zero": _error(lambda: L.Conv2D(2, (0, 3))),
        "conv_strides_zero": _error(lambda: L.Conv2D(2, 3, strides=(1, 0))),
        "conv_kernel_len": _error(lambda: L.Conv2D(2, (3, 3, 3))),
        "conv_kernel_element": _error(lambda: L.Conv2D(2, (3, "a"))),
        "conv_padding": _error(lambda: L.Conv2D(2, 3, padding="full")),
        "conv_data_format": _error(lambda: L.Conv2D(2, 3, data_format="nhwc")),
        "conv_strides_dilation": _error(lambda: L.Conv2D(2, 3, strides=2, dilation_rate=2)),
        "conv_input_groups": _error(_called(L.Conv2D(4, 3, groups=2), (1, 5, 5, 3))),
        "conv_too_small": _error(_called(L.Conv2D(2, 5), (1, 3, 3, 1))),
        "conv_too_small_symbolic": _error(lambda: L.Conv2D(2, 5)(keras.Input((3, 3, 1)))),
        "conv_channels": _error(_twice(L.Conv2D(2, 3, name="conv_twice"), (1, 4, 4, 2),
                                       (1, 4, 4, 3))),
        "conv_rank": _error(_called(L.Conv2D(2, 3, name="conv_rank"), (2, 5, 5))),
        "conv1d_rank": _error(_called(L.Conv1D(2, 3, name="conv1d_rank"), (2, 5))),
        "depthwise_multiplier": _error(lambda: L.DepthwiseConv2D(3, depth_multiplier=0)),
        "separable_filters": _error(lambda: L.SeparableConv2D(0, 3)),
        "separable_multiplier": _error(lambda: L.SeparableConv2D(2, 3, depth_multiplier=-1)),
        "transpose_output_padding": _error(lambda: L.Conv2DTranspose(2, 3, strides=2,
                                                                     output_padding=2)),
        "transpose_strides_dilation": _error(lambda: L.Conv2DTranspose(2, 3, strides=2,
                                                                       dilation_rate=2)),
        "transpose_filters": _error(lambda: L.Conv1DTranspose(-1, 3)),
        "pool_size_zero": _error(lambda: L.MaxPooling2D(0)),
        "pool_size_len": _error(lambda: L.AveragePooling2D((2, 2, 2))),
        "pool_too_small_symbolic": _error(lambda: L.MaxPooling2D(3)(keras.Input((2, 2, 1)))),
        "pool_rank": _error(_called(L.MaxPooling2D(name="pool_rank"), (2, 4, 4))),
        "global_pool_rank": _error(_called(L.GlobalAveragePooling2D(name="gap_rank"), (2, 4, 4))),
        "bn_renorm_keys": _error(lambda: L.BatchNormalization(renorm=True,
                                                              renorm_clipping={"rmaxx": 1.0})),
        "bn_rmax_rmin": _error(lambda: L.BatchNormalization(
            renorm=True, renorm_clipping={"rmax": 0.5, "rmin": 1.0})),
        "bn_dmax": _error(lambda: L.BatchNormalization(renorm=True, renorm_clipping={"dmax": -1})),
        "bn_channels": _error(_twice(L.BatchNormalization(name="bn_twice"), (2, 3), (2, 4))),
        "ln_axis_type": _error(lambda: L.LayerNormalization(axis="a")),
        "gn_groups": _error(lambda: L.GroupNormalization(groups=0)),
        "gn_more_groups": _error(_called(L.GroupNormalization(4), (2, 3, 2))),
        "gn_not_multiple": _error(_called(L.GroupNormalization(3), (2, 3, 4))),
        "spatial_dropout_rate": _error(lambda: L.SpatialDropout2D(1.5)),
        "spatial_dropout_rank": _error(_called(L.SpatialDropout1D(0.5, name="sd_rank"), (2, 3))),
        "gaussian_dropout_rate": _error(lambda: L.GaussianDropout(-0.1)),
        "alpha_dropout_rate": _error(lambda: L.AlphaDropout(2)),
        "zero_padding1d_negative": _error(lambda: L.ZeroPadding1D(-1)),
        "zero_padding2d_len": _error(lambda: L.ZeroPadding2D((1, 2, 3))),
        "zero_padding2d_type": _error(lambda: L.ZeroPadding2D(1.5)),
        "zero_padding2d_entry": _error(lambda: L.ZeroPadding2D(((1, 2, 3), 1))),
        "cropping1d_too_much": _error(_called(L.Cropping1D((2, 3)), (2, 5, 2))),
        "cropping1d_too_much_symbolic": _error(lambda: L.Cropping1D((2, 3))(keras.Input((5, 2)))),
        "cropping2d_negative": _error(lambda: L.Cropping2D(-1)),
        "cropping2d_len": _error(lambda: L.Cropping2D((1, 2, 3))),
        "cropping2d_too_much": _error(_called(L.Cropping2D(((2, 2), (0, 0))), (1, 4, 4, 1))),
        "cropping2d_too_much_symbolic": _error(
            lambda: L.Cropping2D(((0, 0), (3, 1)))(keras.Input((4, 4, 1)))),
        "up_sampling1d_type": _error(lambda: L.UpSampling1D(2.0)),
        "up_sampling1d_value": _error(lambda: L.UpSampling1D(0)),
        "up_sampling2d_size": _error(lambda: L.UpSampling2D((2, 0))),
    }


def _masked_records():
    x = _input((2, 4, 3))
    mask = np.array([[1, 1, 0, 1], [1, 0, 0, 0]], bool)
    gap = layers.GlobalAveragePooling1D()
    bn = layers.BatchNormalization(name="bn_masked")
    bn.build(x.shape)
    weights = [_weight(v) for v in bn.weights]
    bn.set_weights(weights)
    out = bn(x, training=True, mask=mask)
    return {"input": _array(x), "mask": mask.tolist(), "gap1d": _array(gap(x, mask=mask)),
            "bn_weights": [_array(w) for w in weights], "bn_training_output": _array(out),
            "bn_weights_after": [_array(v.numpy()) for v in bn.weights]}


def _frozen_bn():
    """A BatchNormalization with trainable=False runs in inference mode even with training=True."""
    x = _input((4, 3))
    bn = layers.BatchNormalization(name="bn_frozen")
    bn.build(x.shape)
    weights = [_weight(v) for v in bn.weights]
    bn.set_weights(weights)
    bn.trainable = False
    out = bn(x, training=True)
    return {"input": _array(x), "weights": [_array(w) for w in weights], "output": _array(out),
            "weights_after": [_array(v.numpy()) for v in bn.weights],
            "config": keras.saving.serialize_keras_object(bn)}


def main():
    data = {"keras_version": keras.__version__,
            "conv_cases": [_run_case(*c) for c in CONV_CASES],
            "norm_shape_cases": [_run_case(*c) for c in NORM_SHAPE_CASES],
            "errors": _errors(), "masked": _masked_records(), "frozen_bn": _frozen_bn()}
    OUT.write_text(json.dumps(data, indent=None, sort_keys=True) + "\n")
    n = len(data["conv_cases"]) + len(data["norm_shape_cases"])
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {n} cases)")


if __name__ == "__main__":
    main()
