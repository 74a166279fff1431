"""The einsum equations of MultiHeadAttention, built from ranks and axes as Keras builds them.

Axes get the letters ``a, b, c, ...`` in order.  A projection maps the
``free`` leading axes through unchanged, contracts ``bound`` axes with the
kernel and appends ``output`` new axes (e.g. ``"abc,cde->abde"``: features
``c`` to heads ``d`` and channels ``e``).  Attention contracts the channels of
query (``target``) and key (``source``, whose attention axes get fresh
letters) into scores ``(<batch axes incl. heads>, <query attn axes>, <key attn axes>)``,
then combines the scores with the value back into the query's layout.
"""

import string


def _letter(i):
    return string.ascii_lowercase[i]


def projection_equation(free, bound, output):
    """``(equation, bias_axes, output_rank)`` of a projection EinsumDense."""
    inputs = "".join(_letter(i) for i in range(free))
    outputs = inputs
    kernel = "".join(_letter(free + i) for i in range(bound))
    inputs += kernel
    new = "".join(_letter(free + bound + i) for i in range(output))
    kernel += new
    outputs += new
    return f"{inputs},{kernel}->{outputs}", new, len(outputs)


def output_shape_spec(rank, known_last):
    """An EinsumDense ``output_shape``: None for the leading axes, then the known sizes."""
    return [None] * (rank - len(known_last)) + list(known_last)


def attention_equations(rank, attn_axes):
    """``(dot_product_equation, combine_equation, scores_rank)`` for tensors of ``rank``."""
    target = "".join(_letter(i) for i in range(rank))
    batch = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    source, offset = "", rank
    for i in range(rank):
        if i in batch or i == rank - 1:
            source += target[i]
        else:
            source += _letter(offset)
            offset += 1
    product = ("".join(target[i] for i in batch) + "".join(target[i] for i in attn_axes)
               + "".join(source[i] for i in attn_axes))
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)
