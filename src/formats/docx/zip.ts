/**
 * Reading and writing the .docx zip container with fflate, within limits that refuse zip bombs
 * before anything is inflated.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { InputError } from '../../errors.js';
import { MAX_COMPRESSION_RATIO, MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES, RATIO_FLOOR_BYTES } from '../limits.js';

/** One zip entry, inflated. */
export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** 0: stored, 8: deflated. */
  compression: number;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const fail = (message: string, cause?: unknown) => new InputError(message, { option: 'input', ...(cause ? { cause } : {}) });

/** Checks the central directory: entry count and the encryption flag, without inflating anything. */
function checkCentralDirectory(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail('The .docx input is corrupt: its zip central directory is missing (a truncated file?).');
  const count = view.getUint16(eocd + 10, true);
  if (count > MAX_ZIP_ENTRIES) throw fail(`The .docx input has ${count} zip entries, more than the ${MAX_ZIP_ENTRIES} allowed.`);
  let at = view.getUint32(eocd + 16, true);
  for (let k = 0; k < count; k++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw fail('The .docx input is corrupt: its zip central directory is damaged.');
    if ((view.getUint16(at + 8, true) & 1) !== 0) throw fail('The .docx input is encrypted (a zip entry is password-protected); save it without a password.');
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

/**
 * Reads a .docx's zip entries, in archive order.
 * @throws InputError for an encrypted (OLE) or legacy .doc file, a file that is not a zip, a corrupt zip, or one over the limits
 */
export function readZip(bytes: Uint8Array): ZipEntry[] {
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw fail('The .docx input is an OLE compound file, not a zip: a password-protected (encrypted) .docx or a legacy .doc. Remove the password or save it as .docx.');
  }
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw fail('The .docx input is not a zip archive, so not a .docx.');
  checkCentralDirectory(bytes);
  const info = new Map<string, number>();
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter(file) {
        total += file.originalSize;
        if (total > MAX_UNCOMPRESSED_BYTES) throw fail(`The .docx input inflates to more than ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MiB (a zip bomb?).`);
        if (file.originalSize > RATIO_FLOOR_BYTES && file.originalSize > MAX_COMPRESSION_RATIO * Math.max(1, file.size)) {
          throw fail(`The .docx entry ${file.name} inflates ${Math.round(file.originalSize / Math.max(1, file.size))} times its size, over the ${MAX_COMPRESSION_RATIO}× allowed (a zip bomb?).`);
        }
        if (file.compression !== 0 && file.compression !== 8) throw fail(`The .docx entry ${file.name} uses zip compression method ${file.compression}; only stored and deflate are read.`);
        info.set(file.name, file.compression);
        return true;
      },
    });
  } catch (error) {
    if (InputError.isInstance(error)) throw error;
    throw fail(`The .docx input is corrupt: ${(error as Error).message}.`, error);
  }
  return Object.entries(files).map(([name, data]) => ({ name, data, compression: info.get(name) ?? 8 }));
}

/** Writes entries back into a zip, in the same order, each compressed as it was (stored or deflated). */
export function writeZip(entries: readonly ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  for (const e of entries) files[e.name] = [e.data, { level: e.compression === 0 ? 0 : 6 }];
  return zipSync(files);
}
