"""Update rules, one per module: ``state = opt.init(params)``; ``params, state = opt.step(...)``."""

from .adagrad import AdaGrad, AdaGradState
from .adam import Adam, AdamState
from .adamw import AdamW
from .gradient_descent import GradientDescent, GradientDescentState
from .momentum import Momentum, MomentumState
from .nesterov import Nesterov
from .rmsprop import RMSProp, RMSPropState

__all__ = [
    "AdaGrad",
    "AdaGradState",
    "Adam",
    "AdamState",
    "AdamW",
    "GradientDescent",
    "GradientDescentState",
    "Momentum",
    "MomentumState",
    "Nesterov",
    "RMSProp",
    "RMSPropState",
]
