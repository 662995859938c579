import {
  closeSync,
  copyFileSync,
  existsSync,
  readFileSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { reasonOf } from '../model/errors';
import { encodeMark, parseMark, sortedBlock, SortedMarks, SORTED_HEADER, wins, type Mark, type MarkKey, type Stamp } from './marks-format';

const NEWLINE = 10;

export interface ReadResult {
  /** The file was replaced (compacted, synced anew) or shortened since the last read: read it again from the start. */
  replaced: boolean;
  /** Lines that could not be read. */
  bad: number;
}

/**
 * One append-only file of marks. Appends go on a line boundary and into the live file even
 * while another process compacts it; reading follows the file from where this process last
 * read, whatever it wrote itself, so no line another process wrote is ever stepped over.
 */
export class Journal {
  private offset = 0;
  private inode = -1;
  /** The compacted block the file starts with, searched where it lies. */
  sorted: SortedMarks | null = null;
  /** Lines read since the last compaction: what makes compacting worth it. */
  lines = 0;

  constructor(readonly path: string) {}

  /** The file itself: a journal reached through a symlink is written where the link points, and stays a link. */
  private real(): string {
    try {
      return realpathSync(this.path);
    } catch {
      return this.path;
    }
  }

  /** Forgets what was read, so the next read starts from the beginning. */
  reset(): void {
    this.offset = 0;
    this.inode = -1;
    this.sorted = null;
    this.lines = 0;
  }

  /** Reads the whole lines added since the last read, handing each mark to `take`. */
  read(take: (mark: Mark) => void): ReadResult {
    let fd: number;
    try {
      fd = openSync(this.real(), 'r');
    } catch {
      // No file yet (or not readable): nothing to read. A journal that went away was replaced.
      const replaced = this.inode !== -1;
      return { replaced, bad: 0 };
    }
    try {
      const stat = fstatSync(fd);
      if ((this.inode !== -1 && stat.ino !== this.inode) || stat.size < this.offset) return { replaced: true, bad: 0 };
      this.inode = stat.ino;
      const start = this.offset;
      const size = stat.size - start;
      if (size <= 0) return { replaced: false, bad: 0 };
      const buffer = readAt(fd, start, size);
      const read = buffer.length;
      // A line still being written has no newline yet: leave it for the next read.
      const end = buffer.lastIndexOf(NEWLINE, read - 1);
      if (end < 0) return { replaced: false, bad: 0 };
      let from = 0;
      if (start === 0) {
        const firstEnd = buffer.indexOf(NEWLINE);
        const header = firstEnd >= 0 && firstEnd < 80 ? SORTED_HEADER.exec(buffer.toString('latin1', 0, firstEnd)) : null;
        if (header) {
          this.sorted = new SortedMarks(
            Buffer.from(buffer.subarray(firstEnd + 1, end + 1)),
            Number(header[1]),
            header[2] === undefined ? undefined : Number(header[2]),
          );
          from = firstEnd + 1 + this.sorted.end;
        }
      }
      this.offset = start + end + 1;
      let bad = 0;
      if (from < end) {
        for (const line of buffer.toString('utf8', from, end).split('\n')) {
          if (line === '') continue;
          this.lines++;
          const mark = parseMark(line);
          if (mark) take(mark);
          else bad++;
        }
      }
      return { replaced: false, bad };
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Appends marks; throws (with the file and the reason) when they could not be written. A new
   * line always starts on a line boundary: after a crash or a full disk tore the last line,
   * the torn line stays damaged alone. And a mark written into a file that a compaction
   * replaced meanwhile (so into the unlinked old one) is written again into the live file.
   */
  append(marks: readonly Mark[], holdingLock = false): void {
    if (marks.length === 0) return;
    const text = marks.map((mark) => `${encodeMark(mark)}\n`).join('');
    const file = this.real();
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new Error(`cannot create the folder for ${file}: ${reasonOf(error)}`, { cause: error });
    }
    for (let attempt = 0; attempt < 8; attempt++) {
      let fd: number;
      try {
        fd = openSync(file, 'a+');
      } catch (error) {
        throw new Error(`cannot write ${file}: ${reasonOf(error)}`, { cause: error });
      }
      try {
        const size = fstatSync(fd).size;
        const last = Buffer.alloc(1);
        const torn = size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== NEWLINE;
        writeAll(fd, Buffer.from(torn ? `\n${text}` : text), file);
        let live: number;
        try {
          live = statSync(file).ino;
        } catch {
          continue;
        }
        if (live !== fstatSync(fd).ino) continue;
        // A compaction under way read the file before these lines, and carries them over only
        // if it lives to finish: wait for it to end (or for its process to be gone), then write
        // them again into the live file. A line twice is harmless; a line lost is not (kill -9
        // of a compactor between its rename and its carry-over lost 42 marks in one stress run).
        if (!holdingLock && compactionUnderWay(`${file}.lock`)) continue;
        return;
      } finally {
        closeSync(fd);
      }
    }
    throw new Error(`cannot write ${file}: it kept being replaced while writing`);
  }

  /** Keeps a copy of a damaged file beside it and rewrites it with what could be read. */
  mend(): string {
    const file = this.real();
    const backup = `${file}.corrupt-${Date.now()}`;
    copyFileSync(file, backup);
    this.compact();
    return backup;
  }

  /**
   * Rewrites the file as its sorted block: every mark's latest stamp, one line each. Under a
   * lock (a second compactor waits its turn), written whole to a temporary file, synced, and
   * renamed over the journal (the folder synced too); lines appended meanwhile are carried over.
   */
  compact(): boolean {
    const file = this.real();
    const lock = `${file}.lock`;
    let lockFd: number;
    try {
      lockFd = openSync(lock, 'wx');
    } catch {
      try {
        // A lock whose process is gone (or, where that cannot be told, older than ten seconds)
        // belongs to a compaction that died: take it over.
        if (holderAlive(lock) !== false && Date.now() - statSync(lock).mtimeMs < 10_000) return false;
        unlinkSync(lock);
        lockFd = openSync(lock, 'wx');
      } catch {
        return false;
      }
    }
    writeSync(lockFd, String(process.pid));
    try {
      let old: number;
      try {
        old = openSync(file, 'r');
      } catch {
        return false;
      }
      try {
        const content = readAt(old, 0, fstatSync(old).size);
        const end = content.lastIndexOf(NEWLINE, content.length - 1) + 1;
        const latest = latestOf(content.subarray(0, end));
        const temporary = `${file}.${process.pid}.tmp`;
        const fd = openSync(temporary, 'w');
        try {
          writeAll(fd, Buffer.from(sortedBlock(latest.marks)), temporary);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(temporary, file);
        syncFolder(dirname(file));
        // Lines another process appended after our read: carry them over (an appender that
        // wrote into the old file after this also finds out, and writes again).
        const now = fstatSync(old).size;
        if (now > end) {
          const rest = Buffer.alloc(now - end);
          readSync(old, rest, 0, rest.length, end);
          const whole = rest.subarray(0, rest.lastIndexOf(NEWLINE) + 1);
          const marks = whole
            .toString('utf8')
            .split('\n')
            .map(parseMark)
            .filter((mark): mark is Mark => mark !== null);
          this.append(marks, true);
        }
        this.reset();
        return true;
      } finally {
        closeSync(old);
      }
    } finally {
      closeSync(lockFd);
      try {
        unlinkSync(lock);
      } catch {
        /* already gone */
      }
    }
  }
}

/** Whether the process holding a compaction lock is alive: null when there is no lock. */
function holderAlive(lock: string): boolean | null {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return null;
  }
  // Made but its pid not written yet: its compactor is alive, a moment from writing it.
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Whether a live compaction held the lock just after lines were written; if so, waits until it
 * has ended (its lock gone, or its process dead), at most ten seconds. A lock left by a dead
 * process is no compaction: it will not move the file again.
 */
function compactionUnderWay(lock: string): boolean {
  if (!existsSync(lock) || holderAlive(lock) !== true) return false;
  const until = Date.now() + 10_000;
  while (Date.now() < until && holderAlive(lock) === true) Atomics.wait(pause, 0, 0, 2);
  return true;
}

/** Every mark's winning stamp in a journal's text (its sorted block and its appended lines). */
function latestOf(content: Buffer): { marks: Mark[] } {
  const latest = new Map<string, Stamp>();
  const take = (mark: Mark) => {
    const key = `${mark.id}\u0000${mark.key}`;
    if (wins(latest.get(key), mark)) latest.set(key, { value: mark.value, time: mark.time });
  };
  let from = 0;
  const firstEnd = content.indexOf(NEWLINE);
  const header = firstEnd >= 0 && firstEnd < 80 ? SORTED_HEADER.exec(content.toString('latin1', 0, firstEnd)) : null;
  if (header) {
    const sorted = new SortedMarks(
      content.subarray(firstEnd + 1),
      Number(header[1]),
      header[2] === undefined ? undefined : Number(header[2]),
    );
    for (const { id, key, stamp } of sorted.entries()) take({ id, key, ...stamp });
    from = firstEnd + 1 + sorted.end;
  }
  for (const line of content.toString('utf8', from).split('\n')) {
    const mark = line === '' ? null : parseMark(line);
    if (mark) take(mark);
  }
  const marks: Mark[] = [];
  for (const [key, stamp] of latest) {
    const [id, name] = key.split('\u0000') as [string, MarkKey];
    marks.push({ id, key: name, ...stamp });
  }
  return { marks };
}

/** Up to `size` bytes from `start` (fewer if the file is shorter by now). */
function readAt(fd: number, start: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, buffer, read, size - read, start + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

function writeAll(fd: number, bytes: Buffer, file: string): void {
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    throw new Error(`cannot write ${file}: ${reasonOf(error)}`, { cause: error });
  }
}

/** The rename is durable only once the folder is synced too; not every file system allows it. */
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}
