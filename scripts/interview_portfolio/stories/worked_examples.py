"""Worked numeric examples computed from their inputs, never typed.

A story declares inputs and steps (``formula`` over earlier names); this module evaluates the
formulas with a small arithmetic evaluator (no ``eval``) and compares each result with the
value the notes state, so an arithmetic slip in the notes is reported instead of published.

Pure module: no MkDocs import.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass

from .model import WorkedExample

FUNCTIONS: dict[str, Callable[..., float]] = {"ceil": math.ceil, "floor": math.floor, "round": round, "min": min, "max": max}
OPERATORS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
}


class FormulaError(ValueError):
    """A formula is not valid arithmetic over the example's names; the message says why."""


@dataclass(frozen=True)
class StepResult:
    name: str
    label: str
    formula: str
    substituted: str
    value: float
    unit: str
    stated: float | None
    tolerance: float

    @property
    def relative_error(self) -> float | None:
        if self.stated is None:
            return None
        if self.stated == 0:
            return abs(self.value)
        return abs(self.value - self.stated) / abs(self.stated)

    @property
    def matches(self) -> bool:
        error = self.relative_error
        return error is None or error <= self.tolerance


def evaluate(formula: str, names: dict[str, float]) -> float:
    """Evaluate arithmetic over ``names``: + - * / ( ), ceil, floor, round, min, max."""
    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"formula {formula!r} is not valid arithmetic: {exc.msg}") from None

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in names:
                raise FormulaError(
                    f"formula {formula!r} uses {node.id!r}, which is not an input or an earlier step"
                )
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            left, right = walk(node.left), walk(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                raise FormulaError(f"formula {formula!r} divides by zero")
            return OPERATORS[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = walk(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in FUNCTIONS and not node.keywords and node.args):
            return float(FUNCTIONS[node.func.id](*[walk(a) for a in node.args]))
        raise FormulaError(
            f"formula {formula!r}: only numbers, names, + - * / ( ) and "
            f"{', '.join(FUNCTIONS)} are allowed"
        )

    return walk(tree)


def substitute(formula: str, names: dict[str, float], fmt) -> str:
    """The formula with every name replaced by its value, for showing the arithmetic."""
    tree = ast.parse(formula, mode="eval")

    class Replace(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.AST:
            if node.id in names:
                return ast.copy_location(ast.Name(id=fmt(names[node.id]), ctx=ast.Load()), node)
            return node

    return ast.unparse(Replace().visit(tree))


def compute(example: WorkedExample, fmt=str) -> list[StepResult]:
    """Evaluate every step in order; each may use the inputs and the steps before it."""
    names: dict[str, float] = {i.name: i.value for i in example.inputs}
    results = []
    for step in example.steps:
        if step.name in names:
            raise FormulaError(f"step name {step.name!r} is already an input or an earlier step")
        value = evaluate(step.formula, names)
        results.append(StepResult(
            step.name, step.label, step.formula, substitute(step.formula, names, fmt), value,
            step.unit, step.stated, step.tolerance,
        ))
        names[step.name] = value
    return results
