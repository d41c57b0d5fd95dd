/**
 * Splits a seq2seq decoder's ONNX graph at its output layer, in memory, at load time:
 *
 * - the decoder keeps everything up to the hidden state the LM head reads, and outputs that
 *   state (`[rows, d]` for one token per row) under {@link HIDDEN_OUTPUT} instead of `logits`;
 * - the LM head's nodes (fp32 `Gemm`/`MatMul` + bias, or the int8 chain
 *   `DynamicQuantizeLinear → MatMulInteger → Cast → Mul → Add`) move to a small graph of their
 *   own, `head(hidden [rows, d], ids [k]) → logits [rows, k]`, where every weight with a
 *   vocabulary-sized dimension (the matrix, its per-column scales, `final_logits_bias`) is first
 *   gathered at `ids`. Only the listed rows of the output layer are ever computed.
 *
 * The merged decoder (an `If` on `use_cache_branch` with a subgraph per branch) is cut in both
 * branches; a plain decoder graph is cut the same way. The head's arithmetic is the original
 * nodes' (same ops, same weights, the int8 activation scale computed over the same rows), so the
 * shortlisted logits equal the full ones at the listed ids.
 */
import {
  decodeMessage,
  encodeMessage,
  fieldsOf,
  messageField,
  stringField,
  stringsOf,
  stringValue,
  subMessage,
  varintField,
  varintsOf,
  varintValue,
  type PbField,
} from './protobuf.js';

/** Name of the split decoder's output replacing `logits`: the hidden state the LM head reads. */
export const HIDDEN_OUTPUT = 'fr2en_hidden';

// ONNX field numbers (onnx/onnx.proto)
const MODEL = { irVersion: 1, graph: 7, opset: 8 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12 } as const;
const NODE = { input: 1, output: 2, name: 3, op: 4, attribute: 5, domain: 7 } as const;
const ATTR = { name: 1, i: 3, g: 6, type: 20 } as const;
const TENSOR = { dims: 1, name: 8, dataLocation: 14 } as const;
const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;
/** Ops that read the output layer's weight matrix. */
const WEIGHT_OPS = new Set(['Gemm', 'MatMul', 'MatMulInteger']);

/** The two graphs of a split decoder, as ONNX model bytes. */
export interface SplitDecoder {
  /** The decoder outputting {@link HIDDEN_OUTPUT} instead of `logits`. */
  decoder: Uint8Array;
  /** The output layer over a subset of the vocabulary: inputs `hidden` `[rows, d]` float and `ids` `[k]` int64, output `logits` `[rows, k]`. */
  head: Uint8Array;
  /** The hidden state's width `d`. */
  hiddenSize: number;
}

/** A graph whose output layer this file does not recognise; the message says what differs. */
export class UnsupportedGraphError extends Error {
  override name = 'UnsupportedGraphError';
}

interface Node {
  field: PbField;
  fields: PbField[];
  op: string;
  inputs: string[];
  outputs: string[];
}

function readNode(field: PbField): Node {
  const fields = subMessage(field);
  return {
    field,
    fields,
    op: stringsOf(fields, NODE.op)[0] ?? '',
    inputs: stringsOf(fields, NODE.input),
    outputs: stringsOf(fields, NODE.output),
  };
}

/** A node's fields with its inputs and outputs replaced (name, op, attributes and domain kept). */
function renamed(node: Node, inputs: string[], outputs: string[]): PbField[] {
  const rest = node.fields.filter((f) => f.no !== NODE.input && f.no !== NODE.output);
  return [...inputs.map((n) => stringField(NODE.input, n)), ...outputs.map((n) => stringField(NODE.output, n)), ...rest];
}

/** Initializer name → dimensions; throws on weights stored outside the file (`.onnx_data`). */
function initializerDims(graph: PbField[], into: Map<string, number[]>): void {
  for (const f of fieldsOf(graph, GRAPH.initializer)) {
    const t = subMessage(f);
    const location = fieldsOf(t, TENSOR.dataLocation)[0];
    if (location && varintValue(location) === 1) throw new UnsupportedGraphError('its weights are stored in an external data file');
    into.set(stringsOf(t, TENSOR.name)[0] ?? '', varintsOf(t, TENSOR.dims));
  }
}

function initializerFields(graph: PbField[]): Map<string, PbField> {
  const out = new Map<string, PbField>();
  for (const f of fieldsOf(graph, GRAPH.initializer)) out.set(stringsOf(subMessage(f), TENSOR.name)[0] ?? '', f);
  return out;
}

/** A tensor's value info: name, element type and (optionally) shape; a string dimension is symbolic. */
function valueInfo(no: number, name: string, elemType: number, dims?: (number | string)[]): PbField {
  const tensor: PbField[] = [varintField(1, elemType)];
  if (dims) {
    tensor.push(messageField(2, dims.map((d) => messageField(1, [typeof d === 'number' ? varintField(1, d) : stringField(2, d)]))));
  }
  return messageField(no, [stringField(1, name), messageField(2, [messageField(1, tensor)])]);
}

/** Where a graph's output layer starts and which of its nodes it is made of. */
interface Head {
  /** The hidden state the head reads. */
  hidden: string;
  /** Indexes (into the graph's nodes) of the head's nodes, in graph order. */
  nodes: number[];
  /** Width of the hidden state. */
  hiddenSize: number;
}

/** Finds the output layer that produces `output` in a graph's `nodes`. */
function findHead(nodes: Node[], output: string, dims: ReadonlyMap<string, number[]>, vocabSize: number): Head {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
  // walk back from the output, nearest nodes first, to the first op reading a [*, vocab] matrix
  const back = new Set<number>();
  const queue = [output];
  let weightNode: number | undefined;
  let hiddenSize = 0;
  while (queue.length > 0) {
    const i = producer.get(queue.shift()!);
    if (i === undefined || back.has(i)) continue;
    back.add(i);
    const n = nodes[i]!;
    const w = dims.get(n.inputs[1] ?? '');
    if (weightNode === undefined && WEIGHT_OPS.has(n.op) && w?.length === 2 && w.includes(vocabSize)) {
      weightNode = i;
      hiddenSize = w[0] === vocabSize ? w[1]! : w[0]!;
    }
    // a Reshape's target shape is bookkeeping, not part of the layer (the head drops Reshapes)
    queue.push(...(n.op === 'Reshape' ? n.inputs.slice(0, 1) : n.inputs));
  }
  if (weightNode === undefined) throw new UnsupportedGraphError(`no MatMul/Gemm over a [d, ${vocabSize}] weight produces \`${output}\``);
  let hidden = nodes[weightNode]!.inputs[0]!;
  const quantizer = producer.get(hidden);
  if (quantizer !== undefined && nodes[quantizer]!.op === 'DynamicQuantizeLinear') hidden = nodes[quantizer]!.inputs[0]!;
  // the head: nodes that depend on the hidden state and lead to the output
  const depends = new Set([hidden]);
  const head: number[] = [];
  nodes.forEach((n, i) => {
    if (!n.inputs.some((x) => depends.has(x))) return;
    n.outputs.forEach((o) => depends.add(o));
    if (back.has(i)) head.push(i);
  });
  const made = new Set([hidden, ...head.flatMap((i) => nodes[i]!.outputs)]);
  for (const i of head) {
    const n = nodes[i]!;
    const foreign = n.inputs.filter((x, k) => x !== '' && !made.has(x) && !dims.has(x) && !(n.op === 'Reshape' && k === 1));
    if (foreign.length > 0) throw new UnsupportedGraphError(`the output layer's ${n.op} also reads \`${foreign[0]}\``);
  }
  return { hidden, nodes: head, hiddenSize };
}

/** Bytes per element of the ONNX tensor types a weight may have. */
const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 10: 2, 11: 8 };

/**
 * A 2-D initializer `[rows, cols]` rewritten as its transpose `[cols, rows]` named `<name>/vocab_major`,
 * or undefined when its data is not in `raw_data` of a known element size.
 */
function vocabMajor(field: PbField, shape: number[]): PbField | undefined {
  const t = subMessage(field);
  const type = varintValue(fieldsOf(t, 2)[0] ?? varintField(2, 0));
  const size = ELEMENT_BYTES[type];
  const raw = fieldsOf(t, 9)[0]?.data;
  const [rows, cols] = shape as [number, number];
  if (!size || !raw || raw.length !== rows * cols * size) return undefined;
  const out = new Uint8Array(raw.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const from = (r * cols + c) * size;
      const to = (c * rows + r) * size;
      for (let b = 0; b < size; b++) out[to + b] = raw[from + b]!;
    }
  }
  const name = `${stringsOf(t, TENSOR.name)[0]}/vocab_major`;
  return messageField(GRAPH.initializer, [varintField(TENSOR.dims, cols), varintField(TENSOR.dims, rows), varintField(2, type), stringField(TENSOR.name, name), { no: 9, wire: 2, data: out }]);
}

/**
 * Builds the head graph from the nodes `head` of a graph: `hidden` renamed, Reshapes dropped
 * (the head works on `[rows, d]` → `[rows, k]`), vocabulary-sized weights gathered at `ids`.
 */
function headModel(model: PbField[], nodes: Node[], head: Head, output: string, inits: Map<string, PbField>, dims: ReadonlyMap<string, number[]>, vocabSize: number): Uint8Array {
  const alias = new Map<string, string>([[head.hidden, 'hidden']]);
  const name = (x: string) => alias.get(x) ?? x;
  const used = new Set<string>();
  const body: PbField[] = [];
  for (const i of head.nodes) {
    const n = nodes[i]!;
    if (n.op === 'Reshape') {
      alias.set(n.outputs[0]!, name(n.inputs[0]!));
      continue;
    }
    const inputs = n.inputs.map((x) => {
      if (!dims.has(x)) return name(x);
      used.add(x);
      return dims.get(x)!.includes(vocabSize) ? `${x}/shortlisted` : x;
    });
    body.push(messageField(GRAPH.node, renamed(n, inputs, n.outputs.map(name))));
  }
  const last = name(output);
  const gathers: PbField[] = [];
  const weights = new Map<string, PbField>();
  const node = (op: string, inputs: string[], out: string, attributes: PbField[][] = []) =>
    messageField(GRAPH.node, [
      ...inputs.map((i) => stringField(NODE.input, i)),
      stringField(NODE.output, out),
      stringField(NODE.name, `fr2en/${op}/${out}`),
      stringField(NODE.op, op),
      ...attributes.map((a) => messageField(NODE.attribute, a)),
    ]);
  const intAttr = (n: string, v: number) => [stringField(ATTR.name, n), varintField(ATTR.i, v), varintField(ATTR.type, ATTR_INT)];
  for (const x of used) {
    const shape = dims.get(x)!;
    const axis = shape.indexOf(vocabSize);
    weights.set(x, inits.get(x)!);
    if (axis < 0) continue;
    const transposed = axis === 1 && shape.length === 2 ? vocabMajor(inits.get(x)!, shape) : undefined;
    if (transposed) {
      // a [d, V] matrix gathered along V reads one byte per row per id, scattered over the whole
      // matrix; stored [V, d], each id is one contiguous row (then transposed back, k × d only)
      weights.delete(x);
      weights.set(`${x}/vocab_major`, transposed);
      gathers.push(node('Gather', [`${x}/vocab_major`, 'ids'], `${x}/rows`, [intAttr('axis', 0)]));
      gathers.push(node('Transpose', [`${x}/rows`], `${x}/shortlisted`, [[stringField(ATTR.name, 'perm'), varintField(8, 1), varintField(8, 0), varintField(ATTR.type, 7)]]));
    } else {
      gathers.push(node('Gather', [x, 'ids'], `${x}/shortlisted`, [intAttr('axis', axis)]));
    }
  }
  // the last node writes `logits`
  const lastNode = body.at(-1);
  if (!lastNode || !stringsOf(lastNode.message!, NODE.output).includes(last)) throw new UnsupportedGraphError('the output layer does not end in an arithmetic node');
  lastNode.message = lastNode.message!.map((f) => (f.no === NODE.output && stringValue(f) === last ? stringField(NODE.output, 'logits') : f));
  const graph: PbField[] = [
    ...gathers,
    ...body,
    stringField(GRAPH.name, 'fr2en_lm_head'),
    ...weights.values(),
    valueInfo(GRAPH.input, 'hidden', FLOAT, ['rows', head.hiddenSize]),
    valueInfo(GRAPH.input, 'ids', INT64, ['k']),
    valueInfo(GRAPH.output, 'logits', FLOAT, ['rows', 'k']),
  ];
  return encodeMessage([...fieldsOf(model, MODEL.irVersion), messageField(MODEL.graph, graph), ...fieldsOf(model, MODEL.opset)]);
}

/**
 * A graph's fields with the head cut off: output `outputIndex` now the hidden state, and only the
 * nodes the outputs still need kept (the head, and the shape arithmetic that fed its Reshape, go).
 */
function cutGraph(graph: PbField[], nodes: Node[], head: Head, outputIndex: number, outputName: string, extra: Node[] = []): PbField[] {
  let k = 0;
  const withOutput = graph.map((f) => (f.no === GRAPH.output && k++ === outputIndex ? valueInfo(GRAPH.output, outputName, FLOAT) : f));
  const headFields = new Set(head.nodes.map((i) => nodes[i]!.field));
  const rest = [...nodes.filter((n) => !headFields.has(n.field)), ...extra];
  const producer = new Map<string, Node>();
  for (const n of rest) for (const o of n.outputs) producer.set(o, n);
  const live = new Set<Node>();
  const queue = fieldsOf(withOutput, GRAPH.output).map((f) => stringsOf(subMessage(f), 1)[0]!);
  while (queue.length > 0) {
    const n = producer.get(queue.pop()!);
    if (!n || live.has(n)) continue;
    live.add(n);
    queue.push(...n.inputs);
  }
  const keep = new Set([...live].map((n) => n.field));
  return [...withOutput.filter((f) => f.no !== GRAPH.node || keep.has(f)), ...extra.filter((n) => live.has(n)).map((n) => n.field)];
}

/** Adds the inputs of every node of `graph` and of its subgraphs to `into`. */
function collectInputs(graph: PbField[], into: Set<string>): void {
  for (const f of fieldsOf(graph, GRAPH.node)) {
    const node = subMessage(f);
    for (const x of stringsOf(node, NODE.input)) into.add(x);
    for (const attr of fieldsOf(node, NODE.attribute)) for (const g of fieldsOf(subMessage(attr), ATTR.g)) collectInputs(subMessage(g), into);
  }
}

/**
 * Splits `model` (a decoder's ONNX bytes, weights inside the file) at its LM head.
 * @param vocabSize the output layer's width (the model's `vocab_size`)
 * @throws UnsupportedGraphError when the graph's output layer is not one this file recognises
 */
export function splitDecoder(model: Uint8Array, vocabSize: number): SplitDecoder {
  const fields = decodeMessage(model);
  const graphField = fieldsOf(fields, MODEL.graph)[0];
  if (!graphField) throw new UnsupportedGraphError('the file holds no graph');
  const graph = subMessage(graphField);
  const outputs = fieldsOf(graph, GRAPH.output).map((f) => stringsOf(subMessage(f), 1)[0]);
  const logitsAt = outputs.indexOf('logits');
  if (logitsAt < 0) throw new UnsupportedGraphError('the decoder has no `logits` output');
  const dims = new Map<string, number[]>();
  initializerDims(graph, dims);
  const inits = initializerFields(graph);
  const nodes = fieldsOf(graph, GRAPH.node).map(readNode);
  const producer = nodes.find((n) => n.outputs.includes('logits'));
  if (!producer) throw new UnsupportedGraphError('no node produces `logits`');

  let head: Uint8Array | undefined;
  let hiddenSize = 0;
  let newGraph: PbField[];
  if (producer.op === 'If') {
    // the merged decoder: cut both branches, the If's output now carries the hidden state
    const branchOutput = producer.outputs.indexOf('logits');
    const attributes = fieldsOf(producer.fields, NODE.attribute).map((attr) => {
      const a = subMessage(attr);
      const g = fieldsOf(a, ATTR.g)[0];
      if (!g) return attr;
      const branch = subMessage(g);
      const branchDims = new Map(dims);
      initializerDims(branch, branchDims);
      const branchNodes = fieldsOf(branch, GRAPH.node).map(readNode);
      const out = stringsOf(subMessage(fieldsOf(branch, GRAPH.output)[branchOutput]!), 1)[0]!;
      const found = findHead(branchNodes, out, branchDims, vocabSize);
      if (!head) {
        head = headModel(fields, branchNodes, found, out, new Map([...inits, ...initializerFields(branch)]), branchDims, vocabSize);
        hiddenSize = found.hiddenSize;
      }
      const cut = cutGraph(branch, branchNodes, found, branchOutput, found.hidden);
      return messageField(NODE.attribute, a.map((f) => (f.no === ATTR.g ? messageField(ATTR.g, cut) : f)));
    });
    const ifFields = renamed(
      producer,
      producer.inputs,
      producer.outputs.map((o) => (o === 'logits' ? HIDDEN_OUTPUT : o)),
    ).filter((f) => f.no !== NODE.attribute);
    const newIf = messageField(GRAPH.node, [...ifFields, ...attributes]);
    newGraph = graph.map((f) => (f === producer.field ? newIf : f));
  } else {
    const found = findHead(nodes, 'logits', dims, vocabSize);
    head = headModel(fields, nodes, found, 'logits', inits, dims, vocabSize);
    hiddenSize = found.hiddenSize;
    // the hidden state becomes the graph output (renamed by an Identity so the name is fixed)
    const identity = readNode(
      messageField(GRAPH.node, [stringField(NODE.input, found.hidden), stringField(NODE.output, HIDDEN_OUTPUT), stringField(NODE.name, 'fr2en/hidden'), stringField(NODE.op, 'Identity')]),
    );
    newGraph = cutGraph(graph, nodes, found, logitsAt, HIDDEN_OUTPUT, [identity]);
  }
  let k = 0;
  newGraph = newGraph.map((f) => (f.no === GRAPH.output && k++ === logitsAt ? valueInfo(GRAPH.output, HIDDEN_OUTPUT, FLOAT) : f));
  // weights only the head read (final_logits_bias; an untied output matrix) leave the decoder
  const read = new Set<string>();
  collectInputs(newGraph, read);
  newGraph = newGraph.filter((f) => f.no !== GRAPH.initializer || read.has(stringsOf(subMessage(f), TENSOR.name)[0] ?? ''));
  const decoder = encodeMessage(fields.map((f) => (f === graphField ? messageField(MODEL.graph, newGraph) : f)));
  return { decoder, head: head!, hiddenSize };
}

/** A merged decoder's self-attention cache output. */
const SELF_PRESENT = /^present\.(\d+)\.decoder\.(key|value)$/;

/**
 * Cuts a merged decoder's self-attention cache outputs down to the step's own position: each
 * `present.N.decoder.{key,value}` (the whole past plus the new position, `Concat(past, new)` in
 * the with-past branch) becomes `fr2en_step.N.decoder.{key,value}`, the `new` half alone
 * (`[rows, heads, 1, width]`; in the first-step branch the present is that position already).
 * The graph computes exactly as before: the concatenation still feeds its attention, it is just
 * no longer copied out. fr2en's loop keeps the past itself (`SelfCaches` in `ops.ts`), so a step
 * hands back a few kilobytes instead of the whole, growing cache. Works on the split decoder too.
 * @throws UnsupportedGraphError when the graph is not a merged decoder whose with-past branch concatenates its caches
 */
export function sliceSelfCaches(model: Uint8Array): Uint8Array {
  const fields = decodeMessage(model);
  const graphField = fieldsOf(fields, MODEL.graph)[0];
  if (!graphField) throw new UnsupportedGraphError('the file holds no graph');
  const graph = subMessage(graphField);
  const nodes = fieldsOf(graph, GRAPH.node).map(readNode);
  const branching = nodes.find((n) => n.op === 'If' && n.outputs.some((o) => SELF_PRESENT.test(o)));
  if (!branching) throw new UnsupportedGraphError('no `If` on `use_cache_branch` produces the self-attention caches');
  const sliced = branching.outputs.flatMap((o, i) => (SELF_PRESENT.test(o) ? [i] : []));
  let concatenated = 0;
  const attributes = fieldsOf(branching.fields, NODE.attribute).map((attr) => {
    const a = subMessage(attr);
    const g = fieldsOf(a, ATTR.g)[0];
    if (!g) return attr;
    const branch = subMessage(g);
    const producer = new Map<string, Node>();
    for (const n of fieldsOf(branch, GRAPH.node).map(readNode)) for (const o of n.outputs) producer.set(o, n);
    const outputs = fieldsOf(branch, GRAPH.output);
    const renamed = new Map<PbField, PbField>();
    for (const i of sliced) {
      const info = subMessage(outputs[i]!);
      const node = producer.get(stringsOf(info, 1)[0]!);
      // the with-past branch: Concat(past_key_values.N.decoder.*, new) along the sequence
      if (node?.op !== 'Concat' || !PAST_SELF.test(node.inputs[0] ?? '') || node.inputs.length !== 2) continue;
      renamed.set(outputs[i]!, valueInfo(GRAPH.output, node.inputs[1]!, elementType(info)));
    }
    if (renamed.size === sliced.length) concatenated++;
    else if (renamed.size > 0) throw new UnsupportedGraphError('only some self-attention caches are concatenations of the past');
    const cut = branch.map((f) => renamed.get(f) ?? f);
    return messageField(NODE.attribute, a.map((f) => (f.no === ATTR.g ? messageField(ATTR.g, cut) : f)));
  });
  if (concatenated !== 1) throw new UnsupportedGraphError('no branch concatenates the past self-attention caches');
  const step = (o: string) => (SELF_PRESENT.test(o) ? o.replace('present', 'fr2en_step') : o);
  const ifFields = renamed(branching, branching.inputs, branching.outputs.map(step)).filter((f) => f.no !== NODE.attribute);
  const newIf = messageField(GRAPH.node, [...ifFields, ...attributes]);
  const newGraph = graph.map((f) => {
    if (f === branching.field) return newIf;
    if (f.no !== GRAPH.output) return f;
    const name = stringsOf(subMessage(f), 1)[0]!;
    // the shape changes (one position): the output keeps its type, not the old shape
    return SELF_PRESENT.test(name) ? valueInfo(GRAPH.output, step(name), elementType(subMessage(f))) : f;
  });
  return encodeMessage(fields.map((f) => (f === graphField ? messageField(MODEL.graph, newGraph) : f)));
}

/** The element type of a value info (ValueInfoProto.type.tensor_type.elem_type), float when absent. */
function elementType(info: PbField[]): number {
  const type = fieldsOf(info, 2)[0];
  const tensor = type ? fieldsOf(subMessage(type), 1)[0] : undefined;
  const elem = tensor ? fieldsOf(subMessage(tensor), 1)[0] : undefined;
  return elem ? varintValue(elem) : FLOAT;
}

const PAST_SELF = /^past_key_values\.\d+\.decoder\.(key|value)$/;
