import * as fc from 'fast-check';
import {
  checkExpressions, checkTree, declaredNamesScope, ExpressionScope, findExpressions, parseExpression, variablesIn,
} from '../../lib/tekton/expressions';

const ttScope = declaredNamesScope("TriggerTemplate 'build'", ['tt', 'params'], ['revision', 'repo-url'], 'Declare it with addParam');

describe('findExpressions', () => {
  test('finds each $(...) with nested parentheses and skips shell arithmetic', () => {
    const found = findExpressions('a $(params.x) b $(echo $(date)) c $((1 + 2)) d $(tasks.t.results.r[*])');
    expect(found.map(m => m.text)).toEqual(['$(params.x)', '$(echo $(date))', '$(tasks.t.results.r[*])']);
    expect(found[0].index).toBe(2);
  });

  test('an unclosed $( ends the search', () => {
    expect(findExpressions('x $(params.a) $(oops')).toHaveLength(1);
  });
});

describe('parseExpression', () => {
  test.each([
    ['params.url', { path: ['params', 'url'] }],
    ['params.flags[*]', { path: ['params', 'flags'], selector: '*' }],
    ['params.flags[2]', { path: ['params', 'flags'], selector: 2 }],
    ['context.task.retry-count', { path: ['context', 'task', 'retry-count'] }],
  ])('%s is a variable', (body, expected) => {
    const parsed = parseExpression({ text: `$(${body})`, body, index: 0 });
    expect(parsed).toEqual({ kind: 'variable', variable: { text: `$(${body})`, ...expected } });
  });

  test.each(['date +%s', 'git rev-parse HEAD', './run.sh', 'cat "$f"'])('%s is shell text', body => {
    expect(parseExpression({ text: `$(${body})`, body, index: 0 })).toEqual({ kind: 'shell' });
  });

  test('bracket notation is recognised', () => {
    expect(parseExpression({ text: "$(params['a'])", body: "params['a']", index: 0 })).toEqual({ kind: 'bracket' });
  });
});

describe('checkExpressions', () => {
  test('a declared tt param passes, an undeclared one is reported with the declared names', () => {
    expect(checkExpressions('$(tt.params.revision)', { field: 'spec.x' }, ttScope)).toEqual([]);
    expect(checkExpressions('rev=$(tt.params.revison)', { field: 'spec.resourcetemplates[0].spec.params[0].value' }, ttScope)).toEqual([
      "spec.resourcetemplates[0].spec.params[0].value '$(tt.params.revison)' names 'revison', which TriggerTemplate 'build' does not declare. Declare it with addParam; declared: revision, repo-url",
    ]);
  });

  test('an upper-case word is reported with the shell hint; lower-case words are shell commands', () => {
    expect(checkExpressions('echo $(date) $(GIT_COMMIT)', { field: 'spec.steps[pin].script' }, ttScope)).toEqual([
      "spec.steps[pin].script '$(GIT_COMMIT)' is not a variable of TriggerTemplate 'build': Tekton leaves it alone and the shell runs 'GIT_COMMIT' as a command. Did you mean the shell's ${GIT_COMMIT}? To pass a value in, declare a param and use $(params.git-commit)",
    ]);
  });

  test('a Tekton root the scope does not substitute is named as such', () => {
    expect(checkExpressions('$(params.revision)', { field: 'f' }, ttScope)).toEqual([
      "f '$(params.revision)' is not substituted in TriggerTemplate 'build'. Use what this context provides: $(tt.params.…)",
    ]);
  });

  test('an unknown dotted variable is reported', () => {
    expect(checkExpressions('$(foo.bar)', { field: 'f' }, ttScope)).toEqual([
      "f '$(foo.bar)' is not a Tekton variable of TriggerTemplate 'build'. Use $(tt.params.…); for shell command substitution put a space or an argument in it",
    ]);
  });

  test('bracket notation is rejected with the dotted form as fix', () => {
    expect(checkExpressions("$(params['x'])", { field: 'f' }, ttScope)).toEqual([
      "f '$(params['x'])' uses bracket notation. Write the name with dots, e.g. $(params.name): names here never contain dots, and tekton-lint reads only the dotted form",
    ]);
  });

  test('a malformed tt variable is reported', () => {
    expect(checkExpressions('$(tt.params.revision.x)', { field: 'f' }, ttScope)).toEqual([
      "f '$(tt.params.revision.x)' is not of the form $(tt.params.<name>). Use $(tt.params.<name>)",
    ]);
  });

  test('the scope learns whether the variable is the whole string and where it is', () => {
    const seen: Array<[boolean, boolean | undefined]> = [];
    const scope: ExpressionScope = { owner: 'x', roots: ['params'], check: (_v, at, isolated) => { seen.push([isolated, at.arrayItem]); return undefined; } };
    checkTree({ args: ['$(params.a[*])', 'x $(params.b)'], script: '$(params.c)' }, 'spec', scope);
    expect(seen).toEqual([[true, true], [false, true], [true, false]]);
  });
});

describe('checkTree', () => {
  test('walks objects and arrays with field paths', () => {
    const found = checkTree({ spec: { params: [{ name: 'a', value: '$(tt.params.nope)' }] } }, 'resourcetemplates[0]', ttScope);
    expect(found).toEqual([expect.stringMatching(/^resourcetemplates\[0\]\.spec\.params\[0\]\.value '\$\(tt\.params\.nope\)' names 'nope'/)]);
  });
});

describe('properties', () => {
  test('text without $( has no expressions; every declared tt param reference resolves', () => {
    fc.assert(fc.property(fc.string().filter(s => !s.includes('$(')), s => {
      expect(findExpressions(s)).toEqual([]);
      expect(checkExpressions(s, { field: 'f' }, ttScope)).toEqual([]);
    }));
    fc.assert(fc.property(fc.constantFrom('revision', 'repo-url'), fc.string().filter(s => !s.includes('$(')), (name, pad) => {
      const value = `${pad}$(tt.params.${name})${pad}`;
      expect(variablesIn(value).map(v => v.path)).toEqual([['tt', 'params', name]]);
      expect(checkExpressions(value, { field: 'f' }, ttScope)).toEqual([]);
    }));
  });
});

describe('a string read again (each distinct string is scanned once)', () => {
  test('is checked against each scope anew: what one scope found is not carried to another', () => {
    const text = 'git fetch $(tt.params.revision) $(tt.params.branch)';
    const other = declaredNamesScope("TriggerTemplate 'other'", ['tt', 'params'], ['revision', 'branch'], 'Declare it with addParam');
    for (let i = 0; i < 3; i++) {
      expect(checkExpressions(text, { field: 'spec.x' }, ttScope)).toEqual([expect.stringContaining("names 'branch'")]);
      expect(checkExpressions(text, { field: 'spec.x' }, other)).toEqual([]);
    }
  });

  test('gives variables no caller can change for the next one', () => {
    const [v] = variablesIn('echo $(params.url)');
    expect(() => { (v.path as string[]).push('x'); }).toThrow(TypeError);
    expect(() => { (v as { text: string }).text = '$(params.other)'; }).toThrow(TypeError);
    expect(variablesIn('echo $(params.url)')).toEqual([{ text: '$(params.url)', path: ['params', 'url'] }]);
  });
});
