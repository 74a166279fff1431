# Seed 000 (딥러닝 기초(2)), section 2, "Functional API": the second code example, verbatim.
# The tutorial uses `keras.` without importing it (NameError in TensorFlow too); the one added
# import is marked. tests/seeds/test_seeds.py runs the original and checks it fails the same way.
from tensorflow import keras  # saessak: missing in the tutorial, which uses keras.Input/keras.Model below
from tensorflow.keras import layers, Model

inputs = keras.Input(shape=(784,), name='digits')
x = layers.Dense(64, activation='relu', name='dense_1')(inputs)
x = layers.Dense(64, activation='relu', name='dense_2')(x)
outputs = layers.Dense(10, activation='softmax', name='predictions')(x)

model = keras.Model(inputs=inputs, outputs=outputs)

# --- check added by the test ---
model.summary()
print("PARAMS=%d" % model.count_params())
import numpy as np
print("OUTPUT_SHAPE=%s" % (tuple(model(np.ones((2, 784), "float32")).shape),))
