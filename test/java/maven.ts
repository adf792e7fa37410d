/**
 * Maven for the Java tests: offline (`-o`) and in batch mode, so a build never reaches a registry
 * once scripts/setup.sh has resolved the plugins and JUnit; the local repository is the user's
 * (~/.m2), where setup.sh put them.
 */
import { run, type RunResult } from '../support/subprocess.js';

/** Runs `mvn -B -o <args>` in `cwd`. */
export function mvn(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<RunResult> {
  return run('mvn', ['-B', '-o', ...args], { cwd, env, timeoutMs });
}

/** The test methods surefire ran and passed, `Class.method`, from its XML reports' text. */
export function passedTests(reportsXml: string[]): string[] {
  const passed: string[] = [];
  for (const xml of reportsXml) {
    for (const m of xml.matchAll(/<testcase name="([^"]+)" classname="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const inner = m[4] ?? '';
      if (/<(failure|error|skipped)\b/.test(inner)) continue;
      passed.push(`${m[2]!.slice(m[2]!.lastIndexOf('.') + 1)}.${m[1]!.replace(/\(.*\)$/, '')}`);
    }
  }
  return passed.sort();
}
