"""Recurrent layers: the RNN loop, the SimpleRNN/LSTM/GRU cells and layers, and the RNN wrappers."""

from .bidirectional import Bidirectional
from .gru import GRU, GRUCell
from .lstm import LSTM, LSTMCell
from .rnn import RNN
from .simple_rnn import SimpleRNN, SimpleRNNCell
from .stacked_rnn_cells import StackedRNNCells
from .time_distributed import TimeDistributed

__all__ = ["GRU", "LSTM", "RNN", "Bidirectional", "GRUCell", "LSTMCell", "SimpleRNN", "SimpleRNNCell",
           "StackedRNNCells", "TimeDistributed"]


def _classes():
    """This package's layer classes by name, plus the text and attention layers (nested configs)."""
    from ..attention import AdditiveAttention, Attention, MultiHeadAttention  # noqa: PLC0415
    from ..core.einsum_dense import EinsumDense  # noqa: PLC0415
    from ..core.embedding import Embedding  # noqa: PLC0415
    from ..core.masking import Masking  # noqa: PLC0415

    own = [globals()[name] for name in __all__]
    extra = [AdditiveAttention, Attention, MultiHeadAttention, EinsumDense, Embedding, Masking]
    return {cls.__name__: cls for cls in own + extra}


def __getattr__(name):
    if name == "CLASSES":
        return _classes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
