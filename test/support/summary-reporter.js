// Ends every jest run with one plain line, `N passed, N failed, N skipped`, so a run that executed no
// test is visible to anything reading the log.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
