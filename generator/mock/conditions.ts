/**
 * Conditional reads (issue 17 item 6): GET and HEAD honour If-Match / If-Unmodified-Since (412
 * PreconditionFailed when they do not hold) and If-None-Match / If-Modified-Since (304 Not Modified
 * when the object has not changed), evaluated in the order of RFC 9110 section 13.2.2, as OSS does.
 * These are HTTP's headers, not the model's: pure functions of the object's ETag and time.
 */

export type Precondition = { outcome: 'proceed' } | { outcome: 'not-modified' } | { outcome: 'failed'; header: string };

/** An entity tag without its quotes and weak marker, for comparison. */
function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** Whether a list header (`"a", "b"` or `*`) names the ETag. */
function listMatches(header: string, etag: string): boolean {
  const wanted = opaque(etag);
  return header.split(',').some((item) => item.trim() === '*' || opaque(item) === wanted);
}

/** An HTTP date in whole seconds, or undefined when the value is not a date (then it is ignored). */
function seconds(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * What a read should do given its conditional headers (lower-case names), the object's ETag
 * (quoted, as sent) and last-modified time in epoch milliseconds.
 */
export function evaluatePreconditions(headers: Readonly<Record<string, string | undefined>>, etag: string, lastModifiedMs: number): Precondition {
  const modified = Math.floor(lastModifiedMs / 1000);
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!listMatches(ifMatch, etag)) return { outcome: 'failed', header: 'If-Match' };
  } else {
    const since = headers['if-unmodified-since'];
    const limit = since === undefined ? undefined : seconds(since);
    if (limit !== undefined && modified > limit) return { outcome: 'failed', header: 'If-Unmodified-Since' };
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (listMatches(ifNoneMatch, etag)) return { outcome: 'not-modified' };
  } else {
    const since = headers['if-modified-since'];
    const limit = since === undefined ? undefined : seconds(since);
    if (limit !== undefined && modified <= limit) return { outcome: 'not-modified' };
  }
  return { outcome: 'proceed' };
}
