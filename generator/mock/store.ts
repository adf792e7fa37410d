/**
 * Object storage for the simulator: in memory (default) or on disk (`--data-dir`). Writes go
 * through a Writer that can be committed or aborted, so a failed or truncated request leaves the
 * object exactly as it was. On disk, a key only ever names a file through its SHA-256, so no key
 * (`../`, absolute paths, NUL, 1023-byte names) can reach outside the data directory, and bodies
 * stream to the file chunk by chunk: memory stays bounded whatever the object size.
 *
 * Crash safety of the disk store (a `kill -9` or power loss at any instant keeps every acknowledged
 * byte and shows nothing unacknowledged). Each object is two files in `objects/`:
 * - `<stem>.<gen>.data`: the bytes. `<gen>` is random hex, new for every replacement (PutObject,
 *   or an append at position 0 that creates the object), so a replacement never touches the data
 *   file the committed record names.
 * - `<stem>.json`: the record, `{"format":"ossgen-object/2","data":"<stem>.<gen>.data","info":{…}}`,
 *   stating the data file, the committed length and the CRC-64 of those bytes. It is the single
 *   source of truth: the object is whatever the record says, and only bytes [0, length) of the
 *   data file it names belong to the object.
 * A write commits in this order, and only then is the request acknowledged:
 *   1. the body streams into the data file: an append writes past the committed length of the
 *      current data file (readers never look there), a replacement writes a new data file;
 *   2. fsync the data file, and meanwhile
 *   3. the new record goes to a temporary file `<stem>.json.<n>.tmp`, which is fsynced;
 *   4. rename it over `<stem>.json`: the one atomic commit point;
 *   5. fsync the `objects/` directory, so the rename itself is durable;
 *   6. a replacement then removes the data file of the previous record.
 * A delete removes the record (its commit point), fsyncs the directory, then removes the data file.
 * A crash before step 4 leaves the old record, so the object is exactly the last acknowledged state;
 * a crash from step 4 on leaves the new record, whose bytes were fsynced in step 2: the request in
 * flight then took effect in full (its client saw no answer, an unknown outcome it resolves by
 * reading the object). Never a mix of the two.
 * On start-up the store repairs what a crash leaves behind: it removes temporary files, truncates a
 * data file to its record's length (the tail of an append that never committed), removes data files
 * that no record names (a replacement that never committed, or the old file of one that did), and
 * checks every record against its data (the key's hash names the file, the data file exists, holds at
 * least `length` bytes, and their CRC-64 equals the record's). What fails a check, and any file it
 * does not know, is moved to `quarantine/` beside `objects/`, never served and never deleted.
 * Memory stays flat: no write copies an object, and start-up reads the data in 1 MiB pieces.
 * Records of the first format (`<stem>.data` + a bare ObjectInfo in `<stem>.json`) are still read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants, createReadStream, existsSync, fstatSync, ftruncateSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Crc64 } from '../../runtime/ts/crc64.js';

/**
 * The object kinds a stored record names. This is the data dir's own record format (kept as first
 * written, so existing data dirs stay readable), not the protocol's: the object-type header's value
 * on the wire comes from the IR (`protocol.append.objectType`).
 */
export const APPENDABLE_RECORD = 'Appendable';
export const NORMAL_RECORD = 'Normal';
const RECORD_TYPES: readonly string[] = [APPENDABLE_RECORD, NORMAL_RECORD];

export interface ObjectInfo {
  bucket: string;
  key: string;
  type: typeof APPENDABLE_RECORD | typeof NORMAL_RECORD;
  length: number;
  /** CRC-64/XZ of the whole object, unsigned decimal. */
  crc: string;
  etag: string;
  /** Epoch milliseconds. */
  lastModified: number;
  /** Stored properties by IR member id (`contentType`, `cacheControl`, …); `metadata` as a sorted map. */
  props: Record<string, string | Record<string, string>>;
}

export interface Writer {
  write(chunk: Buffer): Promise<void>;
  /** Makes the write visible as `info`. */
  commit(info: ObjectInfo): Promise<void>;
  /** Forgets everything written; the object stays as it was. */
  abort(): Promise<void>;
}

export interface ObjectStore {
  head(bucket: string, key: string): ObjectInfo | undefined;
  /** `append` continues the existing content at `at`; `replace` starts a new content. */
  writer(bucket: string, key: string, mode: 'append' | 'replace', at: number): Promise<Writer>;
  /** Bytes [start, end] (inclusive) of the committed content. */
  read(bucket: string, key: string, start: number, end: number): Readable;
  delete(bucket: string, key: string): Promise<void>;
  clear(): Promise<void>;
}

const id = (bucket: string, key: string) => `${bucket}\n${key}`;

export class MemoryStore implements ObjectStore {
  private readonly objects = new Map<string, { info: ObjectInfo; chunks: Buffer[] }>();

  head(bucket: string, key: string): ObjectInfo | undefined {
    return this.objects.get(id(bucket, key))?.info;
  }

  async writer(bucket: string, key: string, mode: 'append' | 'replace'): Promise<Writer> {
    const pending: Buffer[] = [];
    return {
      write: async (chunk) => {
        pending.push(chunk);
      },
      commit: async (info) => {
        const current = this.objects.get(id(bucket, key));
        const chunks = mode === 'append' && current ? [...current.chunks, ...pending] : pending;
        this.objects.set(id(bucket, key), { info, chunks });
      },
      abort: async () => {
        pending.length = 0;
      },
    };
  }

  read(bucket: string, key: string, start: number, end: number): Readable {
    const chunks = this.objects.get(id(bucket, key))?.chunks ?? [];
    const parts: Buffer[] = [];
    let offset = 0;
    for (const chunk of chunks) {
      const from = Math.max(start - offset, 0);
      const to = Math.min(end + 1 - offset, chunk.length);
      if (from < to) parts.push(chunk.subarray(from, to));
      offset += chunk.length;
      if (offset > end) break;
    }
    return Readable.from(parts);
  }

  async delete(bucket: string, key: string): Promise<void> {
    this.objects.delete(id(bucket, key));
  }

  async clear(): Promise<void> {
    this.objects.clear();
  }
}

/**
 * The steps of a disk commit where a test can make the process kill itself (SIGKILL), through the
 * environment variable `OSSGEN_SIM_CRASH_AT=<step>`: a real crash at that instant, to check that a
 * restart on the same data dir recovers the last acknowledged state. Unset (always, outside the
 * crash tests), nothing happens. In commit order:
 * - `data-written`: the first piece of a body is in the data file (not synced, not committed);
 * - `data-synced`: the data file is fsynced (its record may be half-written in its temporary file);
 * - `record-written`: data fsynced and the new record in its temporary file, fsynced, not yet renamed;
 * - `record-renamed`: the rename happened (the commit point), the directory is not yet fsynced;
 * - `dir-synced`: the directory is fsynced, the previous data file of a replacement still exists;
 * - `old-data-removed`: a replacement removed the previous data file, the answer is not yet sent;
 * - `record-removed`: a delete removed the record, its data file still exists.
 */
export const CRASH_POINTS = ['data-written', 'data-synced', 'record-written', 'record-renamed', 'dir-synced', 'old-data-removed', 'record-removed'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

const crashAt = process.env.OSSGEN_SIM_CRASH_AT;

function crashPoint(step: CrashPoint): void {
  if (crashAt === step) {
    process.kill(process.pid, 'SIGKILL');
    // SIGKILL to oneself is delivered before kill() returns; nothing after this line ever runs.
    for (;;);
  }
}

const RECORD_FORMAT = 'ossgen-object/2';
const RECORD_FILE = /^([0-9a-f]{64})\.json$/;
const DATA_FILE = /^([0-9a-f]{64})(\.[0-9a-f]{16})?\.data$/;
const TEMP_FILE = /\.tmp\d*$/;
/** Data files are opened without following a symbolic link: nothing the store reads or cuts is outside `objects/`. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

interface Entry {
  info: ObjectInfo;
  /** The data file's name in `objects/`. */
  data: string;
}

/** What start-up found and did (see the comment at the top of this file). */
export interface RecoveryReport {
  objects: number;
  /** Temporary files of writes that never committed, removed. */
  removedTemp: string[];
  /** Data files no record names, removed. */
  removedOrphans: string[];
  /** Data files cut back to their record's length. */
  truncated: string[];
  /** Files moved to `quarantine/`, with the reason. */
  quarantined: { file: string; reason: string }[];
}

/** True for an object appends may continue. */
export function isAppendable(info: Pick<ObjectInfo, 'type'>): boolean {
  return info.type === APPENDABLE_RECORD;
}

function isObjectInfo(v: unknown): v is ObjectInfo {
  const o = v as ObjectInfo;
  return (
    typeof o === 'object' && o !== null &&
    typeof o.bucket === 'string' && typeof o.key === 'string' &&
    RECORD_TYPES.includes(o.type) &&
    Number.isSafeInteger(o.length) && o.length >= 0 &&
    typeof o.crc === 'string' && /^\d{1,20}$/.test(o.crc) &&
    typeof o.etag === 'string' && typeof o.lastModified === 'number' &&
    typeof o.props === 'object' && o.props !== null
  );
}

/** CRC-64 of the first `length` bytes of an open file, read in 1 MiB pieces. */
function crcOfPrefix(fd: number, length: number): bigint {
  const crc = new Crc64();
  const buffer = Buffer.alloc(Math.min(length, 1 << 20));
  let position = 0;
  while (position < length) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, length - position), position);
    if (n <= 0) break;
    crc.update(buffer.subarray(0, n));
    position += n;
  }
  return crc.digest();
}

export class DiskStore implements ObjectStore {
  private readonly index = new Map<string, Entry>();
  private readonly objectsDir: string;
  private readonly quarantineDir: string;
  private tmpCounter = 0;
  /** What start-up repaired, removed and quarantined. */
  readonly recovery: RecoveryReport;

  constructor(dataDir: string) {
    this.objectsDir = join(dataDir, 'objects');
    this.quarantineDir = join(dataDir, 'quarantine');
    mkdirSync(this.objectsDir, { recursive: true });
    this.recovery = this.recover();
  }

  /** The file name stem of an object: SHA-256 of bucket and key, so a key never becomes a path. */
  static fileStem(bucket: string, key: string): string {
    return createHash('sha256').update(id(bucket, key), 'utf8').digest('hex');
  }

  /** Start-up: brings `objects/` back to exactly what the records say (see the top of this file). */
  private recover(): RecoveryReport {
    const report: RecoveryReport = { objects: 0, removedTemp: [], removedOrphans: [], truncated: [], quarantined: [] };
    const files = readdirSync(this.objectsDir, { withFileTypes: true });
    const named = new Set<string>();
    const quarantine = (file: string, reason: string) => {
      mkdirSync(this.quarantineDir, { recursive: true });
      let target = join(this.quarantineDir, file);
      for (let n = 1; existsSync(target); n++) target = join(this.quarantineDir, `${file}.${n}`);
      renameSync(join(this.objectsDir, file), target);
      report.quarantined.push({ file, reason });
    };
    for (const entry of files) {
      if (entry.isFile() && TEMP_FILE.test(entry.name)) {
        unlinkSync(join(this.objectsDir, entry.name));
        report.removedTemp.push(entry.name);
      }
    }
    for (const entry of files) {
      const match = RECORD_FILE.exec(entry.name);
      if (!match || !entry.isFile()) continue;
      const stem = match[1]!;
      let record: unknown;
      try {
        record = JSON.parse(readFileSync(join(this.objectsDir, entry.name), 'utf8'));
      } catch {
        quarantine(entry.name, 'the record is not JSON');
        continue;
      }
      // The current format names its data file; the first format was a bare ObjectInfo beside `<stem>.data`.
      const r = record as { format?: unknown; data?: unknown; info?: unknown };
      const info = r.format === RECORD_FORMAT ? r.info : record;
      const data = r.format === RECORD_FORMAT ? r.data : `${stem}.data`;
      const dataMatch = typeof data === 'string' ? DATA_FILE.exec(data) : null;
      if (!isObjectInfo(info) || !dataMatch || dataMatch[1] !== stem) {
        quarantine(entry.name, 'the record is malformed');
        continue;
      }
      const dataName = data as string;
      if (DiskStore.fileStem(info.bucket, info.key) !== stem) {
        quarantine(entry.name, 'the record names another key than its file name');
        continue;
      }
      let fd: number;
      try {
        fd = openSync(join(this.objectsDir, dataName), constants.O_RDWR | NOFOLLOW);
      } catch {
        quarantine(entry.name, `its data file ${dataName} is missing (or a symbolic link)`);
        continue;
      }
      let problem: string | undefined;
      try {
        const size = fstatSync(fd).size;
        if (size < info.length) problem = `its data file holds ${size} bytes, the record says ${info.length}`;
        else if (crcOfPrefix(fd, info.length).toString() !== info.crc) problem = 'the CRC-64 of its data differs from the record';
        else if (size > info.length) {
          // The tail of an append that never committed.
          ftruncateSync(fd, info.length);
          fsyncSync(fd);
          report.truncated.push(dataName);
        }
      } finally {
        closeSync(fd);
      }
      if (problem) {
        quarantine(entry.name, problem);
        quarantine(dataName, problem);
        continue;
      }
      named.add(dataName);
      this.index.set(id(info.bucket, info.key), { info, data: dataName });
    }
    for (const entry of readdirSync(this.objectsDir, { withFileTypes: true })) {
      if (named.has(entry.name) || (RECORD_FILE.test(entry.name) && entry.isFile())) continue;
      if (entry.isFile() && DATA_FILE.test(entry.name)) {
        // A replacement that never committed, the old data of one that did, or a deleted object's.
        unlinkSync(join(this.objectsDir, entry.name));
        report.removedOrphans.push(entry.name);
      } else {
        quarantine(entry.name, 'not a file of the store');
      }
    }
    if (report.removedTemp.length + report.removedOrphans.length + report.truncated.length + report.quarantined.length > 0) this.syncDirSync();
    report.objects = this.index.size;
    return report;
  }

  private syncDirSync(): void {
    const fd = openSync(this.objectsDir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private async syncDir(): Promise<void> {
    const handle = await open(this.objectsDir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Step 3 of a commit: the record in a fsynced temporary file; returns its path. */
  private async writeTempRecord(stem: string, entry: Entry): Promise<string> {
    const temp = join(this.objectsDir, `${stem}.json.${++this.tmpCounter}.tmp`);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify({ format: RECORD_FORMAT, data: entry.data, info: entry.info }));
      await handle.sync();
    } catch (err) {
      await handle.close();
      await rm(temp, { force: true });
      throw err;
    }
    await handle.close();
    return temp;
  }

  head(bucket: string, key: string): ObjectInfo | undefined {
    return this.index.get(id(bucket, key))?.info;
  }

  async writer(bucket: string, key: string, mode: 'append' | 'replace'): Promise<Writer> {
    const stem = DiskStore.fileStem(bucket, key);
    const current = this.index.get(id(bucket, key));
    // An append continues the current data file past its committed length; anything else writes a new one.
    const inPlace = mode === 'append' && current !== undefined;
    const dataName = inPlace ? current.data : `${stem}.${randomBytes(8).toString('hex')}.data`;
    const dataPath = join(this.objectsDir, dataName);
    const committedLength = inPlace ? current.info.length : 0;
    const handle: FileHandle = await open(dataPath, inPlace ? constants.O_RDWR | NOFOLLOW : constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o666);
    let offset = committedLength;
    let closed = false;
    let wrote = false;
    const close = async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return {
      write: async (chunk) => {
        let done = 0;
        while (done < chunk.length) {
          const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, offset);
          done += bytesWritten;
          offset += bytesWritten;
        }
        if (!wrote && chunk.length > 0) {
          wrote = true;
          crashPoint('data-written');
        }
      },
      commit: async (info) => {
        // Steps 2 and 3 run side by side (both must be durable before the rename, neither needs the other).
        const [synced, record] = await Promise.allSettled([
          handle.sync().then(() => crashPoint('data-synced')),
          this.writeTempRecord(stem, { info, data: dataName }),
        ]);
        await close();
        if (synced.status === 'rejected' || record.status === 'rejected') {
          if (record.status === 'fulfilled') await rm(record.value, { force: true });
          throw synced.status === 'rejected' ? synced.reason : (record as PromiseRejectedResult).reason;
        }
        crashPoint('record-written');
        await rename(record.value, join(this.objectsDir, `${stem}.json`));
        crashPoint('record-renamed');
        await this.syncDir();
        crashPoint('dir-synced');
        this.index.set(id(bucket, key), { info, data: dataName });
        if (!inPlace && current) {
          await rm(join(this.objectsDir, current.data), { force: true });
          crashPoint('old-data-removed');
        }
      },
      abort: async () => {
        // Nothing was committed: an append's bytes past the committed length go, a new file goes.
        if (inPlace && !closed) await handle.truncate(committedLength);
        await close();
        if (!inPlace) await rm(dataPath, { force: true });
      },
    };
  }

  read(bucket: string, key: string, start: number, end: number): Readable {
    const entry = this.index.get(id(bucket, key));
    if (!entry || end < start) return Readable.from([]);
    // Opened now, so a replacement that removes this data file later cannot cut the answer short.
    const fd = openSync(join(this.objectsDir, entry.data), constants.O_RDONLY | NOFOLLOW);
    return createReadStream('', { fd, start, end });
  }

  async delete(bucket: string, key: string): Promise<void> {
    const entry = this.index.get(id(bucket, key));
    if (!entry) return;
    const stem = DiskStore.fileStem(bucket, key);
    this.index.delete(id(bucket, key));
    await rm(join(this.objectsDir, `${stem}.json`), { force: true });
    crashPoint('record-removed');
    await this.syncDir();
    await rm(join(this.objectsDir, entry.data), { force: true });
  }

  async clear(): Promise<void> {
    for (const { info } of [...this.index.values()]) await this.delete(info.bucket, info.key);
  }
}
