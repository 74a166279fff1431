# Seed 001 ([Python] 딥러닝, orin602), second half "딥러닝 - 심층 신경망(DNN)": the notebook's cells in
# order, verbatim (the blog's headings kept as comments). Its last cell is the seed MLP
# (Flatten, Dense(100, relu), Dense(10, softmax), adam, 5 epochs, batch 32).
# Changed (marked "# saessak:"):
# - `tf`, imported by the notebook's first cell (see 001_01), is imported here;
# - Fashion-MNIST is not available offline: keras.datasets.mnist is loaded instead (same shapes,
#   dtypes and ten classes; the numbers printed are MNIST's).
import tensorflow as tf  # saessak: imported in the notebook's first cell

# 2개의 층 생성
# 데이터셋 준비
from tensorflow import keras

# 훈련 데이터와 데스트 데이터 로드
(train_input, train_target), (test_input, test_target) = \
    keras.datasets.mnist.load_data()  # saessak: was fashion_mnist (not available offline); MNIST instead

print('훈련 이미지 크기 :', train_input.shape)
print('훈련 레이블 크기 :', train_target.shape)

from sklearn.model_selection import train_test_split
train_scaled = train_input / 255.0
train_scaled = train_scaled.reshape(-1, 28 * 28)
train_scaled, val_scaled, train_target, val_target = train_test_split(
    train_scaled, train_target, test_size = 0.2, random_state = 42)

dense1 = keras.layers.Dense(100, activation = 'sigmoid', input_shape = (784,))
dense2 = keras.layers.Dense(10, activation = 'softmax')

# --- 심층 신경망 만들기 ---
model = keras.Sequential([dense1, dense2])
model.summary()

# --- 층을 추가하는 다른 방법 ---
# 1. Sequential 클래스 안에 바로 작성해서 추가하기
# dense1과 dense2 객체를 따로 사용할 일이 없으므로 Sequential클래스 안에 바로 작성
model = keras.Sequential(
    [keras.layers.Dense(100, activation = 'sigmoid', input_shape = (784,), name = 'hidden'),
     keras.layers.Dense(10, activation = 'softmax', name = 'output')],
    name = '패션 MNIST 모델')
model.summary()

# 2. add() 메서드 사용해서 추가하기
model = keras.Sequential()
model.add(keras.layers.Dense(100, activation='sigmoid', input_shape=(784,)))
model.add(keras.layers.Dense(10, activation='softmax'))
model.summary()

# --- 모델 훈련 ---
model.compile(loss = 'sparse_categorical_crossentropy', metrics = ['accuracy'])
model.fit(train_scaled, train_target, epochs = 5)

# --- check added by the test (the sigmoid hidden layer model above) ---
print("SIGMOID_VAL_ACCURACY=%.4f" % model.evaluate(val_scaled, val_target, verbose=0)[1])
# --- end of check ---

# --- Relu 함수 ---
# 함수의 오른쪽 끝과 왼쪽 끝으로 갈수로 그래프가 누워있음(값의 변화가 거의 없다)
# == 시그모이드 함수의 단점 >>> 옳바른 출력을 만드는데 신속하게 대응하지 못함
# Relu함수로 개선 >> 0보다 크면 그대로 사용 0보다 작으면 0으로 만듬
model = keras.Sequential()
# Flatten() : 입력데이터를 받아 1차원 배열로 변환
model.add(keras.layers.Flatten(input_shape = (28, 28)))
model.add(keras.layers.Dense(100, activation = 'relu'))
model.add(keras.layers.Dense(10, activation = 'softmax'))
model.summary()

(train_iniput, train_target), (test_input, test_target) = \
    keras.datasets.mnist.load_data()  # saessak: was fashion_mnist (not available offline); MNIST instead
train_scaled = train_input / 255.0
train_scaled, val_scaled, train_target, val_target = train_test_split(
    train_scaled, train_target, test_size = 0.2, random_state = 42)

model.compile(loss = 'sparse_categorical_crossentropy', metrics = ['accuracy'])
model.fit(train_scaled, train_target, epochs = 5)

# --- 옵티마이저 ---
# 케라스에서 기본적으로 미니 배치 경사하강법을 사용.(미니배치 개수 32)
# 케라스에서 다양한 종류의 경사하강법 알고리즘을 제공 >> 옵티마이저
# optimizer : compile() 함수의 속성
# 옵티마이저로 경사하강법 알고리즘을 사용하기 위해 sgd값으로 설정
model.compile(optimizer = 'sgd', loss = 'sparse_categorical_crossentropy',
              metrics = ['accuracy'])
# 위의 코드와 동일한 코드

# SGD 옵티마이저 설정
sgd = tf.keras.optimizers.SGD()

# 모델 컴파일
model.compile(optimizer=sgd, loss='sparse_categorical_crossentropy', metrics=['accuracy'])
# SGD 클래스의 학습률의 기본값 = 0.01 >> learning_rate 속성과 지정 가능
sgd = keras.optimizers.SGD(learning_rate = 0.1)

# - 기타 경사하강법 옵티마이저
# momentum은 0.9 이상 지정.
sgd = keras.optimizers.SGD(momentum=0.9, nesterov=True)

# - 적응적 학습률 : Adagrad()
adagrad = keras.optimizers.Adagrad()
model.compile(optimizer=adagrad, loss='sparse_categorical_crossentropy', metrics=['accuracy'])

# Optimizer의 속성 : adam
# >> 모멘텀 최적화, 적응률 학습
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(train_scaled, train_target, epochs=5)

# --- 적응적 학습률을 적용해서 모델 학습 ---
model = keras.Sequential()
model.add(keras.layers.Flatten(input_shape = (28, 28)))
model.add(keras.layers.Dense(100, activation = 'relu'))
model.add(keras.layers.Dense(10, activation = 'softmax'))
model.compile(optimizer = 'adam', loss = 'sparse_categorical_crossentropy',
              metrics = ['accuracy'])
model.fit(train_scaled, train_target, epochs = 5)

# --- check added by the test: the seed MLP on the 10,000 test images ---
test_loss, test_accuracy = model.evaluate(test_input / 255.0, test_target, verbose=0)
print("TEST_ACCURACY=%.4f" % test_accuracy)
print("TEST_LOSS=%.4f" % test_loss)
