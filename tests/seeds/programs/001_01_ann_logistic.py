# Seed 001 ([Python] 딥러닝, orin602), first half "딥러닝 - 인공신경망(ANN)": the notebook's cells in
# order, verbatim (the blog's headings kept as comments).
# Changed (marked "# saessak:"):
# - Fashion-MNIST is not available offline: keras.datasets.mnist is loaded instead (same shapes,
#   dtypes and ten classes; the numbers printed are MNIST's);
# - `np` is used but never imported in the tutorial (NameError in TensorFlow too): one import added.
# 텐서플로우, 케라스 설치
# 아나콘다 프롬프트(파워쉔 프롬프트)에서
# pip 업그레이드 : python -m pip install --upgrade pip
# conda 가상환경 만들기 : conda create -n tensorflow python=3.11
# conda 가상환경 활성화 : activate tensorflow
# tensorflow 설치 : pip install tensorflow
# 케라스 설치 : pip install keras
# 텐서플로우 버전 확인
import tensorflow as tf
print(tf.__version__)

# --- 샘플 데이터 로드 ---
from tensorflow import keras

# 훈련 데이터, 테스트 데이터 로드
(train_input, train_target), (test_input, test_target) = \
    keras.datasets.mnist.load_data()  # saessak: was fashion_mnist (not available offline); MNIST instead
print('훈련 이미지 크기 :', train_input.shape)
print('훈련 레이블 크기 :', train_target.shape)

# 테스트 데이터 크기 확인
print(test_input.shape, test_target.shape)

# 샘플 출력
import matplotlib.pyplot as plt
fig, axs = plt.subplots(1, 10, figsize = (10, 10))

for i in range(10):
    axs[i].imshow(train_input[i], cmap = 'gray_r')
    axs[i].axis('off')

plt.show()

# --- 로지스틱 회귀로 패션 아이템 구분하기 ---
# SGDClassifier : 확률적 경사하강법 사용
train_scaled = train_input / 255.0 # 값의 범위 표준화
train_scaled = train_scaled.reshape(-1, 28 * 28)

# SGDClassifier 클래스와 cross_validate 함수를 사용해서 교차검증으로 성능 확인
import numpy as np  # saessak: np is used below but never imported in the tutorial
from sklearn.model_selection import cross_validate
from sklearn.linear_model import SGDClassifier
sgd = SGDClassifier(loss = 'log_loss', max_iter = 20, random_state = 42)
scores = cross_validate(sgd, train_scaled, train_target, n_jobs = -1)
print('교차 검증 점수 :', np.mean(scores['test_score']))

# --- 인공신경망 모델 만들기 ---
# 훈련 데이터와 테스트 데이터로 나누기
from sklearn.model_selection import train_test_split
train_scaled, val_scaled, train_target, test_target = train_test_split(
    train_scaled, train_target, test_size = 0.2, random_state = 42)
print('1차원 벡터로 변환된 훈련 이미지 데이터 :', train_scaled.shape)
print('훈련 이미지 레이블 :', train_target.shape)

# 패션 아이템 10개를 분류하기 위한 10개의 뉴런
# 10 - 뉴련 갯수, activation - 뉴런의 출력층에 적용할 함수, input_shape - 입력 크기
dense = keras.layers.Dense(10, activation = 'softmax', input_shape = (784,))
# Sequential - 케라스에서 신경망 모델을 생성하는 클래스
model = keras.Sequential([dense])
model.compile(loss = 'sparse_categorical_crossentropy', metrics = ['accuracy'])
# 케라스 모델 훈련 전 설정 단계 : compile() 메서드
# 이진분류 : loss = 'binary_crossentropy'
# 다중분류 : loss = 'categorial_crossentropy'

model.fit(train_scaled, train_target, epochs = 5)

# --- 검증 세트에서 모델 성능 확인하기 ---
val_loss, val_acc = model.evaluate(val_scaled, test_target)
print(f"검증 데이터 손실 : {val_loss}, 검증 데이터 정확도 : {val_acc}")

# --- check added by the test ---
print("SGD_CV_SCORE=%.4f" % np.mean(scores['test_score']))
print("VAL_ACCURACY=%.4f" % val_acc)
