# Seed 002 ([ML] 혼공머닝 6편 딥러닝 기초), sections "07-2 심층 신경망" and "07-3 신경망 모델 훈련":
# the code blocks in order, verbatim (07-3 trains the `model` that 07-2 left behind, so the two
# sections are one program).
# Changed (marked "# saessak:"):
# - Fashion-MNIST is not available offline: keras.datasets.mnist is loaded instead (same shapes,
#   dtypes and ten classes; the numbers printed are MNIST's);
# - three typos that stop the program in TensorFlow too: `rom tensorflow import keras` (SyntaxError),
#   loss='aparse_categorical_crossentropy' (twice), and `early_stopping_cb` passed one cell before it
#   is created (NameError). tests/seeds/test_seeds.py runs the originals and checks the errors;
# - the tutorial pastes its printed output inside the code blocks: those lines are comments.
from tensorflow import keras  # saessak: the tutorial has the typo "rom tensorflow import keras"
(train_input, train_target), (test_input, test_target) = keras.datasets.mnist.load_data()  # saessak: was fashion_mnist (not available offline); MNIST instead

from sklearn.model_selection import train_test_split
train_scaled = train_input/255.0
train_scaled = train_scaled.reshape(-1,28*28)
train_scaled, val_scaled, train_target, val_target = train_test_split(train_scaled, train_target, test_size=0.2, random_state=42)

#은닉층. sigmoid함수를 써서 z값을 0과 1사이로 압축
#은닉층의 뉴런 개수는 임의로 설정하는데, 출력층의 뉴런보단 많아야 한다.
dense1 = keras.layers.Dense(100, activation='sigmoid', input_shape=(784,))
#출력층
dense2 = keras.layers.Dense(10, activation='softmax')

model = keras.Sequential([dense1, dense2])
model.summary()
#summary값
# saessak: the tutorial's printed output, pasted in the code block, follows as comments
# Model: "sequential"
# _________________________________________________________________
#  Layer (type)                Output Shape              Param #
# =================================================================
#  dense (Dense)               (None, 100)               78500
#
#  dense_1 (Dense)             (None, 10)                1010
#
# =================================================================
# Total params: 79,510
# Trainable params: 79,510
# Non-trainable params: 0

model = keras.Sequential([keras.layers.Dense(100, activation='sigmoid', input_shape=(784,), name='hidden'), keras.layers.Dense(10, activation='softmax', name='output')], name='패션 MNIST 모델')

model = keras.Sequential()
model.add(keras.layers.Dense(100, activation='sigmoid', input_shape=(784,)))
model.add(keras.layers.Dense(10, activation='softmax'))

model= keras.Sequential()
model.add(keras.layers.Flatten(input_shape=(28,28)))
#Flatten클래스는 입력차원을 일렬로 펼치는 역할
model.add(keras.layers.Dense(100,activation='relu')) #relu
model.add(keras.layers.Dense(10, activation='softmax'))

#모델 훈련
(train_input, train_target), (test_input, test_target) = keras.datasets.mnist.load_data()  # saessak: was fashion_mnist (not available offline); MNIST instead
train_scaled = train_input/255.0
train_scaled, val_scaled, train_target, val_target = train_test_split(train_scaled, train_target, test_size=0.2, random_state=42)

model.compile(loss='sparse_categorical_crossentropy', metrics='accuracy')
model.fit(train_scaled, train_target, epochs=5)

#시그모이드 함수를 사용했을 때보다 성능이 조금 향상

# --- check added by the test (the ReLU model of 07-2) ---
print("RELU_VAL_ACCURACY=%.4f" % model.evaluate(val_scaled, val_target, verbose=0)[1])
# --- end of check ---

# ===== 07-3 신경망 모델 훈련 =====
#데이터 준비
from tensorflow import keras
from sklearn.model_selection import train_test_split
(train_input, train_target), (test_input, test_target) = keras.datasets.mnist.load_data()  # saessak: was fashion_mnist (not available offline); MNIST instead
train_scaled = train_input/255.0
train_scaled, val_scaled, train_target, val_target = train_test_split(train_scaled, train_target, test_size=0.2, random_state=42)

def model_fn(a_layer=None):
  model = keras.Sequential()
  model.add(keras.layers.Flatten(input_shape=(28,28)))
  model.add(keras.layers.Dense(100, activation='relu'))
  if a_layer: #층을 추가하면 은닉층 뒤에 또 하나의 층을 추가하는 if문
    model.add(a_layer)    
  model.add(keras.layers.Dense(10, activation='softmax'))
  return model

#fit()메서드의 결과를 history변수에 담기
model.compile(loss='sparse_categorical_crossentropy', metrics='accuracy')
history = model.fit(train_scaled, train_target, epochs=5, verbose=0)
print(history.history.keys())
#결과값
# dict_keys(['loss', 'accuracy'])  # saessak: the tutorial's printed output, pasted in the code block

import matplotlib.pyplot as plt
plt.plot(history.history['loss'])
plt.xlabel('epoch')
plt.ylabel('loss')
plt.show()
plt.plot(history.history['accuracy'])
plt.xlabel('epoch')
plt.ylabel('loss')
plt.show()

model = model_fn()
model.compile(loss='sparse_categorical_crossentropy', metrics='accuracy')
history = model.fit(train_scaled, train_target, epochs=20, verbose=0, validation_data=(val_scaled, val_target))
print(history.history.keys())
#결과값
# dict_keys(['loss', 'accuracy', 'val_loss', 'val_accuracy'])  # saessak: the tutorial's printed output, pasted in the code block
#검증세트에 대한 손실과 정확도도 저장된 것을 볼 수 있다.

plt.plot(history.history['val_loss'])
plt.plot(history.history['loss'])
plt.xlabel('epoch')
plt.ylabel('loss')
plt.legend(['val', 'train'])
plt.show()

#앞서 정의한 model_fn함수에 드롭아웃 층을 넣어보자
model = model_fn(keras.layers.Dropout(0.3))
model.summary()
# saessak: the tutorial's printed output, pasted in the code block, follows as comments
# Model: "sequential_7"
# _________________________________________________________________
#  Layer (type)                Output Shape              Param #
# =================================================================
#  flatten_5 (Flatten)         (None, 784)               0
#
#  dense_14 (Dense)            (None, 100)               78500
#
#  dropout (Dropout)           (None, 100)               0
#
#  dense_15 (Dense)            (None, 10)                1010
#
# =================================================================
# Total params: 79,510
# Trainable params: 79,510
# Non-trainable params: 0
# _________________________________________________________________

model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics='accuracy')
history = model.fit(train_scaled, train_target, epochs=20, verbose=0, validation_data=(val_scaled, val_target))
plt.plot(history.history['loss'])
plt.plot(history.history['val_loss'])
plt.xlabel('epoch')
plt.ylabel('loss')
plt.legend(['train', 'val'])
plt.show()

model = model_fn(keras.layers.Dropout(0.3))
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics='accuracy')
history = model.fit(train_scaled, train_target, epochs=10, verbose=0, validation_data=(val_scaled, val_target))
model.save_weights('model-weights.h5') #훈련 파라미터를 저장하는 메서드
model.save('model-whole.h5') #모델 구조와 모델 파라미터를 함께 저장하는 메서드

# --- check added by the test (the model just saved) ---
print("SAVED_VAL_ACCURACY=%.4f" % model.evaluate(val_scaled, val_target, verbose=0)[1])
# --- end of check ---

model = model_fn(keras.layers.Dropout(0.3))
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics='accuracy')  # saessak: the tutorial has the typo loss='aparse_categorical_crossentropy'
checkpoint_cb = keras.callbacks.ModelCheckpoint('best-model.h5', save_best_only=True)
#save_best_only매개변수를 True로 설정하여 가장 낮은 검증 점수를 만드는 모델을 저장한다.
history.model.fit(train_scaled, train_target, epochs=20, verbose=0, validation_data=(val_scaled, val_target), callbacks=[checkpoint_cb])  # saessak: the tutorial also passes early_stopping_cb, which is only created in the next cell
#checkpoint_cb를 만든 후 callbacks매개변수에 리스트로 감싸서 전달해준다.
#모델이 훈련한 후 best-model.h5에 최상의 검증 점수를 낸 모델이 저장된다.

model = model_fn(keras.layers.Dropout(0.3))
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics='accuracy')  # saessak: the tutorial has the typo loss='aparse_categorical_crossentropy'
checkpoint_cb = keras.callbacks.ModelCheckpoint('best-model.h5', save_best_only=True)
early_stopping_cb = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
#patience를 2로 지정하면 2번 연속 검증 점수 향상이 없을 시 훈련 중지
#retore_best_weights를 True로 지정하면 가장 낮은 검증 손실을 낸 모델 파라미터로 되돌림
history.model.fit(train_scaled, train_target, epochs=20, verbose=0, validation_data=(val_scaled, val_target), callbacks=[checkpoint_cb, early_stopping_cb])

#몇 에포크만에 훈련을 중지했는지
print(early_stopping_cb.stopped_epoch) 

# --- check added by the test ---
# What the tutorial saved must load back: the weights file into a fresh model_fn(Dropout) model,
# the whole-model file and the best checkpoint with keras.models.load_model.
print("STOPPED_EPOCH=%d" % early_stopping_cb.stopped_epoch)
print("FINAL_VAL_ACCURACY=%.4f" % history.model.evaluate(val_scaled, val_target, verbose=0)[1])
reloaded = model_fn(keras.layers.Dropout(0.3))
reloaded.load_weights('model-weights.h5')
reloaded.compile(loss='sparse_categorical_crossentropy', metrics=['accuracy'])
print("RELOADED_WEIGHTS_VAL_ACCURACY=%.4f" % reloaded.evaluate(val_scaled, val_target, verbose=0)[1])
whole = keras.models.load_model('model-whole.h5')
print("RELOADED_WHOLE_VAL_ACCURACY=%.4f" % whole.evaluate(val_scaled, val_target, verbose=0)[1])
best = keras.models.load_model('best-model.h5')
print("BEST_CHECKPOINT_VAL_ACCURACY=%.4f" % best.evaluate(val_scaled, val_target, verbose=0)[1])
