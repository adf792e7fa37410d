/** The subprocess helper every test and the benchmark use: exit codes, output, env, input, time limits, failure messages, background stop. */
import { describe, expect, it } from 'vitest';
import { commandLine, explain, liveChildren, run, runOk, runOkSync, runSync, startBackground, SubprocessError, tail } from './subprocess.js';

const NODE = process.execPath;
const script = (code: string) => [NODE, ['-e', code]] as const;

describe('run and runSync', () => {
  it.each([
    ['run', (c: string, a: readonly string[], o = {}) => run(c, a, o)],
    ['runSync', (c: string, a: readonly string[], o = {}) => Promise.resolve(runSync(c, a, o))],
  ] as const)('%s: exit code, stdout, stderr, cwd, env layered over process.env, input', async (_name, runner) => {
    const [cmd, args] = script(
      'let i="";process.stdin.on("data",d=>i+=d).on("end",()=>{process.stdout.write(process.cwd()+"|"+process.env.SUBPROCESS_TEST_VAR+"|"+(process.env.PATH?"path":"nopath")+"|"+(process.env.HOME===undefined)+"|"+i);process.stderr.write("to stderr");process.exit(3)})',
    );
    const r = await runner(cmd, args, { cwd: '/tmp', env: { SUBPROCESS_TEST_VAR: 'set', HOME: undefined }, input: 'from stdin' });
    expect(r.status).toBe(3);
    expect(r.signal).toBeNull();
    expect(r.stdout).toBe('/tmp|set|path|true|from stdin');
    expect(r.stderr).toBe('to stderr');
    expect(r.stdoutBytes.toString()).toBe(r.stdout);
    expect(r.output).toContain('to stderr');
    expect(r.timedOut).toBe(false);
    expect(r.ms).toBeGreaterThan(0);
    expect(r.command).toBe(`${NODE} -e '${args[1]}'`);
  });

  it('keeps binary stdout intact in stdoutBytes', async () => {
    const r = await run(NODE, ['-e', 'process.stdout.write(Buffer.from([0,255,128,10]))']);
    expect([...r.stdoutBytes]).toEqual([0, 255, 128, 10]);
  });

  it.each([
    ['run', (c: string, a: readonly string[], o = {}) => run(c, a, o)],
    ['runSync', (c: string, a: readonly string[], o = {}) => Promise.resolve(runSync(c, a, o))],
  ] as const)('%s: kills a program that outlives timeoutMs and says so', async (_name, runner) => {
    const r = await runner(NODE, ['-e', 'console.log("started"); setTimeout(() => {}, 60_000)'], { timeoutMs: 1_500 });
    expect(r.timedOut).toBe(true);
    expect(r.status).toBeNull();
    expect(r.signal).toBe('SIGKILL');
    expect(r.ms).toBeLessThan(30_000);
    expect(explain(r)).toMatch(/was killed after \d+\.\d s \(time limit reached\)/);
  });

  it('a program that does not exist: no exit code, the reason in error and in explain()', async () => {
    const [a, b] = [await run('ossgen-no-such-program', ['x']), runSync('ossgen-no-such-program', ['x'])];
    for (const r of [a, b]) {
      expect(r.status).toBeNull();
      expect(r.error?.message).toContain('ENOENT');
      expect(explain(r)).toContain('`ossgen-no-such-program x` could not start');
    }
  });

  it('a program that exits without reading its input is not an error', async () => {
    const r = await run(NODE, ['-e', 'process.exit(0)'], { input: Buffer.alloc(4 * 1024 * 1024) });
    expect(r.status).toBe(0);
  });

  it('leaves no child in liveChildren once a run has finished', async () => {
    await run(NODE, ['-e', '']);
    expect([...liveChildren].filter((c) => c.exitCode !== null)).toEqual([]);
  });
});

describe('runOk and runOkSync', () => {
  // process.exitCode, not process.exit(): exit() may cut off output still queued for the pipe.
  const failing = ['-e', 'console.log("line 1"); for (let i = 0; i < 500; i++) console.error("noise " + i); console.error("the real error"); process.exitCode = 7'];

  it('return the result when the program exits 0', async () => {
    expect((await runOk(NODE, ['-e', 'console.log("ok")'])).stdout).toBe('ok\n');
    expect(runOkSync(NODE, ['-e', 'console.log("ok")']).stdout).toBe('ok\n');
  });

  it('throw a SubprocessError naming the step, the command, the exit code and the tail of the output', async () => {
    const error = await runOk(NODE, failing, { what: 'building the driver' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubprocessError);
    const message = (error as SubprocessError).message;
    expect(message).toMatch(/^building the driver: `.+node -e .+` exited 7 after \d+\.\d s\n/);
    expect(message).toContain('--- stdout\nline 1');
    expect(message).toContain('noise 499\nthe real error');
    // Only the tail: the first lines of a long stderr are cut, and the cut is marked.
    expect(message).not.toContain('noise 0\n');
    expect(message).toMatch(/\[… \d+ characters before\]/);
    expect((error as SubprocessError).result.status).toBe(7);
    expect(() => runOkSync(NODE, failing)).toThrow(/exited 7/);
  });
});

describe('message helpers', () => {
  it('commandLine quotes only what a shell would need quoted', () => {
    expect(commandLine('gcc', ['-O2', '-I/a/b', 'x y.c', "it's", ''])).toBe(`gcc -O2 -I/a/b 'x y.c' 'it'\\''s' ''`);
  });

  it('tail keeps short text whole and cuts long text from the front', () => {
    expect(tail('a\nb\n')).toBe('a\nb');
    expect(tail('1\n2\n3\n4', 2)).toBe('[… 4 characters before]\n3\n4');
    expect(tail('x'.repeat(50), 10, 20)).toBe(`[… 30 characters before]\n${'x'.repeat(20)}`);
  });
});

describe('startBackground', () => {
  const server = 'console.log("warming up"); setTimeout(() => console.log("listening on http://127.0.0.1:1234"), 200); process.on("SIGTERM", () => { console.error("bye"); process.exit(0); }); setInterval(() => {}, 1000)';

  it('waits for the ready line, keeps the output, stops on SIGTERM', async () => {
    const bg = startBackground(NODE, ['-e', server]);
    const m = await bg.waitFor(/listening on (http:\/\/\S+)/);
    expect(m[1]).toBe('http://127.0.0.1:1234');
    expect(bg.stdout()).toContain('warming up');
    expect(bg.running()).toBe(true);
    const stopped = await bg.stop();
    expect(stopped).toMatchObject({ killed: false, status: 0 });
    expect(bg.stderr()).toBe('bye\n');
    expect(bg.running()).toBe(false);
    expect(liveChildren.has(bg.child)).toBe(false);
    // Stopping again is harmless.
    expect((await bg.stop()).ms).toBe(0);
  });

  it('SIGKILLs a program that ignores the signal once graceMs has passed', async () => {
    const bg = startBackground(NODE, ['-e', 'process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)']);
    await bg.waitFor(/up/);
    const stopped = await bg.stop({ graceMs: 300 });
    expect(stopped.killed).toBe(true);
    expect(bg.running()).toBe(false);
  });

  it('waitFor rejects with the output when the program exits first, or nothing matches in time', async () => {
    const early = startBackground(NODE, ['-e', 'console.error("bad flag"); process.exit(2)']);
    await expect(early.waitFor(/listening/)).rejects.toThrow(/exited 2 before printing \/listening\/\n--- stderr\nbad flag/);
    expect(await early.exited).toBe(2);
    const silent = startBackground(NODE, ['-e', 'setInterval(() => {}, 1000)']);
    try {
      await expect(silent.waitFor(/listening/, { timeoutMs: 300 })).rejects.toThrow(/printed nothing matching \/listening\/ within 300 ms/);
    } finally {
      await silent.stop();
    }
  });
});
