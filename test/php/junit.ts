/** PHPUnit's JUnit report, read for the PHP suites: totals and the test cases that passed. */

export interface JunitSummary {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  passed: string[];
}

/** The totals and the passed test cases of a PHPUnit JUnit report. */
export function readJunit(xml: string): JunitSummary {
  const top = /<testsuite name="[^"]*" tests="(\d+)" assertions="\d+" errors="(\d+)" warnings="\d+" failures="(\d+)" skipped="(\d+)"/.exec(xml);
  if (!top) throw new Error(`no testsuite totals in the JUnit report:\n${xml.slice(0, 500)}`);
  const passed = [...xml.matchAll(/<testcase name="(\w+)" class="([^"]+)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)]
    .filter((m) => m[3] === '/>' || !/<(failure|error|skipped)/.test(m[4] ?? ''))
    .map((m) => `${m[2]!.split('\\').pop()!}::${m[1]!}`)
    .sort();
  return { tests: Number(top[1]), errors: Number(top[2]), failures: Number(top[3]), skipped: Number(top[4]), passed };
}
