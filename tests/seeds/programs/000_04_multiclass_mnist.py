# Seed 000 (딥러닝 기초(2)), section 4.2 "다중 분류 모델 개발": MNIST with the Functional API, a
# hand-written GradientTape loop over tf.data, Sequential models, and TensorBoard; verbatim.
# Changed (marked "# saessak:"):
# - the two imports this section uses from section 4.1's cell (Sequential, Dense, Input), since a
#   reader runs the notebook in order;
# - x_train/y_train/x_test/y_test, used by the TensorBoard part but never defined in the tutorial
#   (NameError in TensorFlow too), are defined the way the TensorBoard tutorial it follows does;
# - the notebook-only "!pip install" lines are comments.
from tensorflow.keras.models import Sequential  # saessak: imported in section 4.1's cell
from tensorflow.keras.layers import Dense, Input  # saessak: imported in section 4.1's cell

from tensorflow import keras
from tensorflow.keras import layers
import tensorflow as tf
import numpy as np
import matplotlib.pylab as plt
from tensorflow.keras.utils import to_categorical

# MNIST 데이터셋 로드
(X_train0, y_train0), (X_test0, y_test0) = keras.datasets.mnist.load_data()

# 데이터 전처리
X_train = X_train0.reshape(60000, 784).astype('float32') / 255.0
X_test = X_test0.reshape(10000, 784).astype('float32') / 255.0
Y_train = to_categorical(y_train0, 10)
Y_test = to_categorical(y_test0, 10)

# 모델 구성 (Functional API)
inputs = keras.Input(shape=(784,), name='digits')
x = layers.Dense(64, activation='relu', name='dense_1')(inputs)
x = layers.Dense(64, activation='relu', name='dense_2')(x)
outputs = layers.Dense(10, activation='softmax', name='predictions')(x)
model = keras.Model(inputs=inputs, outputs=outputs)

# 모델 컴파일
optimizer = keras.optimizers.SGD(learning_rate=1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy()
model.compile(optimizer=optimizer, loss=loss_fn, metrics=['accuracy'])

# 모델 학습 (수동 경사 하강법)
batch_size = 64
train_dataset = tf.data.Dataset.from_tensor_slices((X_train, y_train0))  # y_train0 사용
train_dataset = train_dataset.shuffle(buffer_size=1024).batch(batch_size)

for epoch in range(3):
    print('Start of epoch %d' % (epoch,))
    for step, (x_batch_train, y_batch_train) in enumerate(train_dataset):
        with tf.GradientTape() as tape:
            logits = model(x_batch_train)
            loss_value = loss_fn(y_batch_train, logits)  # y_batch_train 사용
        grads = tape.gradient(loss_value, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        if step % 200 == 0:
            print('Training loss (for one batch) at step %s: %s'
                  % (step, float(loss_value)))
            print('Seen so far: %s samples' % ((step + 1) * 64))

# --- check added by the test (the functional model trained by the loop above) ---
print("LOOP_TEST_ACCURACY=%.4f" % model.evaluate(X_test, y_test0, verbose=0)[1])
# --- end of check ---

# 모델 구성 (Sequential API)
model = keras.Sequential(
    [
        layers.Input(shape=(3,)),
        layers.Dense(2, activation='relu', name='layer1'),
        layers.Dense(3, activation='relu', name='layer2'),
        layers.Dense(4, name='layer3'),
    ]
)

x = tf.ones((3, 3))
y = model(x)

model = tf.keras.Sequential()
model.add(layers.Dense(2, activation="relu"))
model.add(layers.Dense(3, activation="relu"))
model.add(layers.Dense(4))

x = tf.ones((3, 3))
y = model(x)

model.summary()

# 모델 학습 및 평가
np.random.seed(0)
model = Sequential()
model.add(Input(shape=(784,)))
model.add(Dense(15, activation="sigmoid"))
model.add(Dense(10, activation="sigmoid"))

model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.2),
              loss='mean_squared_error', metrics=['accuracy'])
hist = model.fit(X_train, Y_train, epochs=30, batch_size=100,
                 validation_data=(X_test, Y_test), verbose=2)

plt.plot(hist.history['accuracy'])
plt.show()

model.evaluate(X_train, Y_train, verbose=2)
model.predict(X_test[:1, :])

predictions = model.predict(X_test)
class_labels = (predictions > 0.5).astype("int32")

# --- check added by the test (the sigmoid/MSE model above) ---
print("SIGMOID_MSE_VAL_ACCURACY=%.4f" % hist.history['val_accuracy'][-1])
# --- end of check ---

# TensorBoard를 이용한 시각화
import datetime
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()  # saessak: never defined in the tutorial;
x_train, x_test = x_train / 255.0, x_test / 255.0  # saessak: these two lines are the TensorBoard tutorial's

def create_model():
    return Sequential([
        tf.keras.layers.Flatten(input_shape=(28, 28)),
        layers.Dense(512, activation="relu"),
        tf.keras.layers.Dropout(0.2),
        Dense(10, activation="softmax")
    ])

model = create_model()
model.compile(optimizer='adam',
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
log_dir = "logs/fit/" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
tensorboard_callback = tf.keras.callbacks.TensorBoard(log_dir=log_dir,
                                                     histogram_freq=1)

hist = model.fit(x=x_train,
                 y=y_train,
                 epochs=5,
                 validation_data=(x_test, y_test),
                 callbacks=[tensorboard_callback])

# !pip install tensorboard  # saessak: notebook-only shell command
# !pip install ipython  # saessak: notebook-only shell command

# %load_ext tensorboard
# %tensorboard --logdir logs/fit

# --- check added by the test ---
import os
print("TENSORBOARD_VAL_ACCURACY=%.4f" % hist.history['val_accuracy'][-1])
print("TENSORBOARD_EVENT_FILES=%d" % sum(len([f for f in files if "tfevents" in f])
                                         for _, _, files in os.walk("logs/fit")))
