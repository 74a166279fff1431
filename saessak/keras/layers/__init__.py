"""``keras.layers``: every layer class, importable as ``keras.layers.Dense`` etc."""

from .activations.elu import ELU
from .activations.leaky_relu import LeakyReLU
from .activations.prelu import PReLU
from .activations.relu import ReLU
from .activations.softmax import Softmax
from .attention.additive_attention import AdditiveAttention
from .attention.attention import Attention
from .attention.multi_head_attention import MultiHeadAttention
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
from .regularization.gaussian_noise import GaussianNoise
from .reshaping.permute import Permute
from .reshaping.repeat_vector import RepeatVector
from .reshaping.reshape import Reshape
from .rnn.bidirectional import Bidirectional
from .rnn.gru import GRU, GRUCell
from .rnn.lstm import LSTM, LSTMCell
from .rnn.rnn import RNN
from .rnn.simple_rnn import SimpleRNN, SimpleRNNCell
from .rnn.stacked_rnn_cells import StackedRNNCells
from .rnn.time_distributed import TimeDistributed

__all__ = [
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
