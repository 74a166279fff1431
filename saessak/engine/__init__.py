"""The engine: tensors, variables, the op registry, GradientTape and ``function``.

It knows nothing about Keras; it depends only on ``saessak.backend``.
"""
