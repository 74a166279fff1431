# Seed 002 ([ML] 혼공머닝 6편 딥러닝 기초), section "07-1 인공 신경망": the code blocks in order,
# verbatim.
# Changed (marked "# saessak:"):
# - Fashion-MNIST is not available offline: keras.datasets.mnist is loaded instead (same shapes,
#   dtypes and ten classes; the numbers printed are MNIST's);
# - scikit-learn 1.3 renamed SGDClassifier(loss='log') to loss='log_loss' (the old name now raises
#   InvalidParameterError, with or without TensorFlow);
# - the tutorial pastes its printed output inside the code blocks: those lines are comments.
from tensorflow import keras
(train_input, train_target), (test_input, test_target) = keras.datasets.mnist.load_data()  # saessak: was fashion_mnist (not available offline); MNIST instead
print(train_input.shape, train_target.shape)
#(60000, 28, 28) (60000,)
#데이터는 28*28크기의 60,000개 이미지로 구성되어있다. 타깃도 60,000개의 원소가 있는 1차원 배열이다.

#10개의 샘플을 그림으로 출력해보자
import matplotlib.pyplot as plt
fig, axs = plt.subplots(1,10,figsize=(10,10))
for i in range(10):
  axs[i].imshow(train_input[i], cmap='gray_r')
  axs[i].axis('off')
plt.show()

train_scaled = train_input/255.0
train_scaled = train_scaled.reshape(-1, 28*28)

import numpy as np
#교차검증으로 성능 확인
from sklearn.model_selection import cross_validate
from sklearn.linear_model import SGDClassifier
sc = SGDClassifier(loss='log_loss', max_iter=5, random_state=42)  # saessak: loss='log' before scikit-learn 1.3
scores = cross_validate(sc, train_scaled, train_target, n_jobs=-1)
print(np.mean(scores['test_score'])) #0.81956

import tensorflow as tf
from tensorflow import keras
from sklearn.model_selection import train_test_split
train_scaled, val_scaled, train_target, val_target =train_test_split(train_scaled, train_target, test_size=0.2, random_state=42)

dense = keras.layers.Dense(10, activation='softmax', input_shape=(784,))
#첫번째 매개변수에는 뉴런 개수를 지정한다.
#activation매개변수는 뉴런에서 출력되는 값을 확률로 바꾸기 위한 함수를 입력한다.
#2진분류라면 sigmoid를 쓰고 다중분류라면 softmax를 쓴다.
model=keras.Sequential(dense)

#케라스에서 훈련하기 전 설정단계
model.compile(loss='sparse_categorical_crossentropy', metrics='accuracy')
#loss매개변수에 손실함수의 종류를 입력.
#metrics매개변수에 accuracy를 입력하여 정확도 지표를 같이 출력

model.fit(train_scaled, train_target, epochs=5)
#결과값
# saessak: the tutorial's printed output, pasted in the code block, follows as comments
# Epoch 1/5
# 1500/1500 [==============================] - 3s 1ms/step - loss: 0.6051 - accuracy: 0.7949
# Epoch 2/5
# 1500/1500 [==============================] - 2s 1ms/step - loss: 0.4789 - accuracy: 0.8395
# Epoch 3/5
# 1500/1500 [==============================] - 2s 1ms/step - loss: 0.4555 - accuracy: 0.8465
# Epoch 4/5
# 1500/1500 [==============================] - 2s 1ms/step - loss: 0.4460 - accuracy: 0.8521
# Epoch 5/5
# 1500/1500 [==============================] - 2s 1ms/step - loss: 0.4377 - accuracy: 0.8549
# <keras.callbacks.History at 0x7f2d68606590>
#훈련세트의 정확도는 0.8549

model.evaluate(val_scaled, val_target)
#결과값
# saessak: the tutorial's printed output, pasted in the code block, follows as comments
# 375/375 [==============================] - 1s 1ms/step - loss: 0.4554 - accuracy: 0.8469
# [0.45541203022003174, 0.846916675567627]
#검증세트의 정확도는 0.8359

# --- check added by the test ---
print("SGD_CV_SCORE=%.4f" % np.mean(scores['test_score']))
print("VAL_ACCURACY=%.4f" % model.evaluate(val_scaled, val_target, verbose=0)[1])
