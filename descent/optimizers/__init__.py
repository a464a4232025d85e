"""Update rules, one per module: ``state = opt.init(params)``; ``params, state = opt.step(...)``.

Every optimizer checks its hyperparameters once, at construction (a ``ValueError`` or
``TypeError`` naming the argument and its range), keeps them as floats or read-only float64
copies of arrays, and computes in float64 whatever the dtype of ``params`` and ``grad``
(float32, integers): the reference runs recorded from torch.optim and the tests' tolerances are
float64. ``step`` checks cheaply what it is given: real dtypes, matching shapes, a state of the
right type and shape, and a schedule's value (finite, ``>= 0``) at every update.

:data:`ALL` is the registry: every optimizer by its class name, in the order the site
introduces them. Tests, benchmarks, the playgrounds and the race iterate it; nothing else keeps
a list of optimizers (the race chapter compares the first seven, :data:`descent.race.RACERS`).
The reading order:

- the seven of the first chapters: :class:`GradientDescent`, :class:`Momentum`,
  :class:`Nesterov`, :class:`AdaGrad`, :class:`RMSProp`, :class:`Adam`, :class:`AdamW`;
- Adam's family: :class:`NAdam`, :class:`RAdam`, :class:`Adamax`;
- steps without a scale: :class:`Adadelta`, :class:`Rprop`, sign descent
  (:class:`SignSGD`, :class:`Signum`) and :class:`Lion`;
- rules for matrices: :class:`Adafactor` (a factored second moment) and :class:`Muon`
  (momentum orthogonalised by :func:`newton_schulz`), for which the last two axes of the
  parameters are one matrix and the axes before them independent runs;
- curvature: :class:`Newton` and :class:`LBFGS`;
- averaging: :class:`ASGD` and schedule-free :class:`ScheduleFreeSGD` and
  :class:`ScheduleFreeAdamW`, whose state holds the averaged point to evaluate
  (``eval_params``).

Each of torch.optim's is equal to its torch.optim class step for step, and Lion and
schedule-free to their reference implementations (the tests replay their recorded runs). The
first seven have torch's options as well, under torch's names and off by default:
``Momentum(dampening=, weight_decay=)``, ``Nesterov(weight_decay=)``, ``AdaGrad(lr_decay=,
weight_decay=, initial_accumulator_value=)``, ``RMSProp(momentum=, centered=,
weight_decay=)``, ``Adam(weight_decay=, amsgrad=)`` and ``AdamW(amsgrad=)``.
:class:`ReduceLROnPlateau` is not a rule but wraps one, and is not in :data:`ALL`.

**Beyond the gradient.** Three classes need more than ``step(params, grad, state)`` gives, and
say what in a tuple ``needs``; ``step`` takes each as a keyword argument, and
:func:`descent.run` computes it from the objective at the current point (see
:mod:`descent.runs`):

- :class:`Newton` needs ``("hessian",)``: ``step(params, grad, state, hessian=H)``;
- :class:`LBFGS` needs nothing without a line search and ``("loss", "objective")`` with one,
  whose trial points it evaluates;
- :class:`ReduceLROnPlateau` wraps an optimizer, sets its rate from the losses it reads and
  needs ``("loss",)`` plus what the wrapped one needs.

The rules above have no ``needs`` and are called as before. Newton and L-BFGS
couple the coordinates: their ``params`` are ``(..., dim)``, the last axis the parameter
vector, the leading axes independent runs (as the starts of :func:`descent.run`); Adafactor
(``factored=True``, its default) and Muon take matrices. Every other rule is elementwise.

Examples
--------
>>> from descent.optimizers import ALL
>>> len(ALL)
22
>>> list(ALL)[:7]  # the seven of the first chapters
['GradientDescent', 'Momentum', 'Nesterov', 'AdaGrad', 'RMSProp', 'Adam',
 'AdamW']
>>> list(ALL)[7:]
['NAdam', 'RAdam', 'Adamax', 'Adadelta', 'Rprop', 'SignSGD', 'Signum',
 'Lion', 'Adafactor', 'Muon', 'Newton', 'LBFGS', 'ASGD',
 'ScheduleFreeSGD', 'ScheduleFreeAdamW']
>>> ALL["Adam"](lr=0.1)
Adam(lr=0.1, beta1=0.9, beta2=0.999, eps=1e-08, bias_correction=True)
"""

from .adadelta import Adadelta, AdadeltaState
from .adafactor import Adafactor, AdafactorFactoredState, AdafactorState
from .adagrad import AdaGrad, AdaGradState
from .adam import Adam, AdamState, AMSGradState
from .adamax import Adamax, AdamaxState
from .adamw import AdamW
from .asgd import ASGD, ASGDState
from .gradient_descent import GradientDescent, GradientDescentState
from .lbfgs import LBFGS, LBFGSState
from .lion import Lion, LionState
from .momentum import Momentum, MomentumState
from .muon import Muon, MuonState, newton_schulz
from .nadam import NAdam, NAdamState
from .nesterov import Nesterov
from .newton import Newton, NewtonState
from .plateau import ReduceLROnPlateau, ReduceLROnPlateauState
from .radam import RAdam
from .rmsprop import RMSProp, RMSPropFullState, RMSPropState
from .rprop import Rprop, RpropState
from .schedule_free import (
    ScheduleFreeAdamW,
    ScheduleFreeAdamWState,
    ScheduleFreeSGD,
    ScheduleFreeSGDState,
)
from .sign import SignSGD, Signum, SignumState

#: Every optimizer, by class name, in reading order.
#:
#: :meta hide-value:
ALL = {
    cls.__name__: cls
    for cls in (
        *(GradientDescent, Momentum, Nesterov, AdaGrad, RMSProp, Adam, AdamW),
        *(NAdam, RAdam, Adamax),  # Adam's family
        *(Adadelta, Rprop, SignSGD, Signum, Lion),  # steps without a scale
        *(Adafactor, Muon),  # matrices
        *(Newton, LBFGS),  # curvature
        *(ASGD, ScheduleFreeSGD, ScheduleFreeAdamW),  # averaging
    )
}

__all__ = [
    "ALL",
    "ASGD",
    "LBFGS",
    "AMSGradState",
    "ASGDState",
    "AdaGrad",
    "AdaGradState",
    "Adadelta",
    "AdadeltaState",
    "Adafactor",
    "AdafactorFactoredState",
    "AdafactorState",
    "Adam",
    "AdamState",
    "AdamW",
    "Adamax",
    "AdamaxState",
    "GradientDescent",
    "GradientDescentState",
    "LBFGSState",
    "Lion",
    "LionState",
    "Momentum",
    "MomentumState",
    "Muon",
    "MuonState",
    "NAdam",
    "NAdamState",
    "Nesterov",
    "Newton",
    "NewtonState",
    "RAdam",
    "RMSProp",
    "RMSPropFullState",
    "RMSPropState",
    "ReduceLROnPlateau",
    "ReduceLROnPlateauState",
    "Rprop",
    "RpropState",
    "ScheduleFreeAdamW",
    "ScheduleFreeAdamWState",
    "ScheduleFreeSGD",
    "ScheduleFreeSGDState",
    "SignSGD",
    "Signum",
    "SignumState",
    "newton_schulz",
]
