// The CEL helpers and the synth-time compile check, evaluated with @bufbuild/cel on real GitHub payloads.
import fc from 'fast-check';
import { Cel } from '../../lib/triggers';
import { canonicalHeaderKey, checkCelExpression } from '../../lib/triggers/cel-check';
import { celFilterAccepts, evaluateCel } from './support/cel-runtime';
import { BRANCH_PUSHES, branchDeletion, EXAMPLE_BRANCH, pushToOtherBranch, PULL_REQUEST_EXAMPLES, TAG_PUSHES } from './support/payloads';

const push = (body: unknown) => ({ body, header: { 'X-GitHub-Event': 'push' } });
const pr = (body: unknown) => ({ body, header: { 'X-GitHub-Event': 'pull_request' } });

describe('Cel helpers on real payloads', () => {
  test('every helper compiles in Triggers\' CEL environment', () => {
    for (const e of [Cel.pushToBranch('main'), Cel.tagPush(), Cel.eventType('push', 'pull_request'), Cel.pullRequestAction('opened'),
      Cel.pullRequestToBranch('main'), Cel.branchOfPush(), Cel.shortSha('body.after'), Cel.and('true', 'false'), Cel.or('true')]) {
      expect(checkCelExpression(e)).toBeUndefined();
    }
  });

  test('pushToBranch: a push to the branch passes; another branch, a tag or a deletion does not', () => {
    const filter = Cel.pushToBranch(EXAMPLE_BRANCH);
    expect(filter).toBe("body.ref == 'refs/heads/master' && !body.deleted");
    for (const p of BRANCH_PUSHES) expect(celFilterAccepts(filter, push(p))).toBe(true);
    for (const p of TAG_PUSHES) expect(celFilterAccepts(filter, push(p))).toBe(false);
    expect(celFilterAccepts(filter, push(pushToOtherBranch('main')))).toBe(false);
    expect(celFilterAccepts(filter, push(pushToOtherBranch(`${EXAMPLE_BRANCH}-2`)))).toBe(false);
    expect(celFilterAccepts(filter, push(branchDeletion()))).toBe(false);
  });

  test('tagPush: created tags pass, deleted tags and branches do not', () => {
    const created = TAG_PUSHES.filter(p => !p.deleted);
    expect(created.length).toBeGreaterThan(0);
    for (const p of created) expect(celFilterAccepts(Cel.tagPush(), push(p))).toBe(true);
    for (const p of TAG_PUSHES.filter(x => x.deleted)) expect(celFilterAccepts(Cel.tagPush(), push(p))).toBe(false);
    for (const p of BRANCH_PUSHES) expect(celFilterAccepts(Cel.tagPush(), push(p))).toBe(false);
  });

  test('eventType matches the X-GitHub-Event header in any case', () => {
    expect(celFilterAccepts(Cel.eventType('push'), { body: {}, header: { 'x-github-event': 'push' } })).toBe(true);
    expect(celFilterAccepts(Cel.eventType('push'), pr({}))).toBe(false);
    expect(celFilterAccepts(Cel.eventType('push', 'pull_request'), pr({}))).toBe(true);
  });

  test('pull request actions and target branch', () => {
    const filter = Cel.and(Cel.pullRequestAction('opened', 'synchronize', 'reopened'), Cel.pullRequestToBranch(EXAMPLE_BRANCH));
    const accepted = PULL_REQUEST_EXAMPLES.filter(p => celFilterAccepts(filter, pr(p))).map(p => p.action);
    expect([...new Set(accepted)].sort()).toEqual(['opened', 'reopened', 'synchronize']);
    expect(celFilterAccepts(Cel.pullRequestToBranch('main'), pr(PULL_REQUEST_EXAMPLES[0]))).toBe(false);
  });

  test('overlays: branch name and short SHA', () => {
    expect(evaluateCel(Cel.branchOfPush(), push(BRANCH_PUSHES[0]))).toBe(EXAMPLE_BRANCH);
    expect(evaluateCel(Cel.branchOfPush(), push(pushToOtherBranch('feature/x')))).toBe('feature/x');
    expect(evaluateCel(Cel.shortSha('body.after'), push(BRANCH_PUSHES[0]))).toBe(BRANCH_PUSHES[0].after.slice(0, 7));
    expect(() => Cel.shortSha('body.after', 0)).toThrow("Cel.shortSha length '0' is not a positive integer");
  });

  test('helpers need at least one operand', () => {
    expect(() => Cel.and()).toThrow("Cel: '&&' needs at least one expression");
    expect(() => Cel.eventType()).toThrow('Cel.eventType needs at least one event type');
    expect(() => Cel.pullRequestAction()).toThrow('Cel.pullRequestAction needs at least one action');
  });

  test('property: a quoted string evaluates to itself, so a branch name cannot change the filter', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 30 }), text => {
      expect(evaluateCel(Cel.quote(text), push({}))).toBe(text);
    }));
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ maxLength: 20 }), (branch, other) => {
      const filter = Cel.pushToBranch(branch);
      expect(checkCelExpression(filter)).toBeUndefined();
      expect(celFilterAccepts(filter, push({ ref: `refs/heads/${branch}`, deleted: false }))).toBe(true);
      expect(celFilterAccepts(filter, push({ ref: `refs/heads/${other}`, deleted: false }))).toBe(other === branch);
    }));
  });
});

describe('checkCelExpression', () => {
  test('accepts what Triggers accepts: macros, has(), strings and Triggers extensions, base64', () => {
    for (const e of [
      "body.commits.exists(c, c.message.contains('[skip ci]'))",
      'has(body.head_commit) && size(body.commits) > 0',
      "body.ref.split('/')[2] == 'main'",
      "header.canonical('X-GitHub-Event') == 'push'",
      "header['X-Github-Event'][0] == 'push'",
      "body.commits.map(c, c.id).filter(i, i.startsWith('a')).size() >= 0",
      "base64.encode(b'x') != '' && requestURL.parseURL().path == '/' && extensions.x == 1",
      "{'a': body.a}['a'] == [1, 2][0]",
    ]) {
      expect({ e, problem: checkCelExpression(e) }).toEqual({ e, problem: undefined });
    }
  });

  test('a syntax error is reported with the parser\'s message', () => {
    expect(checkCelExpression("body.ref = 'refs/heads/main'")).toEqual({
      whatIsWrong: 'does not compile: <input>:1:10: found = but expecting end of input',
      howToFix: 'Fix the CEL syntax',
    });
  });

  test.each([
    ["params.revision == 'x'", "reads 'params', which the CEL interceptor does not provide", 'Read only body, header, extensions, requestURL'],
    ['body.commits.exists(c, d.id == 1)', "reads 'd', which the CEL interceptor does not provide", 'Read only body, header, extensions, requestURL'],
    ['body.a.sha256()', "calls 'sha256()', which is not a function of Triggers' CEL environment", "Use CEL's standard functions, the strings extension or Triggers' extensions (match, canonical, truncate, parseJSON, parseURL, ...)"],
    ["base64.hash('x')", "calls 'base64.hash()', which is not a function of Triggers' CEL environment", "Use CEL's standard functions, the strings extension or Triggers' extensions (match, canonical, truncate, parseJSON, parseURL, ...)"],
    ["header['X-GitHub-Event'][0] == 'push'", "looks up header 'X-GitHub-Event', but header names are canonical ('X-Github-Event'), so it is never found", "Use header.match('X-GitHub-Event', '<value>') or header.canonical('X-GitHub-Event')"],
  ])('%p is rejected', (e, whatIsWrong, howToFix) => {
    expect(checkCelExpression(e)).toEqual({ whatIsWrong, howToFix });
  });

  test('expressions that differ only in their literals share one parse, and each is checked with its own literals', () => {
    for (const [key, ok] of [['X-Github-Event', true], ['X-GitHub-Event', false], ['X-Hub-Signature-256', true], ['x-hub-signature-256', false]] as const) {
      expect({ key, ok: checkCelExpression(`header['${key}'][0] == "push" && body.ref == 'refs/heads/${key}'`) === undefined }).toEqual({ key, ok });
    }
    // the same shape with a syntax error after the literals: the real expression's message, with its columns
    expect(checkCelExpression("header['X-Github-Event'][0] == \"push\" && body.ref == 'refs/heads/main' &&")?.whatIsWrong)
      .toMatch(/^does not compile: <input>:1:7[0-9]: /);
    // escapes, comments and raw strings are parsed as they are
    expect(checkCelExpression("header['X-GitHub-Event'][0] == 'a\\'b'")?.whatIsWrong).toContain("looks up header 'X-GitHub-Event'");
    expect(checkCelExpression("body.a == 'x' // it's\n && b.y")?.whatIsWrong).toBe("reads 'b', which the CEL interceptor does not provide");
    expect(checkCelExpression("header[r'X-GitHub-Event'][0] == 'push'")?.whatIsWrong).toContain("looks up header 'X-GitHub-Event'");
  });

  test('the canonical lookup really is the only one that finds the header', () => {
    const req = { body: {}, header: { 'X-GitHub-Event': 'push' } };
    expect(celFilterAccepts("header['X-Github-Event'][0] == 'push'", req)).toBe(true);
    expect(celFilterAccepts("header['X-GitHub-Event'][0] == 'push'", req)).toBe(false);
    expect(canonicalHeaderKey('x-hub-signature-256')).toBe('X-Hub-Signature-256');
  });
});
