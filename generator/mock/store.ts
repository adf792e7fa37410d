/**
 * Object storage for the simulator: in memory (default) or on disk (`--data-dir`). Writes go
 * through a Writer that can be committed or aborted, so a failed or truncated request leaves the
 * object exactly as it was. On disk, a key only ever names a file through its SHA-256, so no key
 * (`../`, absolute paths, NUL, 1023-byte names) can reach outside the data directory, and bodies
 * stream to the file chunk by chunk: memory stays bounded whatever the object size.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

export interface ObjectInfo {
  bucket: string;
  key: string;
  type: 'Appendable' | 'Normal';
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

export class DiskStore implements ObjectStore {
  private readonly index = new Map<string, ObjectInfo>();
  private readonly objectsDir: string;
  private tmpCounter = 0;

  constructor(dataDir: string) {
    this.objectsDir = join(dataDir, 'objects');
    mkdirSync(this.objectsDir, { recursive: true });
    // Objects survive a restart: the metadata files name their key.
    for (const file of readdirSync(this.objectsDir)) {
      if (!file.endsWith('.json')) continue;
      try {
        const info = JSON.parse(readFileSync(join(this.objectsDir, file), 'utf8')) as ObjectInfo;
        this.index.set(id(info.bucket, info.key), info);
      } catch {
        // A half-written metadata file belongs to a write that never committed.
      }
    }
  }

  /** The file name stem of an object: SHA-256 of bucket and key, so a key never becomes a path. */
  static fileStem(bucket: string, key: string): string {
    return createHash('sha256').update(id(bucket, key), 'utf8').digest('hex');
  }

  private paths(bucket: string, key: string) {
    const stem = DiskStore.fileStem(bucket, key);
    return { data: join(this.objectsDir, `${stem}.data`), meta: join(this.objectsDir, `${stem}.json`) };
  }

  head(bucket: string, key: string): ObjectInfo | undefined {
    return this.index.get(id(bucket, key));
  }

  async writer(bucket: string, key: string, mode: 'append' | 'replace', at: number): Promise<Writer> {
    const paths = this.paths(bucket, key);
    const existed = this.index.has(id(bucket, key));
    // Appends write in place past the committed length (readers never look beyond it);
    // replacements go to a temporary file renamed over the old one on commit.
    const target = mode === 'append' && existed ? paths.data : `${paths.data}.tmp${++this.tmpCounter}`;
    const handle: FileHandle = await open(target, mode === 'append' && existed ? 'r+' : 'w');
    let offset = mode === 'append' && existed ? at : 0;
    let closed = false;
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
      },
      commit: async (info) => {
        await close();
        if (target !== paths.data) await rename(target, paths.data);
        const tmpMeta = `${paths.meta}.tmp${++this.tmpCounter}`;
        await writeFile(tmpMeta, JSON.stringify(info));
        await rename(tmpMeta, paths.meta);
        this.index.set(id(bucket, key), info);
      },
      abort: async () => {
        if (target === paths.data) await handle.truncate(at);
        await close();
        if (target !== paths.data) await rm(target, { force: true });
      },
    };
  }

  read(bucket: string, key: string, start: number, end: number): Readable {
    if (end < start) return Readable.from([]);
    return createReadStream(this.paths(bucket, key).data, { start, end });
  }

  async delete(bucket: string, key: string): Promise<void> {
    const paths = this.paths(bucket, key);
    this.index.delete(id(bucket, key));
    await rm(paths.meta, { force: true });
    await rm(paths.data, { force: true });
  }

  async clear(): Promise<void> {
    for (const info of [...this.index.values()]) await this.delete(info.bucket, info.key);
  }
}
