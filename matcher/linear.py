"""A fitted logistic model as plain numbers: applied with numpy, saved and read back as JSON.

The re-ranker is fitted with scikit-learn (standard scaling, then logistic regression); what it
keeps is only the arithmetic of that pipeline, so a stored fit is data, never code (no pickle).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Linear:
    """``p = 1 / (1 + exp(-(((x - mean) / scale) . coef + intercept)))``."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def of(cls, pipeline: Any) -> Linear:
        """The numbers of a fitted ``make_pipeline(StandardScaler(), LogisticRegression())``."""
        scaler, model = pipeline[0], pipeline[-1]
        return cls(
            mean=np.asarray(scaler.mean_, dtype=np.float64),
            scale=np.asarray(scaler.scale_, dtype=np.float64),
            coef=np.asarray(model.coef_[0], dtype=np.float64),
            intercept=float(model.intercept_[0]),
        )

    def probability(self, x: np.ndarray) -> np.ndarray:
        """The probability of the positive class for each row of ``x``."""
        z = ((np.asarray(x, dtype=np.float64) - self.mean) / self.scale) @ self.coef
        return np.asarray(1.0 / (1.0 + np.exp(-(z + self.intercept))), dtype=np.float64)

    def as_dict(self) -> dict[str, Any]:
        """The numbers as JSON-ready lists."""
        return {
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Linear:
        """Read back ``as_dict``; raises ValueError on anything else."""
        try:
            arrays = [np.asarray(data[k], dtype=np.float64) for k in ("mean", "scale", "coef")]
            intercept = float(data["intercept"])
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a stored linear model: {exc}") from None
        if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 1:
            raise ValueError("not a stored linear model: arrays of different shapes")
        return cls(arrays[0], arrays[1], arrays[2], intercept)


def dumps(state: dict[str, Any]) -> bytes:
    """A JSON document (UTF-8) of plain values."""
    return json.dumps(state, sort_keys=True).encode("utf-8")


def loads(raw: bytes) -> dict[str, Any]:
    """The document ``dumps`` wrote; raises ValueError when it is not one."""
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a stored re-ranker")
    return data
