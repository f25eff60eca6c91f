import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_FILE_BYTES } from './repo-walk.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const BINARY_SNIFF = 8192;

/**
 * A file's text, or why it is not read. Opened without following a final symlink (the walk already
 * resolved in-tree links to their target) and non-blocking, so a FIFO swapped in after the walk cannot
 * hang the scan; the size is checked again on the open descriptor.
 */
export function readFileText(abs: string): { text: string } | { note: string; quiet?: true } {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      note: code === 'EACCES' || code === 'EPERM' ? 'permission denied; not read' : `not read (${code ?? e})`,
    };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { note: 'not a regular file; not read' };
    if (st.size > MAX_FILE_BYTES) return { note: 'over the 1 MiB limit; skipped' };
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, null);
      if (n === 0) break;
      got += n;
    }
    const bytes = buf.subarray(0, got);
    if (bytes.subarray(0, BINARY_SNIFF).includes(0))
      return { note: 'binary (NUL byte in the first 8 KiB); skipped', quiet: true };
    try {
      return { text: utf8.decode(bytes) };
    } catch {
      return { note: 'not valid UTF-8; skipped' };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      note: code === 'EACCES' || code === 'EPERM' ? 'permission denied; not read' : `not read (${code ?? e})`,
    };
  } finally {
    closeSync(fd);
  }
}
