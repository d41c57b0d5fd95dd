#!/usr/bin/python3
"""Dynamic int8 quantization of an ONNX graph's weights (no onnxruntime needed).

What it rewrites, in the main graph and in every subgraph (the branches of an
``If``, whose weights live once in the outer graph):

* ``MatMul(A, W)`` and ``Gemm(A, W, C)`` (alpha = beta = 1, transA = 0) where W
  is a constant fp32 initializer become

      DynamicQuantizeLinear(A) -> (A_u8, a_scale, a_zero)
      MatMulInteger(A_u8, W_q, a_zero[, w_zero]) -> int32
      Cast(to float) -> Mul(., Mul(a_scale, w_scale)) [-> Add(., bias)]

  The bias is the Gemm's C, or the constant 1-D initializer of an ``Add`` that
  is the MatMul's only consumer (folded in).  This is the exact pattern that
  onnxruntime fuses into ``MatMulIntegerToFloat`` and then, because each
  DynamicQuantizeLinear feeds one MatMulInteger only, into
  ``DynamicQuantizeMatMul`` (one kernel, prepacked weights).
  Weights are int8 symmetric (zero point 0, range [-127, 127]) with one scale
  per output column by default: uint8 activations x int8 weights is the fast
  path of onnxruntime's CPU kernels (VNNI / AVX2).  ``--weight-type uint8``
  (asymmetric, per-column zero points) exists for comparison.

* ``Gather(E, ids)`` (axis 0) on a constant fp32 table becomes an int8 gather
  plus a per-row scale: ``Cast(Gather(E_q, ids)) * Gather(e_scale, ids)[..., None]``.

* A table used both by a Gather and by a ``Gemm(transB=1)`` (a tied LM head)
  is stored ONCE, as the transposed int8 matrix ``E_q^T`` [d, V] with a scale per
  vocabulary entry: the Gemm reads it as MatMulInteger's B directly, the
  Gather becomes ``Gather(E_q^T, ids, axis=1)`` + Transpose.

Usage:
    /usr/bin/python3 scripts/quantize_onnx.py IN.onnx OUT.onnx [--per-tensor]
        [--weight-type int8|uint8] [--min-elements N] [--no-gather]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FLOAT = TensorProto.FLOAT


@dataclass
class Options:
    per_channel: bool = True
    weight_type: str = "int8"  # "int8" (symmetric) | "uint8" (asymmetric)
    min_elements: int = 4096
    gather: bool = True


@dataclass
class Use:
    node: str  # the node's first output (value names are unique, also across subgraphs)
    kind: str  # "kn" (MatMul/Gemm B), "nk" (Gemm B with transB), "gather", "other"


@dataclass
class Stats:
    matmul: int = 0
    gemm: int = 0
    gather: int = 0
    bias_folded: int = 0
    weights: int = 0
    skipped: list = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.matmul} MatMul, {self.gemm} Gemm, {self.gather} Gather quantized "
                f"({self.bias_folded} biases folded, {self.weights} weight tensors)")


def attr(node: onnx.NodeProto, name: str, default):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def subgraphs(node: onnx.NodeProto):
    for a in node.attribute:
        if a.type == onnx.AttributeProto.GRAPH:
            yield a.g
        elif a.type == onnx.AttributeProto.GRAPHS:
            yield from a.graphs


def all_graphs(graph: onnx.GraphProto, path: str = ""):
    """(path, graph) for the graph and every nested subgraph, parents first."""
    yield path, graph
    for node in graph.node:
        for a in node.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                yield from all_graphs(a.g, f"{path}/{node.name or node.output[0]}.{a.name}")
            elif a.type == onnx.AttributeProto.GRAPHS:
                for i, g in enumerate(a.graphs):
                    yield from all_graphs(g, f"{path}/{node.name or node.output[0]}.{a.name}[{i}]")


def names_used(graph: onnx.GraphProto) -> dict[str, int]:
    """How many times each value is read in this graph, counting reads from
    nested subgraphs (implicit inputs) and graph outputs."""
    counts: dict[str, int] = defaultdict(int)
    for node in graph.node:
        for x in node.input:
            if x:
                counts[x] += 1
        for g in subgraphs(node):
            for x, c in names_used(g).items():
                counts[x] += c
    for o in graph.output:
        counts[o.name] += 1
    return counts


# --------------------------------------------------------------------------- weights

def quant_columns(w: np.ndarray, opt: Options):
    """Quantize a [K, N] matrix with one scale (and zero point) per column
    (or one for all).  Returns (q, scale, zero_point or None)."""
    axis = 0 if opt.per_channel else None
    if opt.weight_type == "int8":
        amax = np.abs(w).max(axis=axis)
        scale = np.where(amax > 0, amax / 127.0, 1.0).astype(np.float32)
        q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
        return q, np.asarray(scale, np.float32), None
    lo = np.minimum(w.min(axis=axis), 0.0)
    hi = np.maximum(w.max(axis=axis), 0.0)
    scale = np.where(hi > lo, (hi - lo) / 255.0, 1.0).astype(np.float32)
    zp = np.clip(np.rint(-lo / scale), 0, 255).astype(np.uint8)
    q = np.clip(np.rint(w / scale) + zp, 0, 255).astype(np.uint8)
    return q, np.asarray(scale, np.float32), np.asarray(zp, np.uint8)


def quant_rows_int8(w: np.ndarray, opt: Options):
    """Symmetric int8, one scale per row (an embedding table)."""
    q, s, _ = quant_columns(w.T, Options(opt.per_channel, "int8"))
    return q.T, s


class Quantizer:
    def __init__(self, model: onnx.ModelProto, opt: Options):
        self.model = model
        self.opt = opt
        self.stats = Stats()
        self.taken: set[str] = set()
        self.owner: dict[str, tuple[str, TensorProto]] = {}  # initializer -> (graph path, tensor)
        for path, g in all_graphs(model.graph):
            for t in g.initializer:
                self.owner[t.name] = (path, t)
                self.taken.add(t.name)
            for n in g.node:
                self.taken.update(n.output)
                self.taken.add(n.name)
            self.taken.update(v.name for v in g.input)
        self.new_inits: dict[str, list[TensorProto]] = defaultdict(list)  # graph path -> tensors
        self.shapes: dict[str, list[int]] = {}
        self.cache: dict[tuple, tuple] = {}
        self.counter = 0

    # ---- helpers
    def fresh(self, base: str) -> str:
        base = base.replace(":", "_") or "q"
        name = base
        while name in self.taken:
            self.counter += 1
            name = f"{base}_{self.counter}"
        self.taken.add(name)
        return name

    def add_init(self, owner: str, base: str, arr: np.ndarray) -> str:
        name = self.fresh(base)
        self.new_inits[owner].append(numpy_helper.from_array(arr, name))
        self.shapes[name] = list(arr.shape)
        return name

    def const(self, arr: np.ndarray, base: str) -> str:
        """A small constant in the main graph, shared by every rewrite."""
        key = ("const", arr.dtype.str, arr.shape, arr.tobytes())
        if key not in self.cache:
            self.cache[key] = self.add_init("", base, arr)
        return self.cache[key]

    def value(self, name: str) -> np.ndarray | None:
        hit = self.owner.get(name)
        return None if hit is None else numpy_helper.to_array(hit[1])

    def classify(self) -> dict[str, list[Use]]:
        uses: dict[str, list[Use]] = defaultdict(list)
        for _, g in all_graphs(self.model.graph):
            local = {o for n in g.node for o in n.output} | {v.name for v in g.input}
            for node in g.node:
                for i, x in enumerate(node.input):
                    if x not in self.owner or x in local:
                        continue
                    kind = "other"
                    if node.op_type == "MatMul" and i == 1:
                        kind = "kn"
                    elif node.op_type == "Gemm" and i == 1:
                        if attr(node, "transA", 0) == 0 and attr(node, "alpha", 1.0) == 1.0 and attr(node, "beta", 1.0) == 1.0:
                            kind = "nk" if attr(node, "transB", 0) else "kn"
                    elif node.op_type == "Gather" and i == 0 and attr(node, "axis", 0) == 0 and self.opt.gather:
                        kind = "gather"
                    uses[x].append(Use(node.output[0], kind))
            for o in g.output:
                if o.name in self.owner:
                    uses[o.name].append(Use("", "other"))
        return uses

    # ---- quantized weight stores (cached: one copy per weight and layout)
    def store_kn(self, name: str, transpose: bool):
        """W (or W^T) as MatMulInteger's B [K, N], per-column scales."""
        key = ("kn", name, transpose, self.opt.weight_type)
        if key not in self.cache:
            owner, _ = self.owner[name]
            w = self.value(name)
            w = np.ascontiguousarray(w.T) if transpose else w
            q, s, zp = quant_columns(w, self.opt)
            qn = self.add_init(owner, f"{name}_quantized", q)
            sn = self.add_init(owner, f"{name}_scale", s)
            zn = self.add_init(owner, f"{name}_zero_point", zp) if zp is not None else None
            self.cache[key] = (qn, sn, zn)
            self.stats.weights += 1
        return self.cache[key]

    def store_rows(self, name: str, transposed: bool):
        """A table [V, d] quantized per row; kept as [V, d] or as [d, V]."""
        key = ("rows", name, transposed)
        if key not in self.cache:
            owner, _ = self.owner[name]
            q, s = quant_rows_int8(self.value(name), self.opt)
            if transposed:
                q = np.ascontiguousarray(q.T)
            qn = self.add_init(owner, f"{name}_quantized", q)
            sn = self.add_init(owner, f"{name}_scale", s)
            self.cache[key] = (qn, sn, None)
            self.stats.weights += 1
        return self.cache[key]

    # ---- rewrites (each returns the replacement nodes)
    def matmul_nodes(self, node, a: str, b, out: str, bias: str | None) -> list[onnx.NodeProto]:
        qn, sn, zn = b
        base = node.name or node.output[0]
        aq, asc, azp = self.fresh(base + "_a_q"), self.fresh(base + "_a_scale"), self.fresh(base + "_a_zero")
        mm, cast, scale = self.fresh(base + "_i32"), self.fresh(base + "_f32"), self.fresh(base + "_scale")
        mm_inputs = [aq, qn, azp] + ([zn] if zn else [])
        y = self.fresh(base + "_unbiased") if bias else out
        nodes = [
            helper.make_node("DynamicQuantizeLinear", [a], [aq, asc, azp], name=self.fresh(base + "_quant")),
            helper.make_node("MatMulInteger", mm_inputs, [mm], name=self.fresh(base + "_MatMulInteger")),
            helper.make_node("Cast", [mm], [cast], to=FLOAT, name=self.fresh(base + "_cast")),
            helper.make_node("Mul", [asc, sn], [scale], name=self.fresh(base + "_scale_mul")),
            helper.make_node("Mul", [cast, scale], [y], name=self.fresh(base + "_output_mul")),
        ]
        if bias:
            nodes.append(helper.make_node("Add", [y, bias], [out], name=self.fresh(base + "_bias_add")))
        return nodes

    def gather_nodes(self, node, store, transposed: bool) -> list[onnx.NodeProto]:
        qn, sn, _ = store
        base = node.name or node.output[0]
        ids, out = node.input[1], node.output[0]
        f = lambda s: self.fresh(base + s)  # noqa: E731
        nodes = []
        if transposed:  # table stored [d, V]: gather columns, then put d last
            flat, shape, full_shape = f("_ids_flat"), f("_ids_shape"), f("_out_shape")
            minus1 = self.const(np.array([-1], np.int64), "const_minus1")
            g1, g2, gf, sc, sc1, y2 = f("_cols"), f("_rows"), f("_rows_f32"), f("_row_scale"), f("_row_scale1"), f("_2d")
            d_const = self.const(np.array([self.dims_of(qn)[0]], np.int64), "const_dim")
            nodes += [
                helper.make_node("Reshape", [ids, minus1], [flat], name=f("_flatten")),
                helper.make_node("Gather", [qn, flat], [g1], axis=1, name=f("_gather_q")),
                helper.make_node("Transpose", [g1], [g2], perm=[1, 0], name=f("_transpose")),
                helper.make_node("Cast", [g2], [gf], to=FLOAT, name=f("_cast")),
                helper.make_node("Gather", [sn, flat], [sc], axis=0, name=f("_gather_scale")),
                helper.make_node("Unsqueeze", [sc, minus1], [sc1], name=f("_unsqueeze")),
                helper.make_node("Mul", [gf, sc1], [y2], name=f("_dequant")),
                helper.make_node("Shape", [ids], [shape], name=f("_shape")),
                helper.make_node("Concat", [shape, d_const], [full_shape], axis=0, name=f("_concat")),
                helper.make_node("Reshape", [y2, full_shape], [out], name=f("_reshape")),
            ]
        else:
            g1, gf, sc, sc1 = f("_rows"), f("_rows_f32"), f("_row_scale"), f("_row_scale1")
            nodes += [
                helper.make_node("Gather", [qn, ids], [g1], axis=0, name=f("_gather_q")),
                helper.make_node("Cast", [g1], [gf], to=FLOAT, name=f("_cast")),
            ]
            if self.opt.per_channel:
                minus1 = self.const(np.array([-1], np.int64), "const_minus1")
                nodes += [
                    helper.make_node("Gather", [sn, ids], [sc], axis=0, name=f("_gather_scale")),
                    helper.make_node("Unsqueeze", [sc, minus1], [sc1], name=f("_unsqueeze")),
                    helper.make_node("Mul", [gf, sc1], [out], name=f("_dequant")),
                ]
            else:
                nodes.append(helper.make_node("Mul", [gf, sn], [out], name=f("_dequant")))
        return nodes

    def dims_of(self, name: str) -> list[int]:
        return self.shapes[name] if name in self.shapes else list(self.owner[name][1].dims)

    # ---- driver
    def run(self) -> Stats:
        uses = self.classify()
        plan: dict[str, tuple] = {}  # node (first output) -> action
        drop: set[str] = set()
        for name, us in uses.items():
            _, t = self.owner[name]
            if t.data_type != FLOAT or len(t.dims) != 2 or int(np.prod(t.dims)) < self.opt.min_elements:
                continue
            kinds = {u.kind for u in us}
            if kinds == {"other"}:
                continue
            # a tied table (Gemm transB=1 + Gather) is stored once, transposed
            shared_t = "nk" in kinds and "gather" in kinds and self.opt.weight_type == "int8" and self.opt.per_channel
            for u in us:
                if u.kind == "kn":
                    plan[u.node] = ("mm", self.store_kn(name, False))
                elif u.kind == "nk":
                    plan[u.node] = ("mm", self.store_rows(name, True) if shared_t else self.store_kn(name, True))
                elif u.kind == "gather":
                    plan[u.node] = ("gather", self.store_rows(name, shared_t), shared_t)
            if "other" not in kinds:
                drop.add(name)

        # Deepest graphs first: rebuilding a parent's node list copies its
        # subgraphs, so they must be final by then.
        for _, g in reversed(list(all_graphs(self.model.graph))):
            if not any(n.output and n.output[0] in plan for n in g.node):
                continue
            counts = names_used(g)
            consumers: dict[str, list] = defaultdict(list)
            for n in g.node:
                for x in n.input:
                    consumers[x].append(n)
            skip: set[str] = set()
            out_nodes: list[onnx.NodeProto] = []
            for node in g.node:
                key = node.output[0] if node.output else ""
                if key in skip:
                    continue
                action = plan.get(key)
                if action is None:
                    out_nodes.append(node)
                    continue
                if action[0] == "gather":
                    out_nodes += self.gather_nodes(node, action[1], action[2])
                    self.stats.gather += 1
                    continue
                out, bias = node.output[0], None
                if node.op_type == "Gemm":
                    if len(node.input) > 2 and node.input[2]:
                        bias = node.input[2]
                    self.stats.gemm += 1
                else:
                    self.stats.matmul += 1
                    nxt = consumers.get(out, [])
                    if counts.get(out, 0) == 1 and len(nxt) == 1 and nxt[0].op_type == "Add":
                        add = nxt[0]
                        other = add.input[1] if add.input[0] == out else add.input[0]
                        b = self.value(other)
                        n_cols = self.dims_of(action[1][0])[1]
                        if b is not None and b.dtype == np.float32 and b.ndim == 1 and b.shape[0] == n_cols:
                            bias, out = other, add.output[0]
                            skip.add(add.output[0])
                            self.stats.bias_folded += 1
                out_nodes += self.matmul_nodes(node, node.input[0], action[1], out, bias)
            copies = [onnx.NodeProto() for _ in out_nodes]
            for c, n in zip(copies, out_nodes):
                c.CopyFrom(n)
            del g.node[:]
            g.node.extend(copies)

        # drop the fp32 weights no longer read anywhere, add the quantized ones
        still = set()
        for _, g in all_graphs(self.model.graph):
            for n in g.node:
                still.update(n.input)
            still.update(o.name for o in g.output)
        for path, g in reversed(list(all_graphs(self.model.graph))):
            if not (any(t.name in drop and t.name not in still for t in g.initializer) or self.new_inits.get(path)):
                continue
            keep = [t for t in g.initializer if not (t.name in drop and t.name not in still)]
            keep += self.new_inits.get(path, [])
            copies = [TensorProto() for _ in keep]
            for c, t in zip(copies, keep):
                c.CopyFrom(t)
            del g.initializer[:]
            g.initializer.extend(copies)
        return self.stats


def quantize_model(model: onnx.ModelProto, opt: Options | None = None) -> tuple[onnx.ModelProto, Stats]:
    q = Quantizer(model, opt or Options())
    stats = q.run()
    return model, stats


def quantize_file(src, dst, opt: Options | None = None) -> Stats:
    model = onnx.load(str(src))
    model, stats = quantize_model(model, opt)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return stats


def main() -> int:
    ap = argparse.ArgumentParser(description="Dynamic int8 quantization (DynamicQuantizeLinear + MatMulInteger).")
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--per-tensor", action="store_true", help="one scale per weight instead of per column")
    ap.add_argument("--weight-type", choices=["int8", "uint8"], default="int8")
    ap.add_argument("--min-elements", type=int, default=4096, help="leave smaller weights in fp32")
    ap.add_argument("--no-gather", action="store_true", help="leave embedding tables in fp32")
    a = ap.parse_args()
    opt = Options(not a.per_tensor, a.weight_type, a.min_elements, not a.no_gather)
    stats = quantize_file(Path(a.src), Path(a.dst), opt)
    print(f"{a.dst}: {stats}; {Path(a.src).stat().st_size / 1e6:.0f} MB -> {Path(a.dst).stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
