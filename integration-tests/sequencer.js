// Jest's order (failed first, then slowest known first, else largest file), except that the installed-app
// test goes first: it is the longest suite, and started last it would leave one worker idle at the end.
const Sequencer = require("@jest/test-sequencer").default

const STARTED_FIRST = [/integration-tests\/install\/install\.spec\.[jt]s$/]

class InstallFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => (STARTED_FIRST.some((pattern) => pattern.test(test.path)) ? 0 : 1)
    // Array.prototype.sort is stable: jest's own order is kept among the rest.
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b))
  }
}

module.exports = InstallFirstSequencer
