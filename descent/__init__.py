"""descent: gradient-descent optimizers and loss surfaces, tested against the math.

Examples
--------
>>> import numpy as np
>>> import descent
>>> opt = descent.Momentum(lr=0.02, beta=0.9)
>>> bowl = descent.surfaces.ALL["elongated"]
>>> traj = descent.run(opt, bowl, np.array([-5.0, 2.0]), steps=200)
>>> bool(traj.loss[-1] < 1e-6)
True
"""

from . import cache, landscape, objectives, optimizers, problems, schedules, surfaces
from .averages import ema
from .hessians import sharpness
from .optimizers import (
    ASGD,
    LBFGS,
    Adadelta,
    Adafactor,
    AdaGrad,
    Adam,
    Adamax,
    AdamW,
    GradientDescent,
    Lion,
    Momentum,
    Muon,
    NAdam,
    Nesterov,
    Newton,
    RAdam,
    ReduceLROnPlateau,
    RMSProp,
    Rprop,
    ScheduleFreeAdamW,
    ScheduleFreeSGD,
    SignSGD,
    Signum,
)
from .runs import Trajectory, run, run_stochastic
from .sweeps import LRSweep, sweep_lr

__version__ = "0.1.0"

__all__ = [
    "ASGD",
    "LBFGS",
    "AdaGrad",
    "Adadelta",
    "Adafactor",
    "Adam",
    "AdamW",
    "Adamax",
    "GradientDescent",
    "LRSweep",
    "Lion",
    "Momentum",
    "Muon",
    "NAdam",
    "Nesterov",
    "Newton",
    "RAdam",
    "RMSProp",
    "ReduceLROnPlateau",
    "Rprop",
    "ScheduleFreeAdamW",
    "ScheduleFreeSGD",
    "SignSGD",
    "Signum",
    "Trajectory",
    "cache",
    "ema",
    "landscape",
    "objectives",
    "optimizers",
    "plot",
    "problems",
    "run",
    "run_stochastic",
    "schedules",
    "sharpness",
    "surfaces",
    "sweep_lr",
]


def __getattr__(name):
    # descent.plot pulls in matplotlib: import it on first use, not with the package
    if name == "plot":
        import importlib

        return importlib.import_module(".plot", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
