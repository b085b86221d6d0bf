// Jest matchers of cdktf's testing API (toHaveResource, toHaveResourceWithProperties, ...).
import { Testing } from 'cdktf';

Testing.setupJest();

// No input anywhere in the suite may end as an "internal error" (a bug of ours, not a refusal): every failure the
// CLI reports in-process goes through reportFailure, watched here. Only tests about that report itself, which
// say "internal error" in their names, may print one. Assigned, not spied, so restoreAllMocks keeps it.
const report = require('../src/cli/report') as typeof import('../src/cli/report');
const reportFailure = report.reportFailure;
let internalErrors: string[] = [];
report.reportFailure = (error, stderr) =>
  reportFailure(error, {
    write(text: string) {
      if (text.includes('internal error')) internalErrors.push(text);
      return stderr.write(text);
    },
  });
afterEach(() => {
  const seen = internalErrors;
  internalErrors = [];
  if (!/internal error/.test(expect.getState().currentTestName ?? '')) expect(seen).toEqual([]);
});
