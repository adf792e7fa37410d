/**
 * Two writers append to the same object at the same time, each with its own generated TypeScript
 * client and Appender. For every position exactly one wins; the loser gets PositionNotEqualToLength
 * carrying the object's real length at that moment (the end of a winning chunk); and the object
 * read back is the winning chunks laid end to end, none interleaved with another.
 */
import { describe, expect, it } from "vitest";
import type { IrAppendRule } from "../../generator/ir/types.js";
import { startMock } from "../../generator/mock/index.js";
import { Simulator } from "../../generator/mock/sim.js";
import { send } from "../../generator/mock/raw-client.js";
import {
  Appender,
  OssClient,
  PositionNotEqualToLengthError,
} from "../../out/ts/src/index.js";
import { ACCESS_KEY_ID, prng, SECRET } from "./lib.js";

const CHUNKS = Number(process.env.OSSGEN_RACE_CHUNKS ?? 60);
/** Sized by the count with a generous floor (a race of 60 chunks takes seconds), so a busy machine or a larger OSSGEN_RACE_CHUNKS is not cut short. */
const LIMIT_MS = Math.max(120_000, CHUNKS * 2_000);
const KEY = "reliability/two-writers.log";

interface Win {
  writer: string;
  seq: number;
  position: number;
  size: number;
}

/** A chunk that names its writer and number in every byte run, so interleaving is visible. */
function chunkOf(writer: string, seq: number, size: number): Buffer {
  const stamp = Buffer.from(`${writer}${String(seq).padStart(3, "0")}|`);
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += stamp.length) stamp.copy(out, i);
  return out;
}

/** Two writers race; returns what went wrong (empty when every rule held) and a line of figures. */
async function race(
  inProcess = false,
): Promise<{
  problems: string[];
  line: string;
  conflicts: number;
  wins: number;
}> {
  const sim = await startMock({
    mode: "sim",
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: SECRET,
    inProcess,
  });
  const wins: Win[] = [];
  const problems: string[] = [];
  const conflicts: {
    writer: string;
    attempted: number;
    reported: number | undefined;
  }[] = [];
  try {
    const writer = async (name: string, seed: number) => {
      const client = new OssClient({
        endpoint: sim.url,
        bucket: "examplebucket",
        credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET },
      });
      const next = prng(seed);
      try {
        let appender = await Appender.open(client, { key: KEY });
        for (let seq = 0; seq < CHUNKS; seq++) {
          const size = 1 + Math.floor(next() * 64 * 1024);
          const chunk = chunkOf(name, seq, size);
          for (;;) {
            const position = appender.position;
            try {
              const out = await appender.append(chunk);
              wins.push({
                writer: name,
                seq,
                position: out.nextAppendPosition - size,
                size,
              });
              break;
            } catch (err) {
              if (!(err instanceof PositionNotEqualToLengthError)) {
                problems.push(`${name}${seq}: ${String(err)}`);
                return;
              }
              conflicts.push({
                writer: name,
                attempted: position,
                reported: err.nextAppendPosition,
              });
              appender = await Appender.open(client, { key: KEY });
            }
          }
        }
      } finally {
        client.close();
      }
    };
    await Promise.all([writer("A", 1), writer("B", 2)]);
    const object = await send(sim.url, {
      method: "GET",
      bucket: "examplebucket",
      key: KEY,
      credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET },
    });
    if (object.status !== 200)
      return {
        problems: [`read back: ${object.status}`],
        line: "no object",
        conflicts: conflicts.length,
        wins: wins.length,
      };

    // One winner per position: the wins tile the object from 0 to its end, no gap, no overlap.
    wins.sort((a, b) => a.position - b.position);
    let end = 0;
    for (const w of wins) {
      if (w.position !== end)
        problems.push(
          `${w.writer}${w.seq} starts at ${w.position}, expected ${end}`,
        );
      const expected = chunkOf(w.writer, w.seq, w.size);
      if (
        !object.body.subarray(w.position, w.position + w.size).equals(expected)
      )
        problems.push(`${w.writer}${w.seq} at ${w.position} is not intact`);
      end = w.position + w.size;
    }
    if (end !== object.body.length)
      problems.push(
        `wins end at ${end}, object is ${object.body.length} bytes`,
      );
    // The loser's error names the real length: the end of a winning chunk, past where it tried.
    const ends = new Set(wins.map((w) => w.position + w.size));
    for (const c of conflicts) {
      if (
        c.reported === undefined ||
        !ends.has(c.reported) ||
        c.reported <= c.attempted
      )
        problems.push(`${c.writer} at ${c.attempted} was told ${c.reported}`);
    }
    const byA = wins.filter((w) => w.writer === "A").length;
    const line =
      `chunks=${wins.length} object=${object.body.length}B wins A=${byA} B=${wins.length - byA} ` +
      `conflicts=${conflicts.length} (each told the real length) interleaved-or-broken-chunks=${problems.filter((p) => /intact/.test(p)).length}`;
    return { problems, line, conflicts: conflicts.length, wins: wins.length };
  } finally {
    await sim.close();
  }
}

describe("two writers on one object", () => {
  it(`${CHUNKS} chunks each: one winner per position, the loser learns the real length, no interleaving`, async () => {
    const { problems, line, conflicts, wins } = await race();
    console.log(`[reliability/two-writers] ${line}`);
    expect(problems).toEqual([]);
    expect(wins).toBe(2 * CHUNKS);
    expect(conflicts).toBeGreaterThan(0); // the writers really raced
  }, LIMIT_MS);

  it("notices a simulator that accepts an append at any position (the position check removed on purpose)", async () => {
    const proto = Simulator.prototype as unknown as {
      positionRule: (
        rules: IrAppendRule[],
        state: string,
        position: number,
        length: number,
      ) => IrAppendRule | undefined;
    };
    const original = proto.positionRule;
    proto.positionRule = (rules, state) =>
      rules.find(
        (r) =>
          r.object === state &&
          (r.outcome === "append" || r.outcome === "create"),
      );
    try {
      const { problems, line } = await race(true);
      console.log(
        `[reliability/two-writers] mutation (no position check): ${line}; ${problems.length} problem(s) detected`,
      );
      expect(problems.length).toBeGreaterThan(0);
    } finally {
      proto.positionRule = original;
    }
  }, LIMIT_MS);
});
