"""``keras.layers``: every layer class, importable as ``keras.layers.Dense`` etc."""

from .activations.elu import ELU
from .activations.leaky_relu import LeakyReLU
from .activations.prelu import PReLU
from .activations.relu import ReLU
from .activations.softmax import Softmax
from .attention.additive_attention import AdditiveAttention
from .attention.attention import Attention
from .attention.multi_head_attention import MultiHeadAttention
from .convolutional.conv1d import Conv1D
from .convolutional.conv1d_transpose import Conv1DTranspose
from .convolutional.conv2d import Conv2D
from .convolutional.conv2d_transpose import Conv2DTranspose
from .convolutional.depthwise_conv1d import DepthwiseConv1D
from .convolutional.depthwise_conv2d import DepthwiseConv2D
from .convolutional.separable_conv1d import SeparableConv1D
from .convolutional.separable_conv2d import SeparableConv2D
from .core.activation import Activation
from .core.dense import Dense
from .core.dropout import Dropout
from .core.einsum_dense import EinsumDense
from .core.embedding import Embedding
from .core.flatten import Flatten
from .core.identity import Identity
from .core.lambda_layer import Lambda
from .core.masking import Masking
from .core.wrapper import Wrapper
from .input_layer import Input, InputLayer
from .input_spec import InputSpec
from .layer import Layer
from .merging.add import Add, add
from .merging.average import Average, average
from .merging.concatenate import Concatenate, concatenate
from .merging.dot import Dot, dot
from .merging.maximum import Maximum, maximum
from .merging.minimum import Minimum, minimum
from .merging.multiply import Multiply, multiply
from .merging.subtract import Subtract, subtract
from .normalization.batch_normalization import BatchNormalization
from .normalization.group_normalization import GroupNormalization
from .normalization.layer_normalization import LayerNormalization
from .pooling.average_pooling1d import AveragePooling1D
from .pooling.average_pooling2d import AveragePooling2D
from .pooling.global_average_pooling1d import GlobalAveragePooling1D
from .pooling.global_average_pooling2d import GlobalAveragePooling2D
from .pooling.global_max_pooling1d import GlobalMaxPooling1D
from .pooling.global_max_pooling2d import GlobalMaxPooling2D
from .pooling.max_pooling1d import MaxPooling1D
from .pooling.max_pooling2d import MaxPooling2D
from .preprocessing import (
    CategoryEncoding,
    CenterCrop,
    Discretization,
    Hashing,
    IntegerLookup,
    Normalization,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Rescaling,
    Resizing,
    StringLookup,
    TextVectorization,
)
from .regularization.activity_regularization import ActivityRegularization
from .regularization.alpha_dropout import AlphaDropout
from .regularization.gaussian_dropout import GaussianDropout
from .regularization.gaussian_noise import GaussianNoise
from .regularization.spatial_dropout import SpatialDropout1D, SpatialDropout2D, SpatialDropout3D
from .reshaping.cropping1d import Cropping1D
from .reshaping.cropping2d import Cropping2D
from .reshaping.permute import Permute
from .reshaping.repeat_vector import RepeatVector
from .reshaping.reshape import Reshape
from .reshaping.up_sampling1d import UpSampling1D
from .reshaping.up_sampling2d import UpSampling2D
from .reshaping.zero_padding1d import ZeroPadding1D
from .reshaping.zero_padding2d import ZeroPadding2D
from .rnn.bidirectional import Bidirectional
from .rnn.gru import GRU, GRUCell
from .rnn.lstm import LSTM, LSTMCell
from .rnn.rnn import RNN
from .rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from .rnn.stacked_rnn_cells import StackedRNNCells
from .rnn.time_distributed import TimeDistributed

Convolution1D, Convolution2D = Conv1D, Conv2D
Convolution1DTranspose, Convolution2DTranspose = Conv1DTranspose, Conv2DTranspose
SeparableConvolution1D, SeparableConvolution2D = SeparableConv1D, SeparableConv2D
AvgPool1D, AvgPool2D, MaxPool1D, MaxPool2D = AveragePooling1D, AveragePooling2D, MaxPooling1D, MaxPooling2D
GlobalAvgPool1D, GlobalAvgPool2D = GlobalAveragePooling1D, GlobalAveragePooling2D
GlobalMaxPool1D, GlobalMaxPool2D = GlobalMaxPooling1D, GlobalMaxPooling2D

__all__ = [
    "AlphaDropout", "AveragePooling1D", "AveragePooling2D", "AvgPool1D", "AvgPool2D",
    "BatchNormalization", "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose",
    "Convolution1D", "Convolution1DTranspose", "Convolution2D", "Convolution2DTranspose",
    "Cropping1D", "Cropping2D", "DepthwiseConv1D", "DepthwiseConv2D", "GaussianDropout",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAvgPool1D", "GlobalAvgPool2D",
    "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
    "GroupNormalization", "LayerNormalization", "MaxPool1D", "MaxPool2D", "MaxPooling1D",
    "MaxPooling2D", "SeparableConv1D", "SeparableConv2D", "SeparableConvolution1D",
    "SeparableConvolution2D", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
    "UpSampling1D", "UpSampling2D", "ZeroPadding1D", "ZeroPadding2D",
    "AdditiveAttention", "Attention", "Bidirectional", "EinsumDense", "Embedding", "GRU", "GRUCell", "LSTM",
    "LSTMCell", "Masking", "MultiHeadAttention", "RNN", "SimpleRNN", "SimpleRNNCell", "StackedRNNCells",
    "TimeDistributed", "Wrapper",
    "CategoryEncoding", "CenterCrop", "Discretization", "Hashing", "IntegerLookup", "Normalization",
    "RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom", "Rescaling", "Resizing",
    "StringLookup", "TextVectorization",
    "Activation", "ActivityRegularization", "Add", "Average", "Concatenate", "Dense", "Dot", "Dropout", "ELU",
    "Flatten", "GaussianNoise", "Identity", "Input", "InputLayer", "InputSpec", "Lambda", "Layer", "LeakyReLU",
    "Maximum", "Minimum", "Multiply", "PReLU", "Permute", "ReLU", "RepeatVector", "Reshape", "Softmax",
    "Subtract", "add", "average", "concatenate", "dot", "maximum", "minimum", "multiply", "subtract",
]

from ..._unsupported import module_getattr as _module_getattr  # noqa: E402

__getattr__ = _module_getattr("tf.keras.layers")
