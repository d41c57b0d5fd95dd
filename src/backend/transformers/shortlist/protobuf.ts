/**
 * The protocol-buffers wire format, as much as editing an ONNX `ModelProto` needs: a message is
 * read as its list of fields (payloads are views into the input, never copies), fields are
 * replaced or added, and the message is written back as a list of chunks joined once at the end,
 * so a 200 MB graph whose weights do not change is copied once, not once per nesting level.
 */

/** One field of a message: its number, wire type and payload (the varint's bytes, the fixed bytes, or the length-delimited content). */
export interface PbField {
  no: number;
  wire: 0 | 1 | 2 | 5;
  /** Raw payload; for a length-delimited field, a sub-message may be given as `message` instead. */
  data?: Uint8Array;
  /** A sub-message to encode in place of `data`. */
  message?: PbField[];
}

/** Reads a varint at `pos`; returns the value (exact below 2^53) and the position after it. */
function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos];
    scale *= 128;
  }
}

/** Splits a message into its fields (payloads are views into `buf`). */
export function decodeMessage(buf: Uint8Array): PbField[] {
  const fields: PbField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = readVarint(buf, pos);
    pos = next;
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    let end: number;
    if (wire === 0) {
      end = pos;
      while (buf[end]! >= 0x80) end++;
      end++;
    } else if (wire === 1) end = pos + 8;
    else if (wire === 5) end = pos + 4;
    else if (wire === 2) {
      const [length, start] = readVarint(buf, pos);
      pos = start;
      end = pos + length;
    } else throw new Error(`unsupported wire type ${wire}`);
    if (end > buf.length) throw new Error('truncated field');
    fields.push({ no, wire: wire as PbField['wire'], data: buf.subarray(pos, end) });
    pos = end;
  }
  return fields;
}

function varintBytes(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** The chunks of an encoded message and their total length. */
interface Rope {
  parts: Uint8Array[];
  length: number;
}

function encodeRope(fields: readonly PbField[]): Rope {
  const parts: Uint8Array[] = [];
  let length = 0;
  const push = (b: Uint8Array) => {
    parts.push(b);
    length += b.length;
  };
  for (const f of fields) {
    push(varintBytes(f.no * 8 + f.wire));
    if (f.wire === 2) {
      if (f.message) {
        const inner = encodeRope(f.message);
        push(varintBytes(inner.length));
        for (const p of inner.parts) parts.push(p);
        length += inner.length;
      } else {
        push(varintBytes(f.data!.length));
        push(f.data!);
      }
    } else push(f.data!);
  }
  return { parts, length };
}

/** Writes a message's fields back to bytes. */
export function encodeMessage(fields: readonly PbField[]): Uint8Array {
  const rope = encodeRope(fields);
  const out = new Uint8Array(rope.length);
  let at = 0;
  for (const p of rope.parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The value of a varint field. */
export function varintValue(f: PbField): number {
  return readVarint(f.data!, 0)[0];
}

/** The value of a string field. */
export function stringValue(f: PbField): string {
  return new TextDecoder().decode(f.data!);
}

/** A varint field (non-negative values). */
export function varintField(no: number, value: number): PbField {
  return { no, wire: 0, data: varintBytes(value) };
}

/** A string field. */
export function stringField(no: number, value: string): PbField {
  return { no, wire: 2, data: new TextEncoder().encode(value) };
}

/** A sub-message field. */
export function messageField(no: number, message: PbField[]): PbField {
  return { no, wire: 2, message };
}

/** The fields numbered `no`, in order. */
export function fieldsOf(fields: readonly PbField[], no: number): PbField[] {
  return fields.filter((f) => f.no === no);
}

/** The strings of the fields numbered `no`. */
export function stringsOf(fields: readonly PbField[], no: number): string[] {
  return fieldsOf(fields, no).map(stringValue);
}

/**
 * The integers of a repeated varint field numbered `no`, packed or not (negative int64 values,
 * which ONNX dimensions never are, read as large numbers).
 */
export function varintsOf(fields: readonly PbField[], no: number): number[] {
  const out: number[] = [];
  for (const f of fieldsOf(fields, no)) {
    if (f.wire === 0) out.push(varintValue(f));
    else if (f.wire === 2) {
      let pos = 0;
      while (pos < f.data!.length) {
        const [v, next] = readVarint(f.data!, pos);
        out.push(v);
        pos = next;
      }
    }
  }
  return out;
}

/** The sub-message of a length-delimited field (decoded, or the one given). */
export function subMessage(f: PbField): PbField[] {
  return f.message ?? decodeMessage(f.data!);
}
