/**
 * A vitest reporter that appends one JSON line per test file as it starts and ends to the file named by
 * TUX_TEST_PROGRESS. `.ci/run` reads it when the run has to be stopped, to count what finished and to name the files
 * that never did.
 */
import { appendFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class ProgressReporter implements Reporter {
  private readonly file = process.env.TUX_TEST_PROGRESS ?? '';

  onTestModuleStart(testModule: TestModule): void {
    this.write({ event: 'start', file: relative(process.cwd(), testModule.moduleId) });
  }

  onTestModuleEnd(testModule: TestModule): void {
    let passed = 0;
    let failed = 0;
    for (const test of testModule.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') failed++;
    }
    // A file that failed to load has no tests but failed all the same.
    if (failed === 0 && testModule.state() === 'failed') failed = 1;
    this.write({ event: 'end', file: relative(process.cwd(), testModule.moduleId), passed, failed });
  }

  private write(line: object): void {
    if (this.file) appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }
}
